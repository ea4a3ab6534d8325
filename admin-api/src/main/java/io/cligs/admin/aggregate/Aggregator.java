package io.cligs.admin.aggregate;

import io.cligs.core.click.InvalidEventException;
import io.cligs.core.click.StreamEventCodec;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.BoundedRedis;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The click aggregator: one loop per click stream, reading through the consumer group
 * {@value #GROUP} ({@code XREADGROUP}, blocking at most {@link AggregatorConfig#block()}), applying each
 * batch in one MySQL transaction ({@link RollupWriter}), and only after the commit acknowledging and
 * deleting the entries ({@code XACK} + {@code XDEL}, which keeps the stream bounded). Entries pending on
 * another consumer longer than {@link AggregatorConfig#claimIdle()} (a dead aggregator) are claimed
 * ({@code XAUTOCLAIM}); entries of our own whose batch failed are read again from our pending list. A
 * redelivered entry is counted once: the transaction skips events it applied before, per edge boot (ADRs 0014, 0017).
 * Several admin API processes share a stream as consumers of one group.
 *
 * <p>Deploy it as a worker verticle ({@link RunningAggregator} does): classifying an agent not seen before
 * parses it (about 0.2 ms of CPU, ADR 0015; a batch of new agents adds up), not work for an event loop.
 * Its start does not wait for the writer, whose user agent analyzer takes seconds to build: the loops
 * begin once it is there, and the clicks wait in the stream meanwhile.
 */
public final class Aggregator extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(Aggregator.class);
    public static final String GROUP = "aggregator";
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final long PRUNE_EVERY_MS = 3_600_000;

    private final AggregatorConfig config;
    private final Redis redis;
    private final RedisKeys keys;
    private final CompletionStage<RollupWriter> writerReady;
    private RollupWriter writer;
    private final String consumer;
    private final long timeoutMs;
    private final Supplier<Future<Void>> beforeAck;
    private volatile boolean stopped;

    /**
     * @param redis this aggregator's own client (its blocking reads hold a connection each)
     * @param writer completes when the writer can be used (its agent classifier is built); the loops start then
     * @param consumer this process's name in the group, unique among the running aggregators
     * @param beforeAck runs between the commit and the {@code XACK} (tests fail it to act out a crash there)
     */
    public Aggregator(AggregatorConfig config, Redis redis, RedisKeys keys, CompletionStage<RollupWriter> writer, String consumer,
                      Duration timeout, Supplier<Future<Void>> beforeAck) {
        this.config = config;
        this.redis = redis;
        this.keys = keys;
        this.writerReady = writer;
        this.consumer = consumer;
        this.timeoutMs = timeout.toMillis();
        this.beforeAck = beforeAck;
    }

    @Override
    public Future<?> start() {
        long since = System.nanoTime();
        Future.fromCompletionStage(writerReady, context).onComplete(ready -> {
            if (stopped) {
                return;
            }
            if (ready.failed()) {
                LOG.error("the click aggregator cannot start: its rollup writer failed to build", ready.cause());
                return;
            }
            writer = ready.result();
            // a Redis that is down at start only delays the loops: each creates its group before its first read
            for (int shard = 0; shard < config.shards(); shard++) {
                new Loop(keys.clickStream(shard)).next();
            }
            vertx.setPeriodic(PRUNE_EVERY_MS, id -> writer.prune()
                    .onFailure(e -> LOG.warn("pruning old click dedupe blocks failed: {}", e.toString())));
            LOG.info("aggregating {} click stream(s) as consumer {} of group {} ({} ms after its start)", config.shards(),
                    consumer, GROUP, (System.nanoTime() - since) / 1_000_000);
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.succeededFuture();
    }

    private Future<Void> createGroup(String stream) {
        return BoundedRedis.send(redis, Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(GROUP).arg("0")
                        .arg("MKSTREAM"), timeoutMs)
                .<Void>mapEmpty()
                .recover(e -> String.valueOf(e.getMessage()).contains("BUSYGROUP")
                        ? Future.succeededFuture() : Future.failedFuture(e));
    }

    /** One stream's read → apply → acknowledge cycle; runs on this verticle's context. */
    private final class Loop {

        private final String stream;
        /** Our own pending entries must be read again (a batch failed before its acknowledgement). */
        private boolean ownPending = true;
        private long lastClaim;
        private boolean grouped;

        Loop(String stream) {
            this.stream = stream;
        }

        void next() {
            next(null);
        }

        /**
         * One cycle. While a full batch is applied (a backlog), the next one is read already, so Redis and MySQL
         * work at the same time; the read entries are ours to apply (pending on us) whatever happens to the
         * batch being applied, and a failure re-reads them with our other pending entries.
         */
        private void next(Future<List<RollupWriter.Entry>> prefetched) {
            if (stopped) {
                return;
            }
            Future<List<RollupWriter.Entry>> batch = prefetched != null ? prefetched
                    : (grouped ? Future.<Void>succeededFuture() : createGroup(stream).onSuccess(v -> grouped = true))
                            .compose(v -> fetch());
            batch.compose(entries -> {
                if (entries.isEmpty()) {
                    return Future.<Future<List<RollupWriter.Entry>>>succeededFuture(null);
                }
                Future<Void> applied = applyAndAck(entries);
                Future<List<RollupWriter.Entry>> following = entries.size() >= config.batch() && !ownPending ? fetch() : null;
                return applied.map(v -> following);
            }).onComplete(ar -> {
                if (stopped) {
                    return; // undeployed: a read cut short by the closing client is no failure
                }
                if (ar.failed()) {
                    ownPending = true;
                    LOG.warn("aggregating {} failed, again in {} ms: {}", stream, RETRY.toMillis(), ar.cause().toString());
                    vertx.setTimer(RETRY.toMillis(), id -> next(null));
                } else {
                    Future<List<RollupWriter.Entry>> following = ar.result();
                    vertx.runOnContext(v -> next(following == null ? null : following.recover(e -> {
                        ownPending = true; // what it read before failing is pending on us
                        return Future.succeededFuture(List.of());
                    })));
                }
            });
        }

        private Future<List<RollupWriter.Entry>> fetch() {
            long now = System.currentTimeMillis();
            if (now - lastClaim >= Math.max(100, config.claimIdle().toMillis() / 2)) {
                lastClaim = now;
                return claim().compose(claimed -> claimed.isEmpty() ? read() : Future.succeededFuture(claimed));
            }
            return read();
        }

        private Future<List<RollupWriter.Entry>> claim() {
            Request xautoclaim = Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(GROUP).arg(consumer)
                    .arg(config.claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(config.batch());
            return BoundedRedis.send(redis, xautoclaim, timeoutMs).map(reply -> entries(reply == null ? null : reply.get(1)));
        }

        private Future<List<RollupWriter.Entry>> read() {
            boolean pending = ownPending;
            Request xreadgroup = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer)
                    .arg("COUNT").arg(config.batch());
            if (!pending) {
                xreadgroup.arg("BLOCK").arg(config.block().toMillis());
            }
            xreadgroup.arg("STREAMS").arg(stream).arg(pending ? "0" : ">");
            long limit = timeoutMs + (pending ? 0 : config.block().toMillis());
            return BoundedRedis.send(redis, xreadgroup, limit).map(reply -> {
                List<RollupWriter.Entry> entries = entries(streamEntries(reply));
                if (pending && entries.isEmpty()) {
                    ownPending = false;
                }
                return entries;
            });
        }

        private Response streamEntries(Response reply) {
            if (reply == null) {
                return null;
            }
            if (reply.isMap()) {
                return reply.get(stream);
            }
            return reply.size() == 0 ? null : reply.get(0).get(1);
        }

        private Future<Void> applyAndAck(List<RollupWriter.Entry> entries) {
            if (entries.isEmpty()) {
                return Future.succeededFuture();
            }
            return writer.apply(stream, entries).compose(n -> beforeAck.get()).compose(v -> ack(entries));
        }

        private Future<Void> ack(List<RollupWriter.Entry> entries) {
            Request xack = Request.cmd(Command.XACK).arg(stream).arg(GROUP);
            Request xdel = Request.cmd(Command.XDEL).arg(stream);
            for (RollupWriter.Entry e : entries) {
                xack.arg(e.id());
                xdel.arg(e.id());
            }
            return BoundedRedis.batch(redis, List.of(xack, xdel), timeoutMs).mapEmpty();
        }

        /** Entries as {@code XREADGROUP}/{@code XAUTOCLAIM} return them; one that does not decode is kept with a null event. */
        private List<RollupWriter.Entry> entries(Response list) {
            List<RollupWriter.Entry> out = new ArrayList<>(list == null ? 0 : list.size());
            if (list == null) {
                return out;
            }
            for (Response item : list) {
                if (item == null) {
                    continue;
                }
                String id = item.get(0).toString();
                if (item.size() < 2 || item.get(1) == null) {
                    out.add(new RollupWriter.Entry(id, null)); // deleted while pending: only to acknowledge
                    continue;
                }
                List<String> fields = new ArrayList<>(item.get(1).size());
                for (Response f : item.get(1)) {
                    fields.add(f.toString());
                }
                try {
                    out.add(new RollupWriter.Entry(id, StreamEventCodec.decode(fields)));
                } catch (InvalidEventException e) {
                    LOG.warn("click stream {} entry {} is not an event, dropped: {}", stream, id, e.getMessage());
                    out.add(new RollupWriter.Entry(id, null));
                }
            }
            return out;
        }
    }
}
