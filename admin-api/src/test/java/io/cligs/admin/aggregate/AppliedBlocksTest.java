package io.cligs.admin.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cligs.core.click.EventIds;
import org.junit.jupiter.api.Test;

/** Where an event id lands in the per-edge-boot dedupe, and the multi-row statements' chunking. */
class AppliedBlocksTest {

    @Test
    void anEdgeIdSplitsIntoEdgeBootBlockAndBit() {
        long boot = 1_764_547_200_123L;
        EventIds ids = new EventIds("edge-eu-1", boot);
        AppliedBlocks.Position first = AppliedBlocks.position(ids.next());
        assertEquals(new AppliedBlocks.BlockKey("edge-eu-1", boot, 0), first.key());
        assertEquals(0, first.bit());
        for (int i = 1; i < 4097; i++) {
            ids.next();
        }
        AppliedBlocks.Position p = AppliedBlocks.position(ids.next()); // sequence 4097
        assertEquals(new AppliedBlocks.BlockKey("edge-eu-1", boot, 1), p.key());
        assertEquals(1, p.bit());
        String big = "e-" + Long.toString(boot, 36) + "-" + Long.toString(123_456_789_012L, 36);
        assertEquals(new AppliedBlocks.Position(new AppliedBlocks.BlockKey("e", boot, 123_456_789_012L >>> 12),
                (int) (123_456_789_012L & 4095)), AppliedBlocks.position(big));
    }

    @Test
    void anIdNotOfTheEdgeFormIsABlockOfItsOwn() {
        for (String id : new String[] {"legacy", "a-b", "-1-2", "edge--2", "edge-1-", "edge-01-2", "edge-1-02", "edge-1-A",
                "edge-1-" + "z".repeat(13), "edge-1-2.5", "edge-x_y-1"}) {
            assertEquals(new AppliedBlocks.Position(new AppliedBlocks.BlockKey(id, -1, 0), 0), AppliedBlocks.position(id), id);
        }
        // two spellings of one number are two events, never one bit
        assertNotEquals(AppliedBlocks.position("edge-1-a"), AppliedBlocks.position("edge-1-A"));
        assertNotEquals(AppliedBlocks.position("edge-1-a"), AppliedBlocks.position("edge-01-a"));
        assertEquals(new AppliedBlocks.Position(new AppliedBlocks.BlockKey("edge", 1, 0), 10), AppliedBlocks.position("edge-1-a"));
    }

    @Test
    void base36IsCanonical() {
        assertEquals(0, AppliedBlocks.base36("0", 0, 1));
        assertEquals(35, AppliedBlocks.base36("z", 0, 1));
        assertEquals(Long.parseLong("zzzzzzzzzzzz", 36), AppliedBlocks.base36("zzzzzzzzzzzz", 0, 12));
        assertEquals(-1, AppliedBlocks.base36("00", 0, 2));
        assertEquals(-1, AppliedBlocks.base36("", 0, 0));
        assertEquals(-1, AppliedBlocks.base36("+1", 0, 2));
    }

    @Test
    void bitmapsAreStoredWithoutTrailingZeros() {
        byte[] bits = new byte[512];
        assertArrayEquals(new byte[0], AppliedBlocks.trim(bits));
        bits[2] = 4;
        assertArrayEquals(new byte[] {0, 0, 4}, AppliedBlocks.trim(bits));
    }

    @Test
    void multiRowStatementsHaveOnePlaceholderGroupPerRow() {
        assertEquals("INSERT INTO t VALUES (?, ?), (?, ?), (?, ?) X", MultiRow.sql("INSERT INTO t VALUES ", "(?, ?)", " X", 3));
        assertEquals(1, MultiRow.SIZES[MultiRow.SIZES.length - 1], "every count of rows can be cut into chunks");
    }
}
