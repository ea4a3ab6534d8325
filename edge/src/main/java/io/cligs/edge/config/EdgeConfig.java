package io.cligs.edge.config;

import io.cligs.core.config.ConfigException;
import io.cligs.core.config.Env;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import io.cligs.core.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every variable the edge reads, with its default ({@code edge/README.md} has the table). Built
 * once at start by {@link #fromEnv}; an invalid value is a {@link ConfigException} naming the
 * variable, so the edge stops before it serves anything. Immutable.
 *
 * @param geoipDb the GeoIP2/GeoLite2 Country database, or null for the bundled test database
 * @param nativeTransport whether {@link io.cligs.edge.Main} asks Vert.x for Netty's native (epoll)
 *     transport; Vert.x falls back to NIO where it is not available
 */
public record EdgeConfig(
        String host,
        int port,
        int instances,
        MysqlUrl mysql,
        int mysqlPoolSize,
        Duration mysqlTimeout,
        RedisSettings redis,
        int redisPoolSize,
        Duration redisTimeout,
        Path geoipDb,
        List<Cidr> trustedProxies,
        int redirectMaxAge,
        int cacheSize,
        Duration cacheTtl,
        int negativeCacheSize,
        Duration negativeTtl,
        int retryAfterSeconds,
        boolean nativeTransport) {

    public static final String HOST = "CLIG_EDGE_HOST";
    public static final String PORT = "CLIG_EDGE_PORT";
    public static final String INSTANCES = "CLIG_EDGE_INSTANCES";
    public static final String MYSQL_URL = "CLIG_MYSQL_URL";
    public static final String MYSQL_POOL_SIZE = "CLIG_MYSQL_POOL_SIZE";
    public static final String MYSQL_TIMEOUT_MS = "CLIG_MYSQL_TIMEOUT_MS";
    public static final String REDIS_POOL_SIZE = "CLIG_REDIS_POOL_SIZE";
    public static final String REDIS_TIMEOUT_MS = "CLIG_REDIS_TIMEOUT_MS";
    public static final String GEOIP_DB = "CLIG_GEOIP_DB";
    public static final String TRUSTED_PROXIES = "CLIG_TRUSTED_PROXIES";
    public static final String REDIRECT_MAX_AGE = "CLIG_REDIRECT_MAX_AGE";
    public static final String CACHE_SIZE = "CLIG_EDGE_CACHE_SIZE";
    public static final String CACHE_TTL_MS = "CLIG_EDGE_CACHE_TTL_MS";
    public static final String NEGATIVE_CACHE_SIZE = "CLIG_EDGE_NEGATIVE_CACHE_SIZE";
    public static final String NEGATIVE_TTL_MS = "CLIG_EDGE_NEGATIVE_TTL_MS";
    public static final String RETRY_AFTER_S = "CLIG_RETRY_AFTER_S";
    public static final String NATIVE_TRANSPORT = "CLIG_EDGE_NATIVE_TRANSPORT";

    public static final String DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3306/cligs";
    public static final String DEFAULT_TRUSTED_PROXIES = "127.0.0.1/32,::1/128";

    public EdgeConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Reads {@code CLIG_*} variables over the defaults; throws {@link ConfigException} naming a bad one. */
    public static EdgeConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        return new EdgeConfig(
                env.string(HOST, "0.0.0.0"),
                env.port(PORT, 8080),
                env.integer(INSTANCES, Runtime.getRuntime().availableProcessors(), 1, 1024),
                env.mysqlUrl(MYSQL_URL, DEFAULT_MYSQL_URL),
                env.integer(MYSQL_POOL_SIZE, 8, 1, 1024),
                env.millis(MYSQL_TIMEOUT_MS, Duration.ofMillis(1000), 1, 600_000),
                RedisSettings.fromEnv(env),
                env.integer(REDIS_POOL_SIZE, 8, 1, 1024),
                env.millis(REDIS_TIMEOUT_MS, Duration.ofMillis(150), 1, 600_000),
                env.readableFile(GEOIP_DB),
                env.cidrs(TRUSTED_PROXIES, DEFAULT_TRUSTED_PROXIES),
                env.integer(REDIRECT_MAX_AGE, 90, 0, 31_536_000),
                env.integer(CACHE_SIZE, 1_000_000, 1, 1_000_000_000),
                env.millis(CACHE_TTL_MS, Duration.ofMinutes(10), 1, 86_400_000L * 30),
                env.integer(NEGATIVE_CACHE_SIZE, 100_000, 1, 1_000_000_000),
                env.millis(NEGATIVE_TTL_MS, Duration.ofSeconds(5), 1, 86_400_000L),
                env.integer(RETRY_AFTER_S, 5, 0, 86_400),
                env.bool(NATIVE_TRANSPORT, true));
    }

    /** The effective configuration, one {@code NAME=value} per entry, secrets masked; for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(HOST, host);
        out.put(PORT, Integer.toString(port));
        out.put(INSTANCES, Integer.toString(instances));
        out.put(MYSQL_URL, mysql.toString());
        out.put(MYSQL_POOL_SIZE, Integer.toString(mysqlPoolSize));
        out.put(MYSQL_TIMEOUT_MS, Long.toString(mysqlTimeout.toMillis()));
        out.put(RedisSettings.URL, redis.describe());
        out.put(RedisSettings.MODE, redis.mode().name().toLowerCase(java.util.Locale.ROOT));
        out.put(RedisSettings.PREFIX, redis.prefix());
        out.put(REDIS_POOL_SIZE, Integer.toString(redisPoolSize));
        out.put(REDIS_TIMEOUT_MS, Long.toString(redisTimeout.toMillis()));
        out.put(GEOIP_DB, geoipDb == null ? "(bundled MaxMind test database)" : geoipDb.toString());
        out.put(TRUSTED_PROXIES, trustedProxies.toString());
        out.put(REDIRECT_MAX_AGE, Integer.toString(redirectMaxAge));
        out.put(CACHE_SIZE, Integer.toString(cacheSize));
        out.put(CACHE_TTL_MS, Long.toString(cacheTtl.toMillis()));
        out.put(NEGATIVE_CACHE_SIZE, Integer.toString(negativeCacheSize));
        out.put(NEGATIVE_TTL_MS, Long.toString(negativeTtl.toMillis()));
        out.put(RETRY_AFTER_S, Integer.toString(retryAfterSeconds));
        out.put(NATIVE_TRANSPORT, Boolean.toString(nativeTransport));
        return out;
    }

    /** As {@link #describe()}: a record's default form would print the Redis URLs unmasked. */
    @Override
    public String toString() {
        return describe().toString();
    }

    /** The same configuration on another port (tests use port 0). */
    public EdgeConfig withPort(int newPort) {
        return new EdgeConfig(host, newPort, instances, mysql, mysqlPoolSize, mysqlTimeout, redis, redisPoolSize,
                redisTimeout, geoipDb, trustedProxies, redirectMaxAge, cacheSize, cacheTtl, negativeCacheSize,
                negativeTtl, retryAfterSeconds, nativeTransport);
    }
}
