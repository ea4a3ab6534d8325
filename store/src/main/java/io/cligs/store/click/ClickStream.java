package io.cligs.store.click;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.StreamEventCodec;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.BoundedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The click stream: {@code shards} Redis Streams ({@link RedisKeys#clickStream}), each entry one
 * {@link StreamEvent} in {@link StreamEventCodec}'s fields. A click goes to the shard of its link id, an
 * orphan to that of its slug, so one link's events stay in one stream (and, in a Redis Cluster, one
 * slot: the shard number is the key's hash tag). Appending is pipelined {@code XADD}s, one batch per
 * shard; every call has a timeout ({@link BoundedRedis}: a call that misses it also drops its
 * connection). A call that failed or timed out may still have been applied: callers that retry ship
 * at least once, and the events' ids let the reader dedupe.
 * Thread-safe as far as the Redis client is.
 */
public final class ClickStream {

    private final Redis redis;
    private final RedisKeys keys;
    private final int shards;
    private final long timeoutMs;
    private final byte[][] streamKeys;
    private static final byte[] NEW_ID = {'*'};

    /** @param shards {@code CLIG_CLICK_STREAM_SHARDS}: the same number for every writer and reader */
    public ClickStream(Redis redis, RedisKeys keys, int shards, Duration timeout) {
        if (shards < 1) {
            throw new IllegalArgumentException("a click stream has at least one shard, got " + shards);
        }
        this.redis = redis;
        this.keys = keys;
        this.shards = shards;
        this.timeoutMs = timeout.toMillis();
        this.streamKeys = new byte[shards][];
        for (int i = 0; i < shards; i++) {
            streamKeys[i] = keys.clickStream(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    public int shards() {
        return shards;
    }

    /** The shard an event belongs to. */
    public int shardOf(StreamEvent event) {
        if (event instanceof ClickRecord c) {
            return (int) Math.floorMod(c.linkId(), (long) shards);
        }
        return Math.floorMod(((OrphanRecord) event).slug().hashCode(), shards);
    }

    /**
     * Appends the events, in order within each shard; succeeds once Redis acknowledged every
     * {@code XADD}, fails (the whole call) on any error or after the timeout.
     */
    public Future<Void> append(List<? extends StreamEvent> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        List<List<Request>> perShard = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            perShard.add(new ArrayList<>());
        }
        for (StreamEvent e : events) {
            int shard = shardOf(e);
            // the arguments as bytes in one array of the right size: no String per field, no list growing
            Object[] args = new Object[2 + StreamEventCodec.fieldCount(e)];
            args[0] = streamKeys[shard];
            args[1] = NEW_ID;
            StreamEventCodec.encodeFields(e, args, 2);
            perShard.get(shard).add(Request.cmd(Command.XADD, args));
        }
        List<Future<List<Response>>> calls = new ArrayList<>(shards);
        for (List<Request> batch : perShard) {
            if (!batch.isEmpty()) {
                // one pipelined round trip per shard: time in proportion to its size (20 µs an entry)
                calls.add(BoundedRedis.batch(redis, batch, timeoutMs + batch.size() / 50));
            }
        }
        return Future.all(calls).mapEmpty();
    }

    /** The number of entries in every shard together ({@code XLEN} each). */
    public Future<Long> length() {
        List<Future<Response>> calls = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            calls.add(BoundedRedis.send(redis, Request.cmd(Command.XLEN).arg(keys.clickStream(i)), timeoutMs));
        }
        return Future.all(calls).map(all -> {
            long sum = 0;
            for (int i = 0; i < calls.size(); i++) {
                Response r = all.resultAt(i);
                sum += r == null ? 0 : r.toLong();
            }
            return sum;
        });
    }

    /**
     * Up to {@code count} entries of one shard after the entry id {@code afterId} ({@code "-"} for the
     * start), decoded ({@code XRANGE}); for readers and checks, not the aggregator's consumer group.
     */
    public Future<List<Entry>> range(int shard, String afterId, int count) {
        String start = "-".equals(afterId) ? "-" : "(" + afterId;
        return BoundedRedis.send(redis, Request.cmd(Command.XRANGE).arg(keys.clickStream(shard)).arg(start).arg("+")
                        .arg("COUNT").arg(count), timeoutMs)
                .map(ClickStream::entries);
    }

    private static List<Entry> entries(Response reply) {
        List<Entry> out = new ArrayList<>(reply == null ? 0 : reply.size());
        if (reply == null) {
            return out;
        }
        for (Response item : reply) {
            Response fields = item.get(1);
            List<String> values = new ArrayList<>(fields.size());
            for (Response f : fields) {
                values.add(f.toString());
            }
            out.add(new Entry(item.get(0).toString(), StreamEventCodec.decode(values)));
        }
        return out;
    }

    /** One stream entry: Redis's entry id and the event. */
    public record Entry(String id, StreamEvent event) {
    }
}
