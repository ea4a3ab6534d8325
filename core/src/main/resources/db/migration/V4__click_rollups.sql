-- cligs schema, version 4: click rollups written by the aggregator (issue 10, ADR 0014).
-- Everything here is written only by the aggregator, in one transaction per stream batch, and read by
-- the stats API. bot = 1: the agent was classified as a bot (crawler or link-preview fetcher); stats
-- leave those rows out unless asked.

-- Clicks and unique visitors per link and UTC day. uniques is kept exact: it grows by one when a
-- (link, day, bot, visitor_hash) row of click_visitors is new, in the same transaction.
CREATE TABLE click_days (
  link_id  BIGINT UNSIGNED NOT NULL,
  day      DATE            NOT NULL COMMENT 'UTC',
  bot      TINYINT(1)      NOT NULL,
  clicks   BIGINT UNSIGNED NOT NULL,
  uniques  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (link_id, day, bot)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The visitors seen per link and day: the exact set behind click_days.uniques (a visitor hash changes
-- every UTC day, so a day is the widest span a unique means anything over).
CREATE TABLE click_visitors (
  link_id      BIGINT UNSIGNED NOT NULL,
  day          DATE            NOT NULL,
  bot          TINYINT(1)      NOT NULL,
  visitor_hash BINARY(32)      NOT NULL,
  PRIMARY KEY (link_id, day, bot, visitor_hash)
) ENGINE=InnoDB;

-- Breakdowns per link and day: one table, the dimension a column, so every breakdown is one query shape.
CREATE TABLE click_breakdowns (
  link_id    BIGINT UNSIGNED NOT NULL,
  day        DATE            NOT NULL,
  bot        TINYINT(1)      NOT NULL,
  dimension  ENUM('country','referrer','browser','os','device') NOT NULL,
  value      VARCHAR(253)    CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  clicks     BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (link_id, day, bot, dimension, value)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Requests for unknown slugs per slug and UTC day.
CREATE TABLE orphan_days (
  slug  VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  day   DATE            NOT NULL,
  hits  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (day, slug)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The ids of the events applied (the edge delivers at least once, ADR 0013): an event whose id is here
-- is skipped. Rows older than the retention (ADR 0014) are pruned by the aggregator.
CREATE TABLE click_applied_events (
  event_id   VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  applied_at DATETIME     NOT NULL,
  KEY ix_click_applied_at (applied_at)
) ENGINE=InnoDB;

-- The last stream entry applied per stream (the greatest id), written in the batch's transaction.
CREATE TABLE click_stream_progress (
  stream        VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  last_entry_id VARCHAR(41)  CHARACTER SET ascii NOT NULL,
  last_ms       BIGINT UNSIGNED NOT NULL,
  last_seq      BIGINT UNSIGNED NOT NULL,
  applied       BIGINT UNSIGNED NOT NULL,
  updated_at    DATETIME(3)  NOT NULL
) ENGINE=InnoDB;
