-- cligs schema, version 1: accounts, API keys, cligs and their Right Clig rules.
-- Ids of rows imported from the legacy system keep their legacy id; rows created by the
-- new system take ids from 2^32 upwards (AUTO_INCREMENT below), above the legacy
-- INT UNSIGNED range, so the two can never collide (docs/adr/0003-ids-keep-legacy-ids.md).
-- Times are UTC. NULL created_at means "unknown" (a legacy zero date).

CREATE TABLE accounts (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username        VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  email           VARCHAR(255) NULL,
  password_scheme VARCHAR(16)  CHARACTER SET ascii NOT NULL COMMENT 'md5 | sha1 | bcrypt | argon2id ...',
  password_hash   VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status          ENUM('active','disabled') NOT NULL DEFAULT 'active',
  created_at      DATETIME(3)  NULL,
  last_login_at   DATETIME(3)  NULL,
  updated_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_accounts_username (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 AUTO_INCREMENT=4294967296;

CREATE TABLE api_keys (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id   BIGINT UNSIGNED NOT NULL,
  key_sha256   BINARY(32)   NOT NULL COMMENT 'SHA-256 of the key; the key itself is never stored',
  key_prefix   VARCHAR(16)  CHARACTER SET ascii NOT NULL COMMENT 'the first characters, shown to tell keys apart',
  app_name     VARCHAR(64)  NULL,
  created_at   DATETIME(3)  NULL,
  revoked_at   DATETIME(3)  NULL,
  UNIQUE KEY uq_api_keys_hash (key_sha256),
  KEY ix_api_keys_account (account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 AUTO_INCREMENT=4294967296;

CREATE TABLE cligs (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id  BIGINT UNSIGNED NULL COMMENT 'NULL: anonymous',
  slug        VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'case-sensitive',
  target      VARCHAR(8192) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'normalised ASCII Location',
  title       VARCHAR(255) NULL,
  status      ENUM('active','disabled','deleted') NOT NULL DEFAULT 'active',
  created_at  DATETIME(3)  NULL,
  updated_at  DATETIME(3)  NOT NULL,
  version     INT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'bumped on every change; the edge keeps the newest',
  UNIQUE KEY uq_cligs_slug (slug),
  KEY ix_cligs_account (account_id),
  KEY ix_cligs_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 AUTO_INCREMENT=4294967296;

CREATE TABLE rightclig_rules (
  clig_id     BIGINT UNSIGNED NOT NULL,
  country     CHAR(2)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'ISO 3166-1 alpha-2, upper case',
  target      VARCHAR(8192) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  legacy_id   INT UNSIGNED NULL COMMENT 'the legacy rule id; among several for one clig and country the highest wins',
  PRIMARY KEY (clig_id, country),
  CONSTRAINT fk_rules_clig FOREIGN KEY (clig_id) REFERENCES cligs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
