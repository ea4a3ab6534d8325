package io.cligs.edge.click;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.EventIds;
import io.cligs.core.click.EventText;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import io.cligs.edge.geo.ClientAddress;
import io.cligs.store.click.ClickStream;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click pipeline's drainer, deployed as one <em>worker</em> verticle: all of it runs on one worker
 * thread at a time, never an event loop, so it may compute hashes and write the journal (blocking,
 * {@code fsync}) freely. Every {@code CLIG_CLICK_FLUSH_MS}, and when an offer finds a full batch
 * waiting, it takes the events from the {@link ClickPipeline}'s queue, turns each into a
 * {@link StreamEvent} (visitor address through the trusted proxies, country, {@link VisitorHash}: the
 * raw address stops here) and appends them to the {@link ClickStream}: one live call in flight at a
 * time, each shipping what waits, at least {@code CLIG_CLICK_BATCH} events and at most
 * {@link #MAX_BATCHES_PER_CALL} times as many, as one pipelined round trip.
 *
 * <p>A batch Redis fails or does not acknowledge in time goes to the {@link ClickJournal}, and so do
 * later batches while Redis is taken for down; the journal is replayed oldest first, one chunk in flight,
 * as soon as Redis answers (probed every {@link #PROBE_MILLIS} ms while down) and at start. While a live
 * batch is in flight and the queue fills past half, the drainer spills it to the journal rather than let
 * it fill. Stopping ships what waits or journals it.
 *
 * <p>The Redis client completes its calls on threads of its own choosing (measured: other worker
 * threads than the timer's), so every method that touches the drainer's state is synchronized on it;
 * the lock is taken by one timer tick, one wake-up or one reply at a time, never on an event loop.
 */
public final class ClickDrainer extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ClickDrainer.class);
    static final long PROBE_MILLIS = 250;
    private static final long LENGTH_POLL_MILLIS = 5_000;
    private static final int SEGMENT_EVENTS = 10_000;
    /**
     * A live call ships up to this many batches' worth of what waits, in one pipelined round trip: with
     * one call in flight at a time, the drainer's throughput is events per call over the round trip, and
     * the round trip grows with the event loops' load (the replies wait their turn behind the requests
     * being served). Shipping one batch per round trip capped it near the redirect rate of a busy core,
     * the queue filled and spilled to the journal (measured: docs/PERFORMANCE.md, "Click emission on vs off").
     */
    static final int MAX_BATCHES_PER_CALL = 8;

    private final ClickConfig config;
    private final ClickPipeline pipeline;
    private final ClientAddress clientAddress;
    private final CountryTable countries;
    private final Supplier<ClickStream> streams;
    private final VisitorHash visitors;
    private final EventIds ids;
    private final ClickMetrics metrics;
    private final LoudLog dropLog = new LoudLog(LOG, 10_000);
    private final LoudLog downLog = new LoudLog(LOG, 10_000);

    private ClickStream stream;
    private ClickJournal journal;
    private long flushTimer;
    private long lengthTimer;
    private Future<Void> liveCall = Future.succeededFuture();
    private Future<Void> replayCall = Future.succeededFuture();
    private boolean liveInFlight;
    private boolean replayInFlight;
    private boolean lengthInFlight;
    private boolean redisDown;
    private boolean stopping;
    private long lastProbe;
    private ClickJournal.Segment replaying;
    private int replayOffset;

    /**
     * @param streams makes the stream writer in {@link #start} (its Redis client belongs to this verticle)
     * @param visitors the day-keyed hash under {@code CLIG_VISITOR_SECRET}
     */
    public ClickDrainer(ClickConfig config, ClickPipeline pipeline, ClientAddress clientAddress, CountryTable countries,
                        Supplier<ClickStream> streams, VisitorHash visitors, EventIds ids) {
        this.config = config;
        this.pipeline = pipeline;
        this.clientAddress = clientAddress;
        this.countries = countries;
        this.streams = streams;
        this.visitors = visitors;
        this.ids = ids;
        this.metrics = pipeline.metrics();
    }

    @Override
    public Future<?> start() throws IOException {
        journal = ClickJournal.open(config.journalDir(), SEGMENT_EVENTS);
        metrics.journalEvents = journal.events();
        if (!journal.isEmpty()) {
            LOG.info("click journal {}: {} events left by an earlier run, replaying", journal.dir(), journal.events());
        }
        stream = streams.get();
        pipeline.onBatchWaiting(() -> context.runOnContext(v -> drain()));
        flushTimer = vertx.setPeriodic(config.flush().toMillis(), t -> drain());
        lengthTimer = vertx.setPeriodic(10, LENGTH_POLL_MILLIS, t -> pollLength());
        return Future.succeededFuture();
    }

    /** Takes what waits and sends it on its way; then replays the journal if Redis may take it. */
    private synchronized void drain() {
        pipeline.woken();
        if (stopping) {
            return;
        }
        EventQueue<ClickEvent> queue = pipeline.queue();
        metrics.queued = queue.size();
        if (liveInFlight) {
            if (queue.size() > queue.capacity() / 2) {
                journal(take(Integer.MAX_VALUE));
            }
            // the call's completion ships the next batch: until then only the spill threshold wakes us
            pipeline.wakeAt(queue.capacity() / 2 + 1);
        } else if (redisDown && !(journal.isEmpty() && probeDue())) {
            // the replay below probes Redis; with an empty journal the next live batch does
            journal(take(Integer.MAX_VALUE));
        } else {
            // what waits, at least a batch (the timer's tick ships less), at most MAX_BATCHES_PER_CALL of them
            long most = (long) pipeline.batch() * MAX_BATCHES_PER_CALL;
            List<StreamEvent> batch = take((int) Math.min(most, Math.max(pipeline.batch(), queue.size())));
            if (!batch.isEmpty()) {
                ship(batch);
            }
        }
        replay();
    }

    private void ship(List<StreamEvent> batch) {
        liveInFlight = true;
        pipeline.wakeAt(pipeline.queue().capacity() / 2 + 1);
        liveCall = stream.append(batch).transform(done -> {
            shipped(batch, done);
            return Future.succeededFuture();
        });
    }

    /** A live batch's outcome (on whichever thread the client completes it: the state is guarded by this). */
    private synchronized void shipped(List<StreamEvent> batch, AsyncResult<Void> done) {
        liveInFlight = false;
        pipeline.wakeAt(pipeline.batch());
        if (done.succeeded()) {
            metrics.shipped.add(batch.size());
            redisDown = false;
        } else {
            failed(batch.size(), done.cause());
            journal(batch);
        }
        if (!stopping && pipeline.queue().size() >= pipeline.batch()) {
            drain();
        }
    }

    private void failed(int events, Throwable cause) {
        metrics.batchFailures.increment();
        redisDown = true;
        lastProbe = System.nanoTime();
        downLog.warn("click stream: Redis did not take a batch, journaling until it answers again", events, cause);
    }

    /** Sends the journal's next chunk, oldest first, one at a time; while Redis is down, at most every PROBE_MILLIS. */
    private synchronized void replay() {
        if (replayInFlight || stopping || journal.isEmpty()) {
            return;
        }
        if (redisDown && !probeDue()) {
            return;
        }
        lastProbe = System.nanoTime();
        try {
            if (replaying == null) {
                replaying = journal.oldest();
                replayOffset = 0;
                if (replaying == null) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.error("click journal: cannot read {}: {}", journal.dir(), e.toString());
            return;
        }
        List<StreamEvent> events = replaying.events();
        List<StreamEvent> chunk = events.subList(replayOffset, Math.min(events.size(), replayOffset + pipeline.batch()));
        replayInFlight = true;
        replayCall = stream.append(chunk).transform(done -> {
            replayed(chunk.size(), done);
            return Future.succeededFuture();
        });
    }

    /** A replayed chunk's outcome; the segment leaves the journal once all of it is acknowledged. */
    private synchronized void replayed(int chunk, AsyncResult<Void> done) {
        replayInFlight = false;
        if (done.failed()) {
            failed(chunk, done.cause());
            return;
        }
        metrics.replayed.add(chunk);
        redisDown = false;
        replayOffset += chunk;
        if (replayOffset >= replaying.events().size()) {
            forget(replaying);
            replaying = null;
        }
        replay();
    }

    private boolean probeDue() {
        return System.nanoTime() - lastProbe >= PROBE_MILLIS * 1_000_000L;
    }

    private void forget(ClickJournal.Segment segment) {
        try {
            journal.remove(segment);
        } catch (IOException e) {
            // it will be replayed again at the next start: duplicates, which the event ids let the aggregator drop
            LOG.error("click journal: cannot delete replayed segment {}: {}", segment.path(), e.toString());
        }
        metrics.journalEvents = journal.events();
    }

    /** Writes events to the journal; only if even that fails are they dropped (counted, logged). */
    private void journal(List<StreamEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            journal.append(events);
            metrics.journaled.add(events.size());
            metrics.journalEvents = journal.events();
        } catch (IOException | RuntimeException e) {
            metrics.dropped.add(events.size());
            dropLog.error("click journal " + journal.dir() + " cannot be written: click events DROPPED", events.size(), e);
        }
    }

    /** Up to {@code max} events from the queue, as stream events. */
    private List<StreamEvent> take(int max) {
        EventQueue<ClickEvent> queue = pipeline.queue();
        List<StreamEvent> out = new ArrayList<>((int) Math.min(max, Math.max(16, queue.size())));
        ClickEvent e;
        while (out.size() < max && (e = queue.poll()) != null) {
            StreamEvent s = convert(e);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private StreamEvent convert(ClickEvent e) {
        try {
            byte[] address = clientAddress.resolve(e.peer(), e.forwardedForLines());
            CountryCode country = countries.lookup(address);
            String referrer = EventText.referrerHost(e.referer());
            if (e.isOrphan()) {
                return new OrphanRecord(ids.next(), EventText.slug(e.slug()), e.epochMillis(), country, referrer,
                        config.edgeId());
            }
            String ua = EventText.userAgent(e.userAgent());
            return new ClickRecord(ids.next(), e.linkId(), e.epochMillis(), country,
                    visitors.hash(address, ua, e.epochMillis()), referrer, ua, config.edgeId());
        } catch (RuntimeException ex) {
            metrics.dropped.increment();
            dropLog.error("click event could not be encoded: DROPPED", 1, ex);
            return null;
        }
    }

    private synchronized void pollLength() {
        if (lengthInFlight || stopping) {
            return;
        }
        lengthInFlight = true;
        stream.length().onComplete(done -> {
            synchronized (this) {
                lengthInFlight = false;
            }
            if (done.succeeded()) {
                metrics.streamLength = done.result();
            }
        });
    }

    /**
     * Waits for the calls in flight (their failures go to the journal), then ships everything still
     * queued in one go, or journals it when Redis is down or does not take it in time.
     */
    @Override
    public Future<?> stop() {
        Future<Void> live;
        Future<Void> replay;
        synchronized (this) {
            stopping = true;
            live = liveCall;
            replay = replayCall;
        }
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(lengthTimer);
        return Future.join(live, replay)
                .transform(v -> finalFlush())
                .eventually(() -> {
                    synchronized (this) {
                        journal.close();
                    }
                    LOG.info("click pipeline stopped: {} events shipped, {} journaled, {} replayed, {} dropped, {} left in {}",
                            metrics.shipped.sum(), metrics.journaled.sum(), metrics.replayed.sum(), metrics.dropped.sum(),
                            journal.events(), journal.dir());
                    return Future.succeededFuture();
                });
    }

    private Future<Void> finalFlush() {
        List<StreamEvent> rest;
        synchronized (this) {
            rest = take(Integer.MAX_VALUE);
            if (rest.isEmpty()) {
                return Future.succeededFuture();
            }
            if (redisDown) {
                journal(rest);
                return Future.succeededFuture();
            }
        }
        return stream.append(rest).transform(done -> {
            synchronized (this) {
                if (done.succeeded()) {
                    metrics.shipped.add(rest.size());
                } else {
                    failed(rest.size(), done.cause());
                    journal(rest);
                }
            }
            return Future.succeededFuture();
        });
    }
}
