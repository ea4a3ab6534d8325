package io.cligs.loader.analytics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The ids of the cligs in MySQL that a legacy click may name (legacy ids, 1..2^32-1, ADR 0003), loaded
 * once: 4 bytes an id, looked up by binary search. Immutable once loaded.
 */
final class LinkIds {

    private final int[] sorted;
    private final int size;

    private LinkIds(int[] sorted, int size) {
        this.sorted = sorted;
        this.size = size;
    }

    /** Every clig id up to 2^32-1, whatever its status (a deleted clig keeps its clicks). */
    static LinkIds load(Connection c) throws SQLException {
        int[] ids = new int[1 << 16];
        int n = 0;
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(10_000);
            try (ResultSet r = s.executeQuery("SELECT id FROM cligs WHERE id <= 4294967295 ORDER BY id")) {
                while (r.next()) {
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n++] = (int) r.getLong(1) ^ Integer.MIN_VALUE; // unsigned order as signed
                }
            }
        }
        int[] out = Arrays.copyOf(ids, n);
        Arrays.sort(out); // already in order from MySQL; cheap insurance
        return new LinkIds(out, n);
    }

    static LinkIds of(long... ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i] ^ Integer.MIN_VALUE;
        }
        Arrays.sort(out);
        return new LinkIds(out, out.length);
    }

    boolean contains(long id) {
        if (id < 1 || id > 0xFFFF_FFFFL) {
            return false;
        }
        return Arrays.binarySearch(sorted, 0, size, (int) id ^ Integer.MIN_VALUE) >= 0;
    }

    int size() {
        return size;
    }
}
