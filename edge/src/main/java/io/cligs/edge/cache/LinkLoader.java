package io.cligs.edge.cache;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.redirect.Resolution;
import io.cligs.edge.redirect.Resolutions;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks a slug up past the in-process caches: Redis, then MySQL (the truth). Every call has its own
 * timeout ({@link Future#timeout}; neither client has one). A Redis failure or timeout falls through
 * to MySQL; a MySQL failure or timeout is {@link Resolution#UNAVAILABLE} (503), never a false 404.
 * A link found in MySQL after a Redis miss is written back to Redis ({@code SET NX}: an admin-api
 * write-through that lands first wins), fire-and-forget. The returned future never fails.
 *
 * <p>One per redirect verticle (its clients belong to that verticle's event loop).
 */
public final class LinkLoader {

    static final String SELECT_LINK = "SELECT c.id, c.slug, c.target, c.status, c.version, r.country, r.target, c.expires_at "
            + "FROM cligs c LEFT JOIN rightclig_rules r ON r.clig_id = c.id WHERE c.slug = ?";

    private static final Logger LOG = LoggerFactory.getLogger(LinkLoader.class);

    private final Redis redis;
    private final Pool mysql;
    private final RedisKeys keys;
    private final Resolutions resolutions;
    private final EdgeMetrics metrics;
    private final long redisTimeoutMs;
    private final long mysqlTimeoutMs;
    /** Touched only on this loader's event loop. */
    private long lastWarnNanos = System.nanoTime() - 2_000_000_000L;

    public LinkLoader(Redis redis, Pool mysql, RedisKeys keys, Resolutions resolutions, EdgeMetrics metrics,
                      Duration redisTimeout, Duration mysqlTimeout) {
        this.redis = redis;
        this.mysql = mysql;
        this.keys = keys;
        this.resolutions = resolutions;
        this.metrics = metrics;
        this.redisTimeoutMs = redisTimeout.toMillis();
        this.mysqlTimeoutMs = mysqlTimeout.toMillis();
    }

    /** Redis, then MySQL; never fails. */
    public Future<Resolution> load(String slug) {
        return fromRedis(slug).compose(
                link -> link != null ? Future.succeededFuture(resolutions.of(link)) : fromMysql(slug, true),
                failure -> fromMysql(slug, false));
    }

    /** The link in Redis, null when absent or unreadable; fails when Redis fails or is too slow. */
    private Future<Link> fromRedis(String slug) {
        metrics.redisGets.increment();
        return redis.send(Request.cmd(Command.GET).arg(keys.link(slug)))
                .timeout(redisTimeoutMs, TimeUnit.MILLISECONDS)
                .onFailure(e -> redisFailed("GET", slug, e))
                .map(response -> decode(slug, response));
    }

    private Link decode(String slug, Response response) {
        if (response == null) {
            metrics.redisMisses.increment();
            return null;
        }
        try {
            Link link = LinkCodec.decode(response.toString());
            metrics.redisHits.increment();
            return link;
        } catch (RuntimeException e) {
            metrics.redisMisses.increment();
            LOG.warn("unreadable Redis value for slug {}, asking MySQL: {}", slug, e.getMessage());
            return null;
        }
    }

    private Future<Resolution> fromMysql(String slug, boolean writeBack) {
        metrics.mysqlQueries.increment();
        return mysql.preparedQuery(SELECT_LINK).execute(Tuple.of(slug))
                .timeout(mysqlTimeoutMs, TimeUnit.MILLISECONDS)
                .map(rows -> {
                    Link link = toLink(rows);
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
                .otherwise(e -> {
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
                });
    }

    /** The link from the query's rows (one per rule, or one with NULL rule columns), or null. */
    static Link toLink(RowSet<Row> rows) {
        Link first = null;
        Map<CountryCode, TargetUrl> rules = new HashMap<>();
        long id = 0;
        String slug = null;
        String target = null;
        String status = null;
        long version = 0;
        LocalDateTime expiresAt = null;
        for (Row row : rows) {
            expiresAt = row.getLocalDateTime(7);
            id = row.getLong(0);
            slug = row.getString(1);
            target = row.getString(2);
            status = row.getString(3);
            version = row.getLong(4);
            String country = row.getString(5);
            if (country != null) {
                rules.put(CountryCode.parse(country), TargetUrl.of(row.getString(6)));
            }
        }
        if (slug != null) {
            first = new Link(id, Slug.parse(slug), TargetUrl.of(target), LinkStatus.parse(status), rules, version,
                    expiresAt == null ? null : expiresAt.toInstant(ZoneOffset.UTC));
        }
        return first;
    }

    private void writeBack(Link link) {
        metrics.redisWriteBacks.increment();
        redis.send(Request.cmd(Command.SET).arg(keys.link(link.slug())).arg(LinkCodec.encode(link)).arg("NX"))
                .timeout(redisTimeoutMs, TimeUnit.MILLISECONDS)
                .onFailure(e -> redisFailed("SET", link.slug().value(), e));
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

    /** At most one warning per second per loader (Redis and MySQL together): an outage must not flood the log. */
    private boolean shouldWarn() {
        long now = System.nanoTime();
        if (now - lastWarnNanos < 1_000_000_000L) {
            return false;
        }
        lastWarnNanos = now;
        return true;
    }
}
