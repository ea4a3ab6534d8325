package io.cligs.edge.cache;

import io.cligs.core.redis.RedisKeys;
import io.cligs.store.link.RedisLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's Redis for lookups: one connection kept for it, on which every GET is pipelined.
 *
 * <p>Why: the pooled client sends one command per connection at a time, so a burst of misses waited
 * for a free connection (or overflowed the pool's wait queue), and the Redis timeout, which counts that
 * wait, sent the whole burst on to MySQL. On one connection the burst is one pipelined stream: no
 * command waits for another's reply. The connection is watched: when it ends or fails, lookups use the
 * pooled client while it is rebuilt (100 ms doubling to 5 s). In cluster mode the connection is the
 * cluster client's, which keeps one per node.
 *
 * <p>Not thread-safe: opened, used and closed on its verticle's event loop.
 */
public final class PipelinedRedis {

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedRedis.class);

    private final Vertx vertx;
    private final Redis client;
    private final RedisKeys keys;
    private final Duration timeout;
    private final RedisLinks pooled;
    private final Backoff backoff = new Backoff();

    private final String name;
    private RedisLinks links;
    /** Volatile only so that another thread (a test) may ask {@link #pipelined()}. */
    private volatile RedisConnection connection;
    private boolean closed;
    private boolean retryPending;

    public PipelinedRedis(Vertx vertx, Redis client, RedisKeys keys, Duration timeout) {
        this.vertx = vertx;
        this.client = client;
        this.keys = keys;
        this.timeout = timeout;
        this.pooled = RedisLinks.over(client, keys, timeout);
        this.links = pooled;
        this.name = "cligs-edge-lookup:" + keys.prefix();
    }

    /** The link keys over the kept connection, or over the pool while there is none. */
    public RedisLinks links() {
        return links;
    }

    /** Whether lookups are pipelined on the kept connection now. */
    public boolean pipelined() {
        return connection != null;
    }

    /** The name of the kept connection in Redis ({@code CLIENT SETNAME}). */
    public String name() {
        return name;
    }

    /** The pooled client (health checks). */
    public Redis client() {
        return client;
    }

    /** Opens the connection; never fails (when Redis is down, it retries in the background). */
    public Future<Void> open() {
        return connect().otherwise(e -> {
            retry();
            return null;
        });
    }

    private Future<Void> connect() {
        long ms = Math.max(timeout.toMillis() * 4, 1000);
        return client.connect()
                .compose(c -> named(c, ms))
                .timeout(ms, TimeUnit.MILLISECONDS)
                .onSuccess(this::keep)
                .onFailure(e -> LOG.warn("cannot open the lookup connection to Redis (using the pool meanwhile): {}", e.toString()))
                .mapEmpty();
    }

    /** Names the connection ({@code CLIENT LIST} shows which ones are the edges' lookups); a refusal is no failure. */
    private Future<RedisConnection> named(RedisConnection c, long ms) {
        return c.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(name))
                .timeout(ms, TimeUnit.MILLISECONDS)
                .<RedisConnection>map(r -> c)
                .recover(e -> e instanceof TimeoutException ? Future.failedFuture(e) : Future.succeededFuture(c))
                .onFailure(e -> c.close());
    }

    private void keep(RedisConnection c) {
        if (closed) {
            c.close();
            return;
        }
        c.exceptionHandler(e -> lost(c, e.toString()));
        c.endHandler(v -> lost(c, "connection closed"));
        connection = c;
        links = RedisLinks.over(c, keys, timeout);
        backoff.reset();
    }

    private void lost(RedisConnection c, String why) {
        if (c != connection || closed) {
            return;
        }
        connection = null;
        links = pooled;
        LOG.warn("lost the lookup connection to Redis ({}); using the pool while it is rebuilt", why);
        c.close();
        retry();
    }

    private void retry() {
        if (closed || retryPending) {
            return;
        }
        retryPending = true;
        vertx.setTimer(backoff.next(), id -> {
            retryPending = false;
            if (!closed && connection == null) {
                connect().onFailure(e -> retry());
            }
        });
    }

    /** Closes the connection and the pooled client. */
    public Future<Void> close() {
        closed = true;
        RedisConnection c = connection;
        connection = null;
        links = pooled;
        Future<Void> closing = c == null ? Future.succeededFuture() : c.close().otherwiseEmpty();
        return closing.eventually(client::close);
    }
}
