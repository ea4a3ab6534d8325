package io.cligs.edge.config;

import static io.cligs.core.config.EnvVar.*;

import io.cligs.core.config.ConfigException;
import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import io.cligs.core.net.Cidr;
import io.cligs.edge.click.ClickConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every variable the edge reads; their names and defaults are in the registry, {@link EnvVar}
 * ({@code edge/README.md} has the table, checked against it). Built
 * once at start by {@link #fromEnv}; an invalid value is a {@link ConfigException} naming the
 * variable, so the edge stops before it serves anything. Immutable.
 *
 * @param geoipDb the GeoIP2/GeoLite2 Country database, or null for the bundled test database
 * @param clicks the click pipeline's variables
 * @param nativeTransport whether {@link io.cligs.edge.Main} asks Vert.x for Netty's native (epoll)
 *     transport; Vert.x falls back to NIO where it is not available
 * @param front how client connections are treated, and the management port
 */
public record EdgeConfig(
        String host,
        int port,
        int instances,
        MysqlUrl mysql,
        int mysqlPoolSize,
        Duration mysqlTimeout,
        Duration mysqlIdleTimeout,
        Duration mysqlMaxLifetime,
        RedisSettings redis,
        int redisPoolSize,
        Duration redisTimeout,
        Duration pingInterval,
        Path geoipDb,
        List<Cidr> trustedProxies,
        int redirectMaxAge,
        int cacheSize,
        Duration cacheTtl,
        int negativeCacheSize,
        Duration negativeTtl,
        int retryAfterSeconds,
        boolean nativeTransport,
        HttpFront front,
        ClickConfig clicks) {

    // Names kept for the callers that predate the registry (the edge's Main and test fixtures);
    // the registry, EnvVar, is their home.
    public static final String HOST = CLIG_EDGE_HOST.name();
    public static final String PORT = CLIG_EDGE_PORT.name();
    public static final String INSTANCES = CLIG_EDGE_INSTANCES.name();
    public static final String MYSQL_URL = CLIG_MYSQL_URL.name();
    public static final String TRUSTED_PROXIES = CLIG_TRUSTED_PROXIES.name();
    public static final String NATIVE_TRANSPORT = CLIG_EDGE_NATIVE_TRANSPORT.name();
    public static final String MANAGEMENT_PORT = CLIG_EDGE_MANAGEMENT_PORT.name();

    public EdgeConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Reads {@code CLIG_*} variables over the defaults; throws {@link ConfigException} naming a bad one. */
    public static EdgeConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        return new EdgeConfig(
                env.string(CLIG_EDGE_HOST),
                env.port(CLIG_EDGE_PORT),
                env.integer(CLIG_EDGE_INSTANCES, 1, 1024),
                env.mysqlUrl(CLIG_MYSQL_URL),
                env.integer(CLIG_MYSQL_POOL_SIZE, 1, 1024),
                env.millis(CLIG_MYSQL_TIMEOUT_MS, 1, 600_000),
                env.millis(CLIG_MYSQL_IDLE_TIMEOUT_MS, 1, Integer.MAX_VALUE),
                env.millis(CLIG_MYSQL_MAX_LIFETIME_MS, 1, Integer.MAX_VALUE),
                RedisSettings.fromEnv(env),
                env.integer(CLIG_REDIS_POOL_SIZE, 1, 1024),
                env.millis(CLIG_REDIS_TIMEOUT_MS, 1, 600_000),
                env.millis(CLIG_EDGE_PING_INTERVAL_MS, 10, 60_000),
                env.readableFile(CLIG_GEOIP_DB),
                env.cidrs(CLIG_TRUSTED_PROXIES),
                env.integer(CLIG_REDIRECT_MAX_AGE, 0, 31_536_000),
                env.integer(CLIG_EDGE_CACHE_SIZE, 1, 1_000_000_000),
                env.millis(CLIG_EDGE_CACHE_TTL_MS, 1, 86_400_000L * 30),
                env.integer(CLIG_EDGE_NEGATIVE_CACHE_SIZE, 1, 1_000_000_000),
                env.millis(CLIG_EDGE_NEGATIVE_TTL_MS, 1, 86_400_000L),
                env.integer(CLIG_RETRY_AFTER_S, 0, 86_400),
                env.bool(CLIG_EDGE_NATIVE_TRANSPORT),
                HttpFront.fromEnv(env),
                ClickConfig.fromEnv(env));
    }

    /**
     * The effective configuration, one {@code NAME=value} per entry, for the start-up log; values
     * of the registry's secret variables are masked by {@link EnvVar#printable}.
     */
    public Map<String, String> describe() {
        Map<EnvVar, String> values = new EnumMap<>(EnvVar.class);
        values.put(CLIG_EDGE_HOST, host);
        values.put(CLIG_EDGE_PORT, Integer.toString(port));
        values.put(CLIG_EDGE_INSTANCES, Integer.toString(instances));
        values.put(CLIG_MYSQL_URL, mysql.url());
        values.put(CLIG_MYSQL_POOL_SIZE, Integer.toString(mysqlPoolSize));
        values.put(CLIG_MYSQL_TIMEOUT_MS, Long.toString(mysqlTimeout.toMillis()));
        values.put(CLIG_MYSQL_IDLE_TIMEOUT_MS, Long.toString(mysqlIdleTimeout.toMillis()));
        values.put(CLIG_MYSQL_MAX_LIFETIME_MS, Long.toString(mysqlMaxLifetime.toMillis()));
        values.put(CLIG_REDIS_URL, redis.url());
        values.put(CLIG_REDIS_MODE, redis.modeName());
        values.put(CLIG_REDIS_PREFIX, redis.prefix());
        values.put(CLIG_REDIS_POOL_SIZE, Integer.toString(redisPoolSize));
        values.put(CLIG_REDIS_TIMEOUT_MS, Long.toString(redisTimeout.toMillis()));
        values.put(CLIG_EDGE_PING_INTERVAL_MS, Long.toString(pingInterval.toMillis()));
        values.put(CLIG_GEOIP_DB, geoipDb == null ? "(bundled MaxMind test database)" : geoipDb.toString());
        values.put(CLIG_TRUSTED_PROXIES, trustedProxies.toString());
        values.put(CLIG_REDIRECT_MAX_AGE, Integer.toString(redirectMaxAge));
        values.put(CLIG_EDGE_CACHE_SIZE, Integer.toString(cacheSize));
        values.put(CLIG_EDGE_CACHE_TTL_MS, Long.toString(cacheTtl.toMillis()));
        values.put(CLIG_EDGE_NEGATIVE_CACHE_SIZE, Integer.toString(negativeCacheSize));
        values.put(CLIG_EDGE_NEGATIVE_TTL_MS, Long.toString(negativeTtl.toMillis()));
        values.put(CLIG_RETRY_AFTER_S, Integer.toString(retryAfterSeconds));
        values.put(CLIG_EDGE_NATIVE_TRANSPORT, Boolean.toString(nativeTransport));
        front.describe(values);
        clicks.describeInto(values);
        return EnvVar.describe(values);
    }

    /** As {@link #describe()}: a record's default form would print the Redis URLs unmasked. */
    @Override
    public String toString() {
        return describe().toString();
    }

    /** The same configuration on another port (tests use port 0). */
    public EdgeConfig withPort(int newPort) {
        return new EdgeConfig(host, newPort, instances, mysql, mysqlPoolSize, mysqlTimeout, mysqlIdleTimeout,
                mysqlMaxLifetime, redis, redisPoolSize, redisTimeout, pingInterval, geoipDb, trustedProxies, redirectMaxAge,
                cacheSize, cacheTtl, negativeCacheSize, negativeTtl, retryAfterSeconds, nativeTransport, front, clicks);
    }
}
