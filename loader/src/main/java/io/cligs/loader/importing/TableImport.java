package io.cligs.loader.importing;

import io.cligs.loader.Progress;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.DumpException;
import io.cligs.loader.dump.Manifest;
import io.cligs.loader.dump.OutfileReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The one procedure that imports any table a {@link TableSpec} describes. On the calling (reading)
 * thread each line is read, parsed and collected; a full batch (the batch size, or about
 * {@link #MAX_BATCH_BYTES}) is handed to the {@link Committer} as an immutable list, and the next
 * batch is read while it is written (at most {@link #IN_FLIGHT} batches in flight, so memory stays
 * flat). Each batch's {@link Written} outcome comes back through its future, in order, and only then
 * is it counted and are its rejects written: the summary counts what was committed. A bad line
 * becomes a reject named {@code <prefix>_<reason>}. {@link #run} returns once every batch of the
 * table is committed (the next table's checks depend on it).
 *
 * <p>Not thread-safe: an instance, its {@link TableStats} and the rejects file are the reading
 * thread's; nothing here is touched by the writer thread.
 */
final class TableImport<R extends DumpRow> {

    /** Batches also end at about this many bytes of row data (long URLs), well under max_allowed_packet. */
    static final int MAX_BATCH_BYTES = 4 << 20;
    static final int IN_FLIGHT = 2;

    /** What every table of one run shares; all of it is the reading thread's, except inside the committer. */
    record Run(Path dir, Manifest manifest, Committer committer, Rejects rejects, Progress progress, int batchSize,
               PrintWriter timing) {
    }

    private final TableSpec<R> spec;
    private final Run run;
    private final TableStats stats;
    private final BatchWriter<R> writer;
    private final Deque<Future<Committer.Outcome>> inFlight = new ArrayDeque<>();
    private long writeNanos;
    private long commitNanos;
    private long interruptedAfter;

    TableImport(TableSpec<R> spec, Run run) {
        this.spec = spec;
        this.run = run;
        this.stats = new TableStats(spec.name());
        this.writer = spec.writer().get();
    }

    TableStats stats() {
        return stats;
    }

    /** Imports the table; returns when all of it is committed. */
    TableStats run() throws DumpException, SQLException {
        ParseContext context = new ParseContext(run.manifest(), stats);
        List<R> batch = new ArrayList<>();
        long bytes = 0;
        boolean done = false;
        try (OutfileReader r = OutfileReader.open(run.dir().resolve(spec.file()))) {
            while (r.next()) {
                stats.countRead();
                String[] f = null;
                try {
                    f = r.fields(spec.fields());
                    R row = spec.parser().parse(f, r.lineNumber(), context);
                    batch.add(row);
                    bytes += spec.rowBytes().applyAsInt(row);
                } catch (BadRowException e) {
                    reject(new Reject(r.lineNumber(), f == null ? r.rawFirstField() : f[0], e.reason(), e.getMessage()));
                }
                if (batch.size() >= run.batchSize() || bytes >= MAX_BATCH_BYTES) {
                    submit(batch);
                    batch.clear();
                    bytes = 0;
                }
                run.progress().step(1);
            }
            submit(batch);
            done = true;
        } finally {
            drain(done);
        }
        if (run.timing() != null) {
            run.timing().printf("timing %s: write %.1f s, commit %.1f s%n", spec.name(), writeNanos / 1e9, commitNanos / 1e9);
            run.timing().flush();
        }
        return stats;
    }

    private void submit(List<R> batch) throws SQLException {
        while (inFlight.size() >= IN_FLIGHT) {
            collect(inFlight.removeFirst());
        }
        inFlight.addLast(run.committer().submit(writer, batch));
    }

    /**
     * Waits for every batch still in flight and counts what was committed. After a normal end the
     * first failure is thrown; after a failure of the reading it is already being thrown, and the
     * writer's outcomes are only counted.
     */
    private void drain(boolean rethrow) throws SQLException {
        Throwable first = null;
        while (!inFlight.isEmpty()) {
            try {
                collect(inFlight.removeFirst());
            } catch (SQLException | RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (rethrow && first instanceof SQLException e) {
            throw e;
        }
        if (rethrow && first instanceof RuntimeException e) {
            throw e;
        }
    }

    /** Counts one batch's outcome; rethrows the writer's failure, or stops where a test asked to. */
    private void collect(Future<Committer.Outcome> f) throws SQLException {
        Committer.Outcome o;
        try {
            o = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the import's writer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException x) {
                throw x;
            }
            throw new IllegalStateException("the import's writer failed: " + e.getCause(), e.getCause());
        }
        if (o.written() == null) {
            if (interruptedAfter > 0) {
                throw new InterruptedImportException(interruptedAfter);
            }
            return;
        }
        stats.add(o.written());
        o.written().rejects().forEach(this::reject);
        run.rejects().flush();
        writeNanos += o.writeNanos();
        commitNanos += o.commitNanos();
        if (o.stopHere()) {
            interruptedAfter = o.batches();
            throw new InterruptedImportException(o.batches());
        }
    }

    private void reject(Reject reject) {
        String name = spec.rejectPrefix() + "_" + reject.reason();
        stats.reject(name);
        run.rejects().write(spec.name(), reject.line(), reject.id(), name, reject.detail());
        spec.onReject().accept(reject);
    }
}
