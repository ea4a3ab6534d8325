package io.cligs.loader.importing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Placeholder lists of multi-row statements and the small look-ups every table needs. Stateless. */
final class Sql {

    private Sql() {
    }

    /** {@code ?,?,...} n times. */
    static String marks(int n) {
        StringBuilder b = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ",?");
        }
        return b.toString();
    }

    /** {@code (?,..),(?,..)}: {@code rows} tuples of {@code cols} placeholders. */
    static String tuples(int rows, int cols) {
        String one = "(" + marks(cols) + ")";
        StringBuilder b = new StringBuilder(rows * (one.length() + 1));
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(one);
        }
        return b.toString();
    }

    /** Whether {@code table} has no row. */
    static boolean isEmpty(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return !rs.next();
        }
    }

    /** Which of {@code ids} {@code table} holds (one IN query). */
    static Set<Long> existing(Connection db, String table, Collection<Long> ids) throws SQLException {
        Set<Long> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM " + table + " WHERE id IN (" + marks(ids.size()) + ")")) {
            int i = 1;
            for (Long id : ids) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        return found;
    }
}
