package io.cligs.loader.importing;

import io.cligs.loader.Progress;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyTime;
import io.cligs.loader.dump.Manifest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the table imports of one run share: the connection (one transaction per batch), the dump's
 * zone, the rejects file, progress, the ids imported so far (for orphan checks), and the writer thread.
 */
final class ImportContext {

    final Connection db;
    final Manifest manifest;
    final Rejects rejects;
    final Progress progress;
    final int batchSize;
    final long abortAfterBatches;
    final IdSet accountIds = new IdSet();
    final IdSet cligIds = new IdSet();
    final IdSet rejectedCligIds = new IdSet();
    long batches;
    /** The server is MariaDB 10.11+: InnoDB bulk-inserts into an empty table (see {@link TableImport#bulk}). */
    final boolean bulkInsert;
    /** The one thread that writes and commits batches (JDBC connections are not for concurrent use). */
    final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "import-writer");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.Semaphore writerSlots = new java.util.concurrent.Semaphore(2);
    private volatile boolean failed;

    /** CLIG_LOADER_TIMING is set: print per table the seconds spent writing and committing. */
    final boolean timing;
    /** Notes for the operator (stderr). */
    final java.io.PrintWriter err;

    ImportContext(Connection db, Manifest manifest, Rejects rejects, Progress progress, int batchSize, long abortAfterBatches,
            java.util.Map<String, String> env, java.io.PrintWriter err) {
        this.db = db;
        this.manifest = manifest;
        this.rejects = rejects;
        this.progress = progress;
        this.batchSize = batchSize;
        this.abortAfterBatches = abortAfterBatches;
        this.bulkInsert = !io.cligs.core.config.EnvVar.CLIG_LOADER_NO_BULK.isSetIn(env) && bulkInsertCapable(db);
        this.timing = io.cligs.core.config.EnvVar.CLIG_LOADER_TIMING.isSetIn(env);
        this.err = err;
    }

    /**
     * MariaDB 10.11 or later, where an INSERT into an empty InnoDB table with unique_checks=0 and
     * foreign_key_checks=0 is a bulk insert that still reports duplicate keys (and rolls back). Not
     * MySQL, where unique_checks=0 may let a duplicate into a unique index. CLIG_LOADER_NO_BULK turns it off.
     */
    private static boolean bulkInsertCapable(Connection db) {
        try (var s = db.createStatement(); var rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            String v = rs.getString(1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(v);
            if (!v.contains("MariaDB") || !m.find()) {
                return false;
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            return major > 10 || (major == 10 && minor >= 11);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Session unique_checks and foreign_key_checks together (off only for a bulk table). */
    void uniqueAndForeignChecks(boolean on) throws SQLException {
        try (var s = db.createStatement()) {
            s.execute(on ? "SET unique_checks = 1, foreign_key_checks = 1" : "SET unique_checks = 0, foreign_key_checks = 0");
        }
    }

    void clearFailure() {
        failed = false;
    }

    /** Waits until fewer than two batches are in flight. */
    void awaitWriterSlot() {
        writerSlots.acquireUninterruptibly();
    }

    void releaseWriterSlot() {
        writerSlots.release();
    }

    /** A batch failed: the batches after it are not written. */
    void fail() {
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    /** Stops the writer thread (every batch has been waited for). */
    void close() {
        writer.shutdownNow();
    }

    /** After each committed batch; stops the run here when a test asked for an interruption. */
    void committed() {
        rejects.flush();
        batches++;
        if (abortAfterBatches > 0 && batches >= abortAfterBatches) {
            throw new InterruptedImportException(batches);
        }
    }

    /** A legacy DATETIME as UTC text for a DATETIME column; null for NULL and the zero date. */
    String utc(String legacy, String what) throws BadRowException {
        if (legacy == null) {
            return null;
        }
        try {
            return LegacyTime.utcText(LegacyTime.toInstant(legacy, manifest.zone()));
        } catch (IllegalArgumentException e) {
            throw new BadRowException("bad_date", what + ": " + e.getMessage());
        }
    }

    /** The MANIFEST's export time in UTC text (an upper bound for times the dump left unknown). */
    String exportedAtUtc() {
        return LegacyTime.utcText(manifest.exportedAt());
    }

    /** Parses a legacy INT UNSIGNED id (1..2^32-1). */
    static long id(String text, String reason, String what) throws BadRowException {
        if (text == null || text.isEmpty() || text.length() > 10) {
            throw new BadRowException(reason, what + " '" + abbreviate(text) + "' is not an id");
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadRowException(reason, what + " '" + abbreviate(text) + "' is not an id");
            }
            v = v * 10 + (c - '0');
        }
        if (v < 1 || v > 0xFFFF_FFFFL) {
            throw new BadRowException(reason, what + " " + v + " is out of the legacy id range");
        }
        return v;
    }

    /** Which of {@code ids} a table holds (one IN query per call). */
    Set<Long> existing(String table, List<Long> ids) throws SQLException {
        Set<Long> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = db.prepareStatement("SELECT id FROM " + table + " WHERE id IN (" + Sql.marks(ids.size()) + ")")) {
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

    static String abbreviate(String s) {
        if (s == null) {
            return "NULL";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
