package io.cligs.loader.importing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The import's one writer thread and its connection: each batch handed over is written by its
 * table's {@link BatchWriter} and committed (one transaction per batch), and the outcome comes back
 * as an immutable {@link Outcome}. After a failure, or after the batch count a test asked to stop
 * at, the batches still queued are skipped.
 *
 * <p>Thread confinement: {@link #submit} and {@link #close} are called by the reading thread; the
 * connection, the batch writers and the fields below are touched only on the writer thread (the
 * executor hands each task over with a happens-before edge, and results come back through futures).
 */
final class Committer implements AutoCloseable {

    /**
     * What one batch did: {@code written} is null when the batch was skipped; {@code stopHere} is set
     * on the batch after which a test asked the import to stop.
     */
    record Outcome(Written written, long batches, boolean stopHere, long writeNanos, long commitNanos) {
        static final Outcome SKIPPED = new Outcome(null, 0, false, 0, 0);
    }

    private final Connection db;
    private final long abortAfterBatches;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "import-writer");
        t.setDaemon(true);
        return t;
    });
    private long committed;
    private boolean stopped;

    /** @param db a connection with auto-commit off, handed to the writer thread for good */
    Committer(Connection db, long abortAfterBatches) {
        this.db = db;
        this.abortAfterBatches = abortAfterBatches;
    }

    <R extends DumpRow> Future<Outcome> submit(BatchWriter<R> writer, List<R> rows) {
        List<R> batch = List.copyOf(rows);
        return thread.submit(() -> write(writer, batch));
    }

    private <R extends DumpRow> Outcome write(BatchWriter<R> writer, List<R> rows) throws SQLException {
        if (stopped) {
            return Outcome.SKIPPED;
        }
        try {
            long t0 = System.nanoTime();
            Written w = rows.isEmpty() ? Written.NOTHING : writer.write(rows, db);
            long t1 = System.nanoTime();
            db.commit();
            long t2 = System.nanoTime();
            committed++;
            stopped = abortAfterBatches > 0 && committed >= abortAfterBatches;
            return new Outcome(w, committed, stopped, t1 - t0, t2 - t1);
        } catch (SQLException | RuntimeException e) {
            stopped = true;
            try {
                db.rollback();
            } catch (SQLException gone) {
                // the connection is gone: the server rolls the open transaction back itself
            }
            throw e;
        }
    }

    /** Stops the writer thread (every batch has been waited for). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
