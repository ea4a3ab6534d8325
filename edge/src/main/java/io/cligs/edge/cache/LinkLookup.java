package io.cligs.edge.cache;

import io.cligs.core.link.Link;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.store.BoundedRedis;
import io.cligs.store.BoundedSql;
import io.cligs.store.link.LinkReader;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's lookup of a slug, every tier in one place: the shared {@link LinkCache} (Caffeine, then
 * the negative cache), then, single-flight, Redis (store's {@link io.cligs.store.link.RedisLinks}, pipelined on this event loop's
 * {@link PipelinedRedis} connection) and MySQL (store's
 * {@link LinkReader}), with the metrics of each tier. Every remote call has its own timeout. A Redis
 * failure or timeout falls through to MySQL; a MySQL failure or timeout is
 * {@link Resolution#UNAVAILABLE} (503), never a false 404. A link found in MySQL after a Redis miss is
 * written back to Redis ({@code SET NX}: a writer's write-through that lands first wins),
 * fire-and-forget. Failures are logged at most once a second per lookup.
 *
 * <p>One per redirect verticle: it owns that verticle's clients, which belong to its event loop; the
 * {@link LinkCache} is shared by all of them. Not thread-safe.
 */
public final class LinkLookup {

    private static final Logger LOG = LoggerFactory.getLogger(LinkLookup.class);

    private final LinkCache cache;
    private final PipelinedRedis redis;
    private final Pool mysqlPool;
    private final LinkReader mysql;
    private final Resolutions resolutions;
    private final EdgeMetrics metrics;
    private final long redisTimeoutMs;
    private final long mysqlTimeoutMs;
    private final Function<String, CompletionStage<Resolution>> remote = slug -> remote(slug).toCompletionStage();
    private long lastWarnNanos = System.nanoTime() - 2_000_000_000L;

    public LinkLookup(LinkCache cache, PipelinedRedis redis, Pool mysql, Resolutions resolutions, EdgeMetrics metrics,
                      Duration redisTimeout, Duration mysqlTimeout) {
        this.cache = cache;
        this.redis = redis;
        this.mysqlPool = mysql;
        this.mysql = new LinkReader(mysql, mysqlTimeout);
        this.resolutions = resolutions;
        this.metrics = metrics;
        this.redisTimeoutMs = redisTimeout.toMillis();
        this.mysqlTimeoutMs = mysqlTimeout.toMillis();
    }

    /**
     * Opens the Redis lookup connection and a MySQL connection before the first visitor needs one, so
     * that connection set-up does not eat into the first lookups' timeouts. Never fails: a dependency
     * that is down now is handled per request. Call on the owning event loop.
     */
    public Future<Void> open() {
        Future<?> redisPing = BoundedRedis.send(redis.pool(), Request.cmd(Command.PING), redisTimeoutMs * 4);
        Future<?> mysqlPing = BoundedSql.withConnection(mysqlPool, mysqlTimeoutMs, c -> c.query("SELECT 1").execute());
        return Future.join(redis.open(), redisPing, mysqlPing).<Void>mapEmpty().otherwiseEmpty();
    }

    public Future<Void> close() {
        return Future.join(redis.close(), mysqlPool.close()).mapEmpty();
    }

    /**
     * The in-process answer, or null when the slug must be {@link #load}ed. The hot path: no allocation.
     */
    public Resolution cached(String slug) {
        Resolution r = cache.link(slug);
        if (r != null) {
            metrics.caffeineHits.increment();
            return r;
        }
        metrics.caffeineMisses.increment();
        if (cache.knownUnknown(slug)) {
            metrics.negativeHits.increment();
            return Resolution.NOT_FOUND;
        }
        metrics.negativeMisses.increment();
        return null;
    }

    /** Redis, then MySQL, joining a load of the same slug in flight on any event loop; never fails. */
    public CompletionStage<Resolution> load(String slug) {
        LinkCache.Flight flight = cache.load(slug, remote);
        if (flight.joined()) {
            metrics.singleFlightJoins.increment();
        }
        return flight.future();
    }

    private Future<Resolution> remote(String slug) {
        return fromRedis(slug).compose(
                link -> link != null ? Future.succeededFuture(resolutions.of(link)) : fromMysql(slug, true),
                failure -> fromMysql(slug, false));
    }

    /** The link in Redis, null when absent or unreadable; fails when Redis fails or is too slow. */
    private Future<Link> fromRedis(String slug) {
        metrics.redisGets.increment();
        return redis.links().get(slug)
                .onSuccess(link -> {
                    redis.answered();
                    (link == null ? metrics.redisMisses : metrics.redisHits).increment();
                })
                .onFailure(e -> {
                    if (e instanceof TimeoutException) {
                        redis.timedOut();
                    }
                    redisFailed("GET", slug, e);
                });
    }

    private Future<Resolution> fromMysql(String slug, boolean writeBack) {
        metrics.mysqlQueries.increment();
        return mysql.bySlug(slug)
                .map(link -> {
                    if (link == null) {
                        metrics.mysqlMisses.increment();
                        return (Resolution) Resolution.NOT_FOUND;
                    }
                    metrics.mysqlHits.increment();
                    if (writeBack) {
                        writeBack(link);
                    }
                    return resolutions.of(link);
                })
                .otherwise(e -> mysqlFailed(slug, e));
    }

    private Resolution mysqlFailed(String slug, Throwable e) {
        if (e instanceof TimeoutException) {
            metrics.mysqlTimeouts.increment();
            if (shouldWarn()) {
                LOG.warn("MySQL lookup of slug {} timed out after {} ms (answered 503)", slug, mysqlTimeoutMs);
            }
        } else {
            metrics.mysqlErrors.increment();
            if (shouldWarn()) {
                LOG.warn("MySQL lookup of slug {} failed (answered 503): {}", slug, e.toString());
            }
        }
        return Resolution.UNAVAILABLE;
    }

    private void writeBack(Link link) {
        metrics.redisWriteBacks.increment();
        redis.links().setIfAbsent(link).onFailure(e -> redisFailed("SET", link.slug().value(), e));
    }

    private void redisFailed(String command, String slug, Throwable e) {
        if (e instanceof TimeoutException) {
            metrics.redisTimeouts.increment();
            if (shouldWarn()) {
                LOG.warn("Redis {} for slug {} timed out after {} ms (further failures within 1 s not logged)",
                        command, slug, redisTimeoutMs);
            }
        } else {
            metrics.redisErrors.increment();
            if (shouldWarn()) {
                LOG.warn("Redis {} for slug {} failed (further failures within 1 s not logged): {}", command, slug, e.toString());
            }
        }
    }

    /** At most one warning per second per lookup (Redis and MySQL together): an outage must not flood the log. */
    private boolean shouldWarn() {
        long now = System.nanoTime();
        if (now - lastWarnNanos < 1_000_000_000L) {
            return false;
        }
        lastWarnNanos = now;
        return true;
    }
}
