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
 * Redis error or timeout. Writes never move a key back to an older {@link Link#version()}: they run a
 * small script that compares versions inside Redis, so two writers racing (a warm and an API write)
 * cannot leave the older link behind. Works over the pooled client (each call through
 * {@link BoundedRedis}, so a connection that missed its deadline is closed, not lent again) or one
 * dedicated connection (pipelined; its owner watches it); thread-safe as far as that is.
 */
public final class RedisLinks {

    /** What a write did to one key. */
    public enum Stored { WRITTEN, UNCHANGED, KEPT_NEWER }

    /** A page of a SCAN over the link keys: the next cursor ({@code "0"} at the end) and slugs seen. */
    public record ScanPage(String cursor, List<String> slugs) {
    }

    /**
     * For each i: KEYS[i] a link key, ARGV[2i] the encoded link, ARGV[2i+1] its version; ARGV[1] "1" to
     * write whatever the stored version. Returns per key 0 unchanged, 1 written, 2 kept (the stored link
     * is newer). The version is the third TAB-separated field of the value (LinkCodec). Several keys per
     * call make a warm cheaper than one SET each; in a Redis Cluster each call has one key (one slot).
     */
    static final String STORE_SCRIPT = String.join("\n",
            "local out = {}",
            "local force = ARGV[1] == '1'",
            "for i = 1, #KEYS do",
            "  local val = ARGV[2 * i]",
            "  local code = 1",
            "  local cur = redis.call('GET', KEYS[i])",
            "  if cur then",
            "    if cur == val then code = 0",
            "    elseif not force then",
            "      local v = string.match(cur, '^[^\\t]*\\t[^\\t]*\\t(%d+)\\t')",
            "      if v and tonumber(v) > tonumber(ARGV[2 * i + 1]) then code = 2 end",
            "    end",
            "  end",
            "  if code == 1 then redis.call('SET', KEYS[i], val) end",
            "  out[i] = code",
            "end",
            "return out");

    /** Links per script call on a standalone Redis. */
    static final int KEYS_PER_CALL = 100;

    private static final Logger LOG = LoggerFactory.getLogger(RedisLinks.class);

    /** Sends one request within a deadline in ms. */
    private final BiFunction<Request, Long, Future<Response>> send;
    /** Sends requests pipelined within a deadline in ms. */
    private final BiFunction<List<Request>, Long, Future<List<Response>>> batch;
    private final RedisKeys keys;
    private final long timeoutMs;
    private final int keysPerCall;
    private volatile String scriptSha;

    private RedisLinks(BiFunction<Request, Long, Future<Response>> send,
                       BiFunction<List<Request>, Long, Future<List<Response>>> batch, RedisKeys keys, Duration timeout, boolean cluster) {
        this.send = send;
        this.batch = batch;
        this.keys = keys;
        this.timeoutMs = timeout.toMillis();
        this.keysPerCall = cluster ? 1 : KEYS_PER_CALL;
    }

    /**
     * Over the pooled client: each call takes a connection of the pool, which is closed instead of given
     * back when the call misses its deadline ({@link BoundedRedis}).
     *
     * @param cluster a Redis Cluster: multi-key calls are split so that each touches one slot
     */
    public static RedisLinks over(Redis redis, RedisKeys keys, Duration timeout, boolean cluster) {
        return new RedisLinks((r, ms) -> BoundedRedis.send(redis, r, ms), (rs, ms) -> BoundedRedis.batch(redis, rs, ms),
                keys, timeout, cluster);
    }

    /** Over one connection to a standalone Redis: calls are pipelined on it, none waits for a free connection. */
    public static RedisLinks over(RedisConnection connection, RedisKeys keys, Duration timeout) {
        return new RedisLinks((r, ms) -> connection.send(r).timeout(ms, TimeUnit.MILLISECONDS),
                (rs, ms) -> connection.batch(rs).timeout(ms, TimeUnit.MILLISECONDS), keys, timeout, false);
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

    /** Writes the links (pipelined, one script call each); {@code force} writes even over newer versions. */
    public Future<List<Stored>> store(List<Link> links, boolean force) {
        if (links.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return scriptSha().compose(sha -> storeWith(sha, links, force)
                .recover(e -> {
                    if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                        scriptSha = null; // Redis restarted and forgot the script: load it again, once
                        return scriptSha().compose(again -> storeWith(again, links, force));
                    }
                    return Future.failedFuture(e);
                }));
    }

    private Future<List<Stored>> storeWith(String sha, List<Link> links, boolean force) {
        List<Request> requests = new ArrayList<>(links.size() / keysPerCall + 1);
        String forced = force ? "1" : "0";
        for (int from = 0; from < links.size(); from += keysPerCall) {
            List<Link> part = links.subList(from, Math.min(links.size(), from + keysPerCall));
            Request r = Request.cmd(Command.EVALSHA).arg(sha).arg(part.size());
            for (Link l : part) {
                r.arg(keys.link(l.slug()));
            }
            r.arg(forced);
            for (Link l : part) {
                r.arg(LinkCodec.encode(l)).arg(l.version());
            }
            requests.add(r);
        }
        return callBatch(requests, links.size()).map(replies -> {
            List<Stored> out = new ArrayList<>(links.size());
            for (Response codes : replies) {
                for (Response code : codes) {
                    int c = code.toInteger();
                    out.add(c == 1 ? Stored.WRITTEN : c == 2 ? Stored.KEPT_NEWER : Stored.UNCHANGED);
                }
            }
            return out;
        });
    }

    private Future<String> scriptSha() {
        String sha = scriptSha;
        if (sha != null) {
            return Future.succeededFuture(sha);
        }
        return call(Request.cmd(Command.SCRIPT).arg("LOAD").arg(STORE_SCRIPT)).map(r -> {
            scriptSha = r.toString();
            return scriptSha;
        });
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
