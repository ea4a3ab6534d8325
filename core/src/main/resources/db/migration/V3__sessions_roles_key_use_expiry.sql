-- cligs schema, version 3: what the admin API needs (issue 9).
-- accounts.role: 'admin' may read and change any account's cligs (granted by `loader grant-admin`).
-- sessions: opaque login tokens, stored only as their SHA-256, each with an expiry; a logout or a
--   password change deletes them.
-- api_keys.last_used_at: when the key was last seen, written at most once a minute per key.
-- cligs.expires_at: after it passes the link answers 410 (UTC; NULL: never).

ALTER TABLE accounts ADD COLUMN role ENUM('user','admin') NOT NULL DEFAULT 'user' AFTER status;

ALTER TABLE api_keys ADD COLUMN last_used_at DATETIME(3) NULL AFTER created_at;

ALTER TABLE cligs ADD COLUMN expires_at DATETIME(3) NULL AFTER updated_at;

CREATE TABLE sessions (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id    BIGINT UNSIGNED NOT NULL,
  token_sha256  BINARY(32)  NOT NULL COMMENT 'SHA-256 of the token; the token itself is never stored',
  created_at    DATETIME(3) NOT NULL,
  expires_at    DATETIME(3) NOT NULL,
  UNIQUE KEY uq_sessions_token (token_sha256),
  KEY ix_sessions_account (account_id),
  KEY ix_sessions_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
