package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdSetTest {

    @Test
    void findsIdsAddedInAnyOrderAcrossTheWholeUnsignedRange() {
        IdSet s = new IdSet();
        long[] ids = {5, 3, 0xFFFF_FFFFL, 1L << 31, 7, 3, 4000};
        for (long id : ids) {
            s.add(id);
        }
        for (long id : ids) {
            assertTrue(s.contains(id), "contains " + id);
        }
        assertFalse(s.contains(4));
        assertFalse(s.contains((1L << 31) + 1));
        s.add(2);
        assertTrue(s.contains(2));
        assertTrue(s.contains(0xFFFF_FFFFL));
    }
}
