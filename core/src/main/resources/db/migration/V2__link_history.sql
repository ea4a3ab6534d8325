-- cligs schema, version 2: every change of a link, kept in the same transaction as the change
-- (who, when, what kind, the link before and after), so that any set of links can be rolled back
-- to what they were at a point in time (DESIGN.md: the June 2009 lesson).
-- before_state / after_state hold the link as JSON ({"target","title","status","rules":{CC:target}});
-- NULL before_state: the change created the link.

CREATE TABLE link_history (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  clig_id       BIGINT UNSIGNED NOT NULL,
  at            DATETIME(3)  NOT NULL,
  actor         VARCHAR(128) CHARACTER SET utf8mb4 NOT NULL COMMENT 'account:<id> [key:<prefix>|session] | loader:<command>',
  account_id    BIGINT UNSIGNED NULL COMMENT 'the acting account, when there is one',
  change_kind   VARCHAR(32)  CHARACTER SET ascii NOT NULL COMMENT 'create | update | delete | rollback',
  before_state  MEDIUMTEXT   NULL,
  after_state   MEDIUMTEXT   NOT NULL,
  KEY ix_history_clig (clig_id, at),
  KEY ix_history_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
