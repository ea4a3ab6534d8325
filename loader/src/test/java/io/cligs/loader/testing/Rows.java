package io.cligs.loader.testing;

import io.cligs.core.testing.TestDatabase;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what an import left behind: table fingerprints, counts, reject counts from a summary. */
public final class Rows {

    private Rows() {
    }

    /** A digest of every row of the imported tables (accounts.updated_at left out: it is the server's clock). */
    public static Map<String, String> fingerprint(TestDatabase db) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("accounts", "SELECT id, username, email, password_scheme, password_hash, status, created_at, last_login_at FROM accounts ORDER BY id");
        queries.put("cligs", "SELECT * FROM cligs ORDER BY id");
        queries.put("rightclig_rules", "SELECT * FROM rightclig_rules ORDER BY clig_id, country");
        queries.put("api_keys", "SELECT * FROM api_keys ORDER BY id");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                long n = 0;
                try (ResultSet rs = s.executeQuery(q.getValue())) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        n++;
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            md.update(v == null ? new byte[] {0}
                                    : v instanceof byte[] b ? b : v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            md.update((byte) 1);
                        }
                    }
                }
                out.put(q.getKey(), n + ":" + HexFormat.of().formatHex(md.digest()));
            }
        }
        return out;
    }

    public static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static String string(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Empties the imported tables (tests that share one database). */
    public static void clear(TestDatabase db) throws SQLException {
        db.execute("DELETE FROM rightclig_rules", "DELETE FROM cligs", "DELETE FROM api_keys", "DELETE FROM accounts");
    }

    private static final Pattern REASON = Pattern.compile("^    ([a-z0-9_]+) +(\\d+)$", Pattern.MULTILINE);

    /** The "rejected by reason" counts of an import summary. */
    public static Map<String, Long> rejectsInSummary(String out) {
        Map<String, Long> m = new TreeMap<>();
        Matcher matcher = REASON.matcher(out);
        while (matcher.find()) {
            m.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return m;
    }

    /** The summary line of a table: read, imported, inserted, updated, unchanged, superseded, rejected. */
    public static List<Long> summaryLine(String out, String table) {
        Matcher m = Pattern.compile("^  " + table + " +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+)$", Pattern.MULTILINE).matcher(out);
        if (!m.find()) {
            throw new AssertionError("no summary line for " + table + " in:\n" + out);
        }
        return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), Long.parseLong(m.group(7)));
    }
}
