-- cligs schema, version 5: the aggregator dedupes per edge boot (ADR 0017, replacing the per-event table
-- of ADR 0014). An event id is <edge id>-<boot time ms, base 36>-<sequence, base 36> (ADR 0013); per
-- stream, edge, boot and block of 4,096 sequences, one bitmap holds which of them were applied. Written
-- only in the aggregator's batch transaction, which locks the rows it reads (in key order) and merges the
-- batch's bits before it commits.
CREATE TABLE click_applied_blocks (
  stream     VARCHAR(255)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  edge_id    VARCHAR(100)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL
             COMMENT 'the edge id; the whole event id when it is not of the edge form',
  boot       BIGINT          NOT NULL COMMENT 'the edge boot time, epoch ms; -1 for an id not of the edge form',
  block      BIGINT UNSIGNED NOT NULL COMMENT 'sequence >> 12',
  bits       VARBINARY(512)  NOT NULL
             COMMENT 'sequence s of the block applied <=> bit (s & 7) of byte ((s & 4095) >> 3); trailing zero bytes left out',
  updated_at DATETIME        NOT NULL,
  PRIMARY KEY (stream, edge_id, boot, block),
  KEY ix_click_applied_blocks_updated (updated_at)
) ENGINE=InnoDB;

-- Replaced by click_applied_blocks. Its ids are not carried over (they have no stream, and nothing ran
-- in production on V4): upgrade with the click streams drained (ADR 0017).
DROP TABLE click_applied_events;
