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
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's Redis for lookups: one connection kept for it, on which every GET is pipelined.
 *
 * <p>Why: the pooled client sends one command per connection at a time, so a burst of misses waited
 * for a free connection (or overflowed the pool's wait queue), and the Redis timeout, which counts that
 * wait, sent the whole burst on to MySQL (docs/adr/0009). On one connection the burst is one pipelined
 * stream: no command waits for another's reply.
 *
 * <p>The connection is watched and rebuilt (100 ms doubling to 5 s) when it ends, fails, or stops
 * answering without closing (a failover or a middlebox that holds the old path open): it is PINGed
 * every ping interval, and a PING unanswered within the interval, or
 * {@value #TIMEOUTS_BEFORE_REBUILD} lookups in a row timed out, take it for dead, so a held connection
 * is replaced within about two intervals even when no lookup uses it. Meanwhile lookups use the pooled
 * client (whose calls close a connection that missed its deadline: store's {@code BoundedRedis}). The kept
 * connection comes from a client of its own, closed with it, so a dead connection never goes back to a
 * pool. In cluster mode that client is a cluster client, whose connection keeps one per node.
 *
 * <p>Not thread-safe: opened, used and closed on its verticle's event loop.
 */
public final class PipelinedRedis {

    /** Lookups in a row that timed out on the kept connection before it is taken for dead. */
    static final int TIMEOUTS_BEFORE_REBUILD = 3;

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedRedis.class);

    private final Vertx vertx;
    private final Redis pool;
    private final Supplier<Redis> keptClients;
    private final RedisKeys keys;
    private final Duration timeout;
    private final long pingIntervalMs;
    private final LongAdder pingsUnanswered;
    private final RedisLinks pooled;
    private final String name;
    private final Reconnection reconnection = new Reconnection(this::connect, () -> !this.closed && this.connection == null);

    private RedisLinks links;
    private Redis keptClient;
    /** Volatile only so that another thread (a test) may ask {@link #pipelined()}. */
    private volatile RedisConnection connection;
    private int timeoutsInARow;
    private long pingTimer = -1;
    private boolean closed;

    /**
     * @param pool the pooled client: the fallback while there is no kept connection (also used for
     *     health checks and write-backs)
     * @param keptClients makes the client of each kept connection (a pool of one is enough)
     * @param pingInterval how often the kept connection is PINGed; a PING unanswered within it takes the
     *     connection for dead
     * @param pingsUnanswered counts the PINGs left unanswered (a metric)
     */
    public PipelinedRedis(Vertx vertx, Redis pool, Supplier<Redis> keptClients, RedisKeys keys, Duration timeout,
                          Duration pingInterval, LongAdder pingsUnanswered) {
        this.vertx = vertx;
        this.pool = pool;
        this.keptClients = keptClients;
        this.keys = keys;
        this.timeout = timeout;
        this.pingIntervalMs = pingInterval.toMillis();
        this.pingsUnanswered = pingsUnanswered;
        this.pooled = RedisLinks.over(pool, keys, timeout);
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

    /** The pooled client. */
    public Redis pool() {
        return pool;
    }

    /** A lookup was answered. */
    public void answered() {
        timeoutsInARow = 0;
    }

    /** A lookup timed out; after {@value #TIMEOUTS_BEFORE_REBUILD} in a row the kept connection is rebuilt. */
    public void timedOut() {
        RedisConnection c = connection;
        if (c != null && ++timeoutsInARow >= TIMEOUTS_BEFORE_REBUILD) {
            lost(c, TIMEOUTS_BEFORE_REBUILD + " lookups in a row timed out");
        }
    }

    /**
     * Opens the connection and starts PINGing it; never fails (when Redis is down, it retries in the
     * background). Call on the owning event loop: the PINGs run there.
     */
    public Future<Void> open() {
        pingTimer = vertx.setPeriodic(pingIntervalMs, id -> ping());
        return connect().otherwise(e -> {
            reconnection.schedule(vertx);
            return null;
        });
    }

    private Future<Void> connect() {
        long ms = Math.max(timeout.toMillis() * 4, 1000);
        Redis client = keptClients.get();
        return client.connect()
                .compose(c -> named(c, ms))
                .timeout(ms, TimeUnit.MILLISECONDS)
                .onSuccess(c -> keep(client, c))
                .onFailure(e -> {
                    client.close();
                    LOG.warn("cannot open the lookup connection to Redis (using the pool meanwhile): {}", e.toString());
                })
                .mapEmpty();
    }

    /** Names the connection ({@code CLIENT LIST} shows the edges' lookups); a refusal is no failure. */
    private Future<RedisConnection> named(RedisConnection c, long ms) {
        return c.send(Request.cmd(Command.CLIENT).arg("SETNAME").arg(name))
                .timeout(ms, TimeUnit.MILLISECONDS)
                .<RedisConnection>map(r -> c)
                .recover(e -> e instanceof TimeoutException ? Future.failedFuture(e) : Future.succeededFuture(c));
    }

    private void keep(Redis client, RedisConnection c) {
        if (closed) {
            client.close();
            return;
        }
        c.exceptionHandler(e -> lost(c, e.toString()));
        c.endHandler(v -> lost(c, "connection closed"));
        keptClient = client;
        connection = c;
        links = RedisLinks.over(c, keys, timeout);
        timeoutsInARow = 0;
        reconnection.succeeded();
    }

    /**
     * PINGs the kept connection; no answer within the interval takes it for dead. Other failures (the
     * connection closed, its queue full under a burst) are not the PING's to judge: the connection's
     * own handlers and the lookup timeouts see to them.
     */
    private void ping() {
        RedisConnection c = connection;
        if (c == null) {
            return;
        }
        c.send(Request.cmd(Command.PING))
                .timeout(pingIntervalMs, TimeUnit.MILLISECONDS)
                .onFailure(e -> {
                    if (e instanceof TimeoutException && c == connection) {
                        pingsUnanswered.increment();
                        lost(c, "PING unanswered for " + pingIntervalMs + " ms");
                    }
                });
    }

    private void lost(RedisConnection c, String why) {
        if (c != connection || closed) {
            return;
        }
        connection = null;
        links = pooled;
        LOG.warn("lost the lookup connection to Redis ({}); using the pool while it is rebuilt", why);
        keptClient.close();
        keptClient = null;
        reconnection.schedule(vertx);
    }

    /** Closes the kept connection's client and the pooled client. */
    public Future<Void> close() {
        closed = true;
        vertx.cancelTimer(pingTimer);
        connection = null;
        links = pooled;
        Future<Void> kept = keptClient == null ? Future.succeededFuture() : keptClient.close().otherwiseEmpty();
        keptClient = null;
        return kept.eventually(pool::close);
    }
}
