package io.cligs.loader.analytics;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.StreamEventCodec;
import io.cligs.core.config.EnvVar;
import io.cligs.core.geo.CountryTable;
import io.cligs.loader.LoaderException;
import io.cligs.loader.Progress;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.DumpException;
import io.cligs.loader.dump.Manifest;
import io.cligs.loader.dump.OutfileReader;
import io.cligs.loader.importing.Rejects;
import io.cligs.store.click.ClickStream;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy click log ({@code clicks.tsv.gz}) turned into click events on the click stream, for the
 * admin API's aggregator to classify and roll up exactly like live clicks (ADR 0019). Reads the file
 * once, in constant memory, on the CLI's thread: each row becomes one {@link ClickRecord}
 * ({@link LegacyClicks}) or one line of the rejects file; events go out in batches of pipelined
 * {@code XADD}s ({@link ClickStream#append}), a few batches in flight. While the streams hold more than
 * {@code maxBacklog} entries (the aggregator deletes what it applied) it pauses, and says so in the
 * progress line; a stream that does not shrink for {@code stallTimeout} ends the run with a message
 * (is an aggregator running?). Running it again sends the same event ids: the aggregator counts nothing
 * twice.
 *
 * <p>Not thread-safe: one run, one thread.
 */
public final class LegacyAnalytics {

    /** The question a stalled stream asks, with the variables that must agree. */
    static final String AGGREGATOR_RUNNING = "is an aggregator running (an admin API with " + EnvVar.CLIG_AGGREGATOR.name()
            + "=on and the same " + EnvVar.CLIG_REDIS_PREFIX.name() + " and " + EnvVar.CLIG_CLICK_STREAM_SHARDS.name() + ")";
    static final String TABLE = "clicks";
    static final String FILE = "clicks.tsv.gz";
    private static final int IN_FLIGHT = 4;
    private static final long CHECK_EVERY_NANOS = 500_000_000L;
    private static final long PAUSE_POLL_MS = 200;

    /** Where events go: the click stream, or (benchmarks) a file of the same {@code XADD}s in RESP. */
    interface Sink {
        Future<Void> append(List<StreamEvent> events);
    }

    /** What a run did. */
    public static final class Result {
        long read;
        long sent;
        long rejected;
        final Map<String, Long> byReason = new TreeMap<>();
        final Map<LegacyClicks.CountrySource, Long> countries = new EnumMap<>(LegacyClicks.CountrySource.class);
        long pauses;
        double pausedSeconds;
        double seconds;
        long lastMillis = -1;
        boolean complete;
        String manifestMismatch;

        public long read() {
            return read;
        }

        public long sent() {
            return sent;
        }

        public long rejected() {
            return rejected;
        }

        public Map<String, Long> byReason() {
            return byReason;
        }

        /** The UTC day after the last click sent (or read, when none), the end of what a verify compares. */
        LocalDate dayAfterLast() {
            return lastMillis < 0 ? LocalDate.of(1970, 1, 1)
                    : java.time.Instant.ofEpochMilli(lastMillis).atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1);
        }
    }

    private final Path dir;
    private final LegacyClicks clicks;
    private final Sink sink;
    private final StreamWatch watch;
    private final int batch;
    private final long maxBacklog;
    private final Duration stallTimeout;
    private final PrintWriter out;
    private final LinkCounts counts = new LinkCounts();
    private final LocalDate countBefore;
    private final Result result = new Result();

    /**
     * @param watch null: no backpressure (a sink that is not Redis)
     * @param maxBacklog pause while the streams hold more entries than this; 0: never pause
     * @param countBefore count per link only the clicks on UTC days before this (null: all) for a verify
     */
    LegacyAnalytics(Path dir, LegacyClicks clicks, Sink sink, StreamWatch watch, int batch, long maxBacklog,
                    Duration stallTimeout, LocalDate countBefore, PrintWriter out) {
        this.dir = dir;
        this.clicks = clicks;
        this.sink = sink;
        this.watch = watch;
        this.batch = batch;
        this.maxBacklog = maxBacklog;
        this.stallTimeout = stallTimeout;
        this.countBefore = countBefore;
        this.out = out;
    }

    Result result() {
        return result;
    }

    LinkCounts counts() {
        return counts;
    }

    /**
     * Reads the whole file; every row is sent or rejected.
     *
     * @param send false: only read, convert and count (a verify of what an earlier run sent)
     */
    Result run(Manifest manifest, Rejects rejects, boolean send) throws DumpException, LoaderException {
        long started = System.nanoTime();
        long expected = manifest.rowsOf(TABLE).orElse(0);
        Deque<Future<Void>> inFlight = new ArrayDeque<>();
        List<StreamEvent> pending = new ArrayList<>(batch);
        long lastCheck = System.nanoTime();
        long sinceCheck = Long.MAX_VALUE / 2; // the first batch looks at the stream first
        long checkEvents = Math.max(1, maxBacklog / 4);
        try (OutfileReader reader = OutfileReader.open(dir.resolve(FILE));
             Progress progress = Progress.start(send ? "analytics" : "analytics (read only)", expected, "clicks", out)) {
            long stepped = 0;
            while (reader.next()) {
                result.read++;
                try {
                    ClickRecord c = clicks.convert(reader.fields(LegacyClicks.FIELDS));
                    result.countries.merge(clicks.lastSource(), 1L, Long::sum);
                    result.lastMillis = Math.max(result.lastMillis, c.epochMillis());
                    if (countBefore == null || day(c.epochMillis()).isBefore(countBefore)) {
                        counts.add(c.linkId(), 1);
                    }
                    if (send) {
                        pending.add(c);
                    } else {
                        result.sent++;
                    }
                } catch (BadRowException e) {
                    String reason = TABLE + "_" + e.reason();
                    result.rejected++;
                    result.byReason.merge(reason, 1L, Long::sum);
                    rejects.write(TABLE, reader.lineNumber(), reader.rawFirstField(), reason, e.getMessage());
                }
                if (pending.size() >= batch) {
                    long now = System.nanoTime();
                    sinceCheck += pending.size();
                    if (watch != null && maxBacklog > 0 && (now - lastCheck >= CHECK_EVERY_NANOS || sinceCheck >= checkEvents)) {
                        lastCheck = now;
                        sinceCheck = 0;
                        backpressure(progress);
                    }
                    ship(pending, inFlight);
                    pending = new ArrayList<>(batch);
                }
                if (result.read - stepped >= 1000) {
                    progress.step(result.read - stepped);
                    stepped = result.read;
                }
            }
            if (!pending.isEmpty()) {
                ship(pending, inFlight);
            }
            while (!inFlight.isEmpty()) {
                complete(inFlight.poll());
            }
            progress.step(result.read - stepped);
        } finally {
            rejects.flush();
            result.seconds = (System.nanoTime() - started) / 1e9;
        }
        if (manifest.rowsOf(TABLE).isPresent() && expected != result.read) {
            result.manifestMismatch = "the MANIFEST says rows.clicks=" + expected + ", " + FILE + " has " + result.read + " lines";
        }
        result.complete = true;
        return result;
    }

    private static LocalDate day(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L));
    }

    /** Sends one batch, with at most {@link #IN_FLIGHT} batches in flight (the oldest is waited for first). */
    private void ship(List<StreamEvent> events, Deque<Future<Void>> inFlight) throws LoaderException {
        while (inFlight.size() >= IN_FLIGHT) {
            complete(inFlight.poll());
        }
        int n = events.size();
        inFlight.add(sink.append(events).onSuccess(v -> {
            synchronized (result) {
                result.sent += n;
            }
        }));
    }

    private void complete(Future<Void> f) throws LoaderException {
        try {
            StreamWatch.await(f, "the click stream's XADD");
        } catch (IllegalStateException e) {
            throw new LoaderException(e.getMessage() + " (events sent so far are safe: running analytics again "
                    + "sends the same ids, and the aggregator counts none twice)", e);
        }
    }

    /** Waits while the streams hold more than the bound; fails when they stop shrinking. */
    private void backpressure(Progress progress) throws LoaderException {
        long length = watch.length();
        if (length <= maxBacklog) {
            return;
        }
        result.pauses++;
        long pausedAt = System.nanoTime();
        long best = length;
        long bestAt = pausedAt;
        try {
            while (length > maxBacklog / 2) {
                progress.note("[paused: the click stream holds " + length + " entries, over --max-backlog " + maxBacklog
                        + "; waiting for the aggregator]");
                long now = System.nanoTime();
                if (length < best) {
                    best = length;
                    bestAt = now;
                } else if (now - bestAt > stallTimeout.toNanos()) {
                    throw new LoaderException("the click stream has held " + length + " entries for "
                            + stallTimeout.toSeconds() + " s without shrinking: " + AGGREGATOR_RUNNING
                            + "? Running analytics again later is safe");
                }
                sleep(PAUSE_POLL_MS);
                length = watch.length();
            }
        } finally {
            progress.note(null);
            result.pausedSeconds += (System.nanoTime() - pausedAt) / 1e9;
        }
    }

    static void sleep(long ms) throws LoaderException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoaderException("interrupted");
        }
    }

    /** The sink of a real run: the click streams. */
    static Sink stream(ClickStream stream) {
        return events -> stream.append(events);
    }

    /**
     * A sink that writes the {@code XADD}s as RESP to a file instead (benchmarks: {@code redis-cli --pipe}
     * of the same commands is the baseline), for {@code shards} streams under {@code keys}.
     */
    static Sink respFile(OutputStream file, io.cligs.core.redis.RedisKeys keys, ClickStream shards) {
        return events -> {
            try {
                for (StreamEvent e : events) {
                    List<String> fields = StreamEventCodec.fields(e);
                    List<String> args = new ArrayList<>(fields.size() + 3);
                    args.add("XADD");
                    args.add(keys.clickStream(shards.shardOf(e)));
                    args.add("*");
                    args.addAll(fields);
                    StringBuilder b = new StringBuilder(256).append('*').append(args.size()).append("\r\n");
                    for (String a : args) {
                        b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
                    }
                    file.write(b.toString().getBytes(StandardCharsets.UTF_8));
                }
                return Future.succeededFuture();
            } catch (IOException ex) {
                return Future.failedFuture(ex);
            }
        };
    }

    /** Builds the converter for a dump. */
    static LegacyClicks converter(Manifest manifest, CountryTable countries, String secret, LinkIds links) {
        return new LegacyClicks(manifest.zone(), countries, secret, links);
    }
}
