package io.cligs.loader.importing;

import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.DumpException;
import io.cligs.loader.dump.OutfileReader;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.ToLongFunction;
import java.util.function.Function;
import java.util.Map;
import java.util.HashMap;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The read loop shared by the table imports: each line is read, checked ({@link #accept}) and
 * collected on the calling thread; a full batch is handed to the import's writer thread, which
 * writes it ({@link #flush}) and commits, while the next batch is read (at most two batches in
 * flight, so memory stays flat). A bad line becomes a reject named {@code <prefix>_<reason>}.
 * {@link #run} returns only when every batch of the table is committed (the next table's checks
 * depend on it).
 *
 * <p>{@link #accept} runs on the reading thread, {@link #flush} on the writer thread; what both
 * touch (stats' rejects and notes, the rejects file, the id sets) is synchronized.
 */
abstract class TableImport<R> {

    /** Batches also end at about this many bytes of row data (long URLs), well under max_allowed_packet. */
    static final int MAX_BATCH_BYTES = 4 << 20;

    final ImportContext ctx;
    final TableStats stats;
    final String file;
    private final String prefix;
    private final int fields;
    List<R> batch = new ArrayList<>();
    private final List<Future<?>> inFlight = new ArrayList<>();
    long pendingBytes;
    /** True while the table was empty when this import began: batches are tried as plain INSERTs first. */
    volatile boolean optimistic;
    /**
     * The bulk path: the table was empty at start and the server is MariaDB with InnoDB's bulk insert
     * (10.11+). The whole table is one transaction with {@code unique_checks=0, foreign_key_checks=0}:
     * InnoDB then sorts the rows and builds every index at once, and still reports a duplicate key,
     * on which it rolls the whole transaction back ({@link BulkConflict}); the table is then imported
     * again on the per-batch path, which finds and rejects the duplicate.
     */
    volatile boolean bulk;
    private long progressDone;
    long flushNanos;
    long commitNanos;

    TableImport(ImportContext ctx, String table, String prefix, int fields) {
        this.ctx = ctx;
        this.stats = new TableStats(table);
        this.file = table + ".tsv.gz";
        this.prefix = prefix;
        this.fields = fields;
    }

    final TableStats run(Path dir) throws DumpException, SQLException {
        optimistic = isEmpty();
        bulk = optimistic && supportsBulk() && ctx.bulkInsert;
        if (bulk) {
            long mark = ctx.rejects.mark();
            ctx.uniqueAndForeignChecks(false);
            try {
                read(dir);
                long t0 = System.nanoTime();
                try {
                    // InnoDB reports a duplicate key of a bulk insert at the next statement or here,
                    // not always as error 1062 (e.g. 1180 "Got error 1 during COMMIT")
                    ctx.db.commit();
                } catch (SQLException e) {
                    throw new BulkConflict(e.getMessage());
                }
                commitNanos += System.nanoTime() - t0;
                ctx.rejects.flush();
                timing();
                return stats;
            } catch (BulkConflict e) {
                // InnoDB rolled the whole table back: import it again, batch by batch, carefully (an error
                // that was not a duplicate key then happens again there, and is reported)
                try {
                    ctx.db.rollback();
                } catch (SQLException gone) {
                    // the connection is gone: the careful path reports it
                }
                ctx.clearFailure();
                stats.reset();
                ctx.rejects.reset(mark);
                forgetIds();
                bulk = false;
                optimistic = false;
                ctx.err.println("import " + stats.table() + ": the bulk path ended (" + e.getMessage()
                        + "); importing the table again batch by batch");
                ctx.err.flush();
            } catch (SQLException | RuntimeException e) {
                // nothing of this table was committed
                stats.inserted = 0;
                stats.updated = 0;
                stats.unchanged = 0;
                throw e;
            } finally {
                ctx.uniqueAndForeignChecks(true);
            }
        }
        read(dir);
        timing();
        return stats;
    }

    private void timing() {
        if (ctx.timing) {
            ctx.err.printf("timing %s%s: flush %.1f s, commit %.1f s%n", stats.table(), bulk ? " (bulk)" : "",
                    flushNanos / 1e9, commitNanos / 1e9);
            ctx.err.flush();
        }
    }

    private void read(Path dir) throws DumpException, SQLException {
        long row = 0;
        try (OutfileReader r = OutfileReader.open(dir.resolve(file))) {
            while (r.next()) {
                stats.read++;
                String[] f = null;
                try {
                    f = r.fields(fields);
                    accept(f, r.lineNumber());
                } catch (BadRowException e) {
                    reject(r.lineNumber(), f == null ? r.rawFirstField() : f[0], e.reason(), e.getMessage());
                    rejected(f);
                }
                if (batch.size() >= ctx.batchSize || pendingBytes >= MAX_BATCH_BYTES) {
                    submit();
                }
                if (++row > progressDone) { // a second pass after a bulk conflict does not count twice
                    progressDone = row;
                    ctx.progress.step(1);
                }
            }
            submit();
        } finally {
            drain();
        }
    }

    /** Hands the batch to the writer (waiting while two are in flight). */
    private void submit() throws SQLException {
        List<R> rows = batch;
        batch = new ArrayList<>();
        pendingBytes = 0;
        ctx.awaitWriterSlot();
        if (ctx.failed()) {
            ctx.releaseWriterSlot();
            drain(); // rethrows the failure: stop reading
        }
        inFlight.add(ctx.writer.submit(() -> {
            try {
                if (!ctx.failed()) {
                    flushAndCommit(rows);
                }
            } catch (SQLException | RuntimeException e) {
                ctx.fail();
                throw e;
            } finally {
                ctx.releaseWriterSlot();
            }
            return null;
        }));
    }

    /** Waits for every batch of this table; rethrows the first failure of the writer. */
    private void drain() throws SQLException {
        Throwable first = null;
        for (Future<?> f : inFlight) {
            try {
                f.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = first == null ? e : first;
            }
        }
        inFlight.clear();
        if (first instanceof SQLException e) {
            throw e;
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException("the import's writer failed: " + first, first);
        }
    }

    private void flushAndCommit(List<R> rows) throws SQLException {
        long inserted = stats.inserted;
        long updated = stats.updated;
        long unchanged = stats.unchanged;
        try {
            long t0 = System.nanoTime();
            if (!rows.isEmpty()) {
                flush(rows);
            }
            long t1 = System.nanoTime();
            if (!bulk) {
                ctx.db.commit();
            }
            flushNanos += t1 - t0;
            commitNanos += System.nanoTime() - t1;
        } catch (SQLException | RuntimeException e) {
            // the batch is rolled back: the summary must count only what was committed
            stats.inserted = inserted;
            stats.updated = updated;
            stats.unchanged = unchanged;
            throw e;
        }
        ctx.committed();
    }

    /**
     * The stored rows of {@code table} that share an id or a unique key ({@code keyColumn}) with a
     * row of the batch, as id → key: the careful path's view of what is already there.
     */
    final Map<Long, String> stored(String table, String keyColumn, List<R> batch, ToLongFunction<R> id,
                                   Function<R, String> key) throws SQLException {
        String sql = "SELECT id, " + keyColumn + " FROM " + table + " WHERE id IN (" + Sql.marks(batch.size()) + ") OR "
                + keyColumn + " IN (" + Sql.marks(batch.size()) + ")";
        Map<Long, String> byId = new HashMap<>();
        try (PreparedStatement ps = ctx.db.prepareStatement(sql)) {
            int i = 1;
            for (R r : batch) {
                ps.setLong(i++, id.applyAsLong(r));
            }
            for (R r : batch) {
                ps.setString(i++, key.apply(r));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return byId;
    }

    /** The inverse of {@link #stored}: key → id. */
    static Map<String, Long> byKey(Map<Long, String> byId) {
        Map<String, Long> byKey = new HashMap<>();
        byId.forEach((id, key) -> byKey.put(key, id));
        return byKey;
    }

    /** Binds a batch's rows to the parameters of a multi-row statement. */
    interface RowsBinder<R> {
        void bind(PreparedStatement ps, List<R> rows) throws SQLException;
    }

    /**
     * Runs a multi-row {@code INSERT ... ON DUPLICATE KEY UPDATE} of {@code rows}, of which
     * {@code inserts} are new, and counts the outcome from the affected rows (with
     * {@code useAffectedRows=true}: 1 per inserted row, 2 per changed row, 0 per unchanged row).
     */
    final void upsert(String sql, List<R> rows, long inserts, RowsBinder<R> binder) throws SQLException {
        long affected;
        try (PreparedStatement ps = ctx.db.prepareStatement(sql)) {
            binder.bind(ps, rows);
            affected = ps.executeLargeUpdate();
        }
        long updates = (affected - inserts) / 2;
        stats.inserted += inserts;
        stats.updated += updates;
        stats.unchanged += rows.size() - inserts - updates;
    }

    final void reject(long line, String id, String reason, String detail) {
        String name = prefix + "_" + reason;
        stats.reject(name);
        ctx.rejects.write(stats.table(), line, id, name, detail);
    }

    /** The target table is empty (a first import): no row of this dump can be there yet. */
    boolean isEmpty() throws SQLException {
        return false;
    }

    /** Whether the target table has no row. */
    final boolean tableIsEmpty(String table) throws SQLException {
        try (var s = ctx.db.createStatement(); var rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return !rs.next();
        }
    }

    /**
     * Runs a plain multi-row INSERT of a batch on a table that was empty when the import began.
     * False when a key is already there (a duplicate in the dump, or rows of an interrupted run):
     * the failed statement changed nothing, and the caller takes the careful path (look up, upsert).
     */
    final boolean tryPlainInsert(String head, int rows, int cols, Binder binder) throws SQLException {
        try (java.sql.PreparedStatement ps = ctx.db.prepareStatement(head + Sql.tuples(rows, cols))) {
            binder.bind(ps);
            ps.executeLargeUpdate();
            return true;
        } catch (java.sql.SQLIntegrityConstraintViolationException e) {
            if (bulk) {
                throw new BulkConflict(e.getMessage());
            }
            optimistic = false;
            return false;
        } catch (SQLException e) {
            if (bulk) { // a duplicate key of an earlier statement of the bulk insert can surface as another error
                throw new BulkConflict(e.getMessage());
            }
            throw e;
        }
    }

    /** The writer thread's TSV buffer for LOAD DATA on the bulk path (reused batch after batch). */
    final Tsv tsv = new Tsv();

    /**
     * Writes the rows encoded in {@link #tsv} with {@code LOAD DATA LOCAL INFILE} (bulk path only: the
     * table was empty at start, so every row must be inserted as sent). Any error, any warning (a
     * truncated or converted value, a duplicate key that LOCAL turns into a warning) and any row
     * count other than the rows sent end the bulk path ({@link BulkConflict}): the table is then
     * rolled back and imported again on the careful path, which rejects or reports the cause.
     *
     * @param columns the column list, e.g. {@code (id, slug, @h)}
     * @param set a {@code SET ...} clause, or empty
     */
    final void loadData(String table, String columns, String set) {
        int rows = tsv.rows();
        if (rows == 0) {
            return;
        }
        try (java.sql.Statement s = ctx.db.createStatement()) {
            s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(tsv.stream());
            long affected = s.executeLargeUpdate("LOAD DATA LOCAL INFILE 'stream' INTO TABLE " + table
                    + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
                    + columns + (set.isEmpty() ? "" : " " + set));
            try (java.sql.ResultSet rs = s.executeQuery("SHOW WARNINGS LIMIT 3")) {
                if (rs.next()) {
                    throw new BulkConflict("LOAD DATA into " + table + " warned: " + rs.getString(1) + " " + rs.getInt(2)
                            + " " + rs.getString(3));
                }
            }
            if (affected != rows) {
                throw new BulkConflict("LOAD DATA into " + table + " wrote " + affected + " rows of " + rows + " sent");
            }
        } catch (SQLException e) {
            // a duplicate key of an earlier statement of the bulk insert can surface as another error
            throw new BulkConflict(e.getMessage());
        } finally {
            tsv.clear();
        }
    }

    /** A duplicate key on the bulk path: the server rolled back the table's transaction. */
    static final class BulkConflict extends RuntimeException {
        BulkConflict(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether this table may take the bulk path (its flush is then only plain INSERTs). */
    boolean supportsBulk() {
        return false;
    }

    /** Forgets the ids this table's import added to the context (a bulk attempt was rolled back). */
    void forgetIds() {
    }

    /** Sets the parameters of a batch statement. */
    interface Binder {
        void bind(java.sql.PreparedStatement ps) throws SQLException;
    }

    /** Called after a row was rejected while being read (fields may be null). */
    void rejected(String[] fields) {
    }

    /** Checks one row and adds it to the batch, or throws with the reject reason. */
    abstract void accept(String[] f, long line) throws BadRowException;

    /** Writes a batch (on the writer thread; the caller commits). */
    abstract void flush(List<R> batch) throws SQLException;
}
