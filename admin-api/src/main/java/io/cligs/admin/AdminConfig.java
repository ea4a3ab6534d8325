package io.cligs.admin;

import static io.cligs.core.config.EnvVar.CLIG_ADMIN_HOST;
import static io.cligs.core.config.EnvVar.CLIG_ADMIN_POOL_SIZE;
import static io.cligs.core.config.EnvVar.CLIG_ADMIN_PORT;
import static io.cligs.core.config.EnvVar.CLIG_ADMIN_TIMEOUT_MS;
import static io.cligs.core.config.EnvVar.CLIG_MYSQL_URL;
import static io.cligs.core.config.EnvVar.CLIG_PASSWORD_QUEUE;
import static io.cligs.core.config.EnvVar.CLIG_PASSWORD_WORKERS;
import static io.cligs.core.config.EnvVar.CLIG_PUBLIC_BASE_URL;
import static io.cligs.core.config.EnvVar.CLIG_REDIS_MODE;
import static io.cligs.core.config.EnvVar.CLIG_REDIS_PREFIX;
import static io.cligs.core.config.EnvVar.CLIG_REDIS_URL;
import static io.cligs.core.config.EnvVar.CLIG_SESSION_TTL;
import static io.cligs.core.config.EnvVar.CLIG_RATE_READS_PER_MIN;
import static io.cligs.core.config.EnvVar.CLIG_RATE_WRITES_PER_MIN;
import static io.cligs.core.config.EnvVar.CLIG_LOGIN_FAILURES_PER_MIN;

import io.cligs.admin.aggregate.AggregatorConfig;
import io.cligs.core.config.ConfigException;
import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The admin API's configuration from {@code CLIG_*} variables, read through the registry ({@link EnvVar}
 * holds their names and defaults). Validated here, so a bad value stops start-up naming the variable.
 *
 * @param publicBaseUrl how short URLs are written: {@code publicBaseUrl + "/" + slug}, without a trailing slash
 */
public record AdminConfig(String host, int port, String publicBaseUrl, MysqlUrl mysql, RedisSettings redis, int poolSize,
                          Duration timeout, Duration sessionTtl, int passwordWorkers, int passwordQueue,
                          int readsPerMinute, int writesPerMinute, int loginFailuresPerMinute,
                          AggregatorConfig aggregator) {

    public static AdminConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        return new AdminConfig(
                env.string(CLIG_ADMIN_HOST),
                env.port(CLIG_ADMIN_PORT),
                baseUrl(env.string(CLIG_PUBLIC_BASE_URL)),
                env.mysqlUrl(CLIG_MYSQL_URL),
                RedisSettings.fromEnv(env),
                env.integer(CLIG_ADMIN_POOL_SIZE, 1, 1024),
                env.millis(CLIG_ADMIN_TIMEOUT_MS, 1, 600_000),
                Duration.ofSeconds(env.integer(CLIG_SESSION_TTL, 60, 31_536_000)),
                env.integer(CLIG_PASSWORD_WORKERS, 1, 256),
                env.integer(CLIG_PASSWORD_QUEUE, 1, 100_000),
                env.integer(CLIG_RATE_READS_PER_MIN, 1, 10_000_000),
                env.integer(CLIG_RATE_WRITES_PER_MIN, 1, 10_000_000),
                env.integer(CLIG_LOGIN_FAILURES_PER_MIN, 1, 10_000_000),
                AggregatorConfig.fromEnv(env));
    }

    /** The effective configuration, in the registry's order, secrets masked: what {@link Main} prints. */
    public Map<String, String> describe() {
        Map<EnvVar, String> values = new EnumMap<>(EnvVar.class);
        values.put(CLIG_ADMIN_HOST, host);
        values.put(CLIG_ADMIN_PORT, Integer.toString(port));
        values.put(CLIG_PUBLIC_BASE_URL, publicBaseUrl);
        values.put(CLIG_MYSQL_URL, mysql.url());
        values.put(CLIG_REDIS_URL, redis.url());
        values.put(CLIG_REDIS_MODE, redis.modeName());
        values.put(CLIG_REDIS_PREFIX, redis.prefix());
        values.put(CLIG_ADMIN_POOL_SIZE, Integer.toString(poolSize));
        values.put(CLIG_ADMIN_TIMEOUT_MS, Long.toString(timeout.toMillis()));
        values.put(CLIG_SESSION_TTL, Long.toString(sessionTtl.toSeconds()));
        values.put(CLIG_PASSWORD_WORKERS, Integer.toString(passwordWorkers));
        values.put(CLIG_PASSWORD_QUEUE, Integer.toString(passwordQueue));
        values.put(CLIG_RATE_READS_PER_MIN, Integer.toString(readsPerMinute));
        values.put(CLIG_RATE_WRITES_PER_MIN, Integer.toString(writesPerMinute));
        values.put(CLIG_LOGIN_FAILURES_PER_MIN, Integer.toString(loginFailuresPerMinute));
        aggregator.describe(values);
        return EnvVar.describe(values);
    }

    /** The short URL of a slug. */
    public String shortUrl(String slug) {
        return publicBaseUrl + "/" + slug;
    }

    private static String baseUrl(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(CLIG_PUBLIC_BASE_URL.name(), "'" + value + "' is not an http(s)://host URL");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(CLIG_PUBLIC_BASE_URL.name(), "'" + value + "' is not a URL");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
