package io.cligs.store.link;

import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.BoundedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link cache in Redis: one key per link ({@link RedisKeys#link}, {@link LinkCodec} values) and the
 * eviction channel. Every call has its own timeout (the client has none) and fails the future on a
 * Redis error or timeout. Writes are pipelined {@code SET key value GET}: the old value comes back with
 * the write, so the writer learns which links changed (to publish only those) and whether it replaced a
 * newer {@link Link#version()} (two writers racing, or a key left from an earlier database), which
 * {@link LinkPublisher} then puts right from MySQL (ADR 0008 says why not a version-checking script).
 * Works over the pooled client (each call through {@link BoundedRedis}, so a connection that missed its
 * deadline is closed, not lent again) or one dedicated connection (pipelined; its owner watches it);
 * thread-safe as far as that is.
 */
public final class RedisLinks {

    /**
     * What a write did to one key: it held nothing or an older link ({@code WRITTEN}), the same value
     * ({@code UNCHANGED}), or a newer version of the link, which the write replaced ({@code REPLACED_NEWER}:
     * the writer must put MySQL's current link back, see {@link LinkPublisher}).
     */
    public enum Stored { WRITTEN, UNCHANGED, REPLACED_NEWER }

    /** A page of a SCAN over the link keys: the next cursor ({@code "0"} at the end) and slugs seen. */
    public record ScanPage(String cursor, List<String> slugs) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisLinks.class);

    /** Sends one request within a deadline in ms. */
    private final BiFunction<Request, Long, Future<Response>> send;
    /** Sends requests pipelined within a deadline in ms. */
    private final BiFunction<List<Request>, Long, Future<List<Response>>> batch;
    private final RedisKeys keys;
    private final long timeoutMs;

    private RedisLinks(BiFunction<Request, Long, Future<Response>> send,
                       BiFunction<List<Request>, Long, Future<List<Response>>> batch, RedisKeys keys, Duration timeout) {
        this.send = send;
        this.batch = batch;
        this.keys = keys;
        this.timeoutMs = timeout.toMillis();
    }

    /**
     * Over the pooled client: each call takes a connection of the pool, which is closed instead of given
     * back when the call misses its deadline ({@link BoundedRedis}). In a Redis Cluster every write is one
     * key (one slot); the multi-key reads ({@code MGET}, {@code DEL}) are not split by slot yet.
     */
    public static RedisLinks over(Redis redis, RedisKeys keys, Duration timeout) {
        return new RedisLinks((r, ms) -> BoundedRedis.send(redis, r, ms), (rs, ms) -> BoundedRedis.batch(redis, rs, ms),
                keys, timeout);
    }

    /** Over one connection to a standalone Redis: calls are pipelined on it, none waits for a free connection. */
    public static RedisLinks over(RedisConnection connection, RedisKeys keys, Duration timeout) {
        return new RedisLinks((r, ms) -> connection.send(r).timeout(ms, TimeUnit.MILLISECONDS),
                (rs, ms) -> connection.batch(rs).timeout(ms, TimeUnit.MILLISECONDS), keys, timeout);
    }

    public RedisKeys keys() {
        return keys;
    }

    /** The cached link, or null when Redis has none or holds a value it cannot read (logged). */
    public Future<Link> get(String slug) {
        return call(Request.cmd(Command.GET).arg(keys.link(slug))).map(r -> decode(slug, r));
    }

    /** The raw values of several links (MGET), null where absent, in the order of {@code slugs}. */
    public Future<List<String>> getRaw(List<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        Request mget = Request.cmd(Command.MGET);
        for (String s : slugs) {
            mget.arg(keys.link(s));
        }
        return call(mget).map(r -> {
            List<String> out = new ArrayList<>(r.size());
            for (int i = 0; i < r.size(); i++) {
                Response v = r.get(i);
                out.add(v == null ? null : v.toString());
            }
            return out;
        });
    }

    /**
     * Writes {@code link} only if its key is absent ({@code SET NX}): the edge's write-back after a
     * MySQL read, which must never overwrite what a writer put there meanwhile.
     */
    public Future<Boolean> setIfAbsent(Link link) {
        return call(Request.cmd(Command.SET).arg(keys.link(link.slug())).arg(LinkCodec.encode(link)).arg("NX"))
                .map(r -> r != null);
    }

    /** Writes the links (pipelined, one {@code SET ... GET} each) and says what each write did. */
    public Future<List<Stored>> store(List<Link> links) {
        if (links.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Request> requests = new ArrayList<>(links.size());
        List<String> values = new ArrayList<>(links.size());
        for (Link l : links) {
            String value = LinkCodec.encode(l);
            values.add(value);
            requests.add(Request.cmd(Command.SET).arg(keys.link(l.slug())).arg(value).arg("GET"));
        }
        return callBatch(requests, links.size()).map(replies -> {
            List<Stored> out = new ArrayList<>(replies.size());
            for (int i = 0; i < replies.size(); i++) {
                out.add(stored(links.get(i), values.get(i), replies.get(i)));
            }
            return out;
        });
    }

    private static Stored stored(Link written, String value, Response old) {
        if (old == null) {
            return Stored.WRITTEN;
        }
        String before = old.toString();
        if (before.equals(value)) {
            return Stored.UNCHANGED;
        }
        long version = LinkCodec.versionOf(before);
        return version > written.version() ? Stored.REPLACED_NEWER : Stored.WRITTEN;
    }

    /** Deletes the keys of {@code slugs}; the number deleted. */
    public Future<Long> delete(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture(0L);
        }
        Request del = Request.cmd(Command.DEL);
        for (String s : slugs) {
            del.arg(keys.link(s));
        }
        return call(del).map(Response::toLong);
    }

    /** One SCAN step over the link keys. */
    public Future<ScanPage> scan(String cursor, int count) {
        return call(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(keys.linkPattern()).arg("COUNT").arg(count))
                .map(r -> {
                    List<String> slugs = new ArrayList<>();
                    for (Response k : r.get(1)) {
                        String slug = keys.slugOfLinkKey(k.toString());
                        if (slug != null) {
                            slugs.add(slug);
                        }
                    }
                    return new ScanPage(r.get(0).toString(), slugs);
                });
    }

    /** Publishes each slug on the eviction channel (pipelined): every edge drops it. */
    public Future<Void> evict(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Request> requests = new ArrayList<>(slugs.size());
        for (String s : slugs) {
            requests.add(Request.cmd(Command.PUBLISH).arg(keys.evictChannel()).arg(s));
        }
        return callBatch(requests, requests.size()).mapEmpty();
    }

    /** Tells every edge to drop its whole in-process cache ({@link RedisKeys#EVICT_ALL}). */
    public Future<Void> evictAll() {
        return call(Request.cmd(Command.PUBLISH).arg(keys.evictChannel()).arg(RedisKeys.EVICT_ALL)).mapEmpty();
    }

    private Future<Response> call(Request request) {
        return send.apply(request, timeoutMs);
    }

    private Future<List<Response>> callBatch(List<Request> requests, int items) {
        // a batch is one pipelined round trip: allow it time in proportion to its size (10 µs an item)
        long ms = timeoutMs + items / 100;
        return batch.apply(requests, ms);
    }

    private static Link decode(String slug, Response response) {
        if (response == null) {
            return null;
        }
        try {
            return LinkCodec.decode(response.toString());
        } catch (RuntimeException e) {
            LOG.warn("unreadable Redis value for slug {} (treated as absent): {}", slug, e.getMessage());
            return null;
        }
    }
}
