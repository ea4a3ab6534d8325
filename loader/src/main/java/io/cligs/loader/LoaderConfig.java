package io.cligs.loader;

import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The loader's configuration from {@code CLIG_*} variables, read through the registry
 * ({@link EnvVar} holds their names and defaults): the database of record, Redis, and the GeoIP
 * database ({@code verify --edge} plays visitors from its countries).
 *
 * @param geoipDb null: MaxMind's test database bundled in core
 */
public record LoaderConfig(MysqlUrl mysql, RedisSettings redis, Path geoipDb) {

    public static LoaderConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        return new LoaderConfig(
                env.mysqlUrl(EnvVar.CLIG_MYSQL_URL),
                RedisSettings.fromEnv(env),
                env.readableFile(EnvVar.CLIG_GEOIP_DB));
    }

    /** The effective configuration, one line, secrets masked as the registry marks them. */
    public String describe() {
        Map<EnvVar, String> values = new EnumMap<>(EnvVar.class);
        values.put(EnvVar.CLIG_MYSQL_URL, mysql.url());
        values.put(EnvVar.CLIG_REDIS_URL, redis.url());
        values.put(EnvVar.CLIG_REDIS_MODE, redis.modeName());
        values.put(EnvVar.CLIG_REDIS_PREFIX, redis.prefix());
        values.put(EnvVar.CLIG_GEOIP_DB, geoipDb == null ? "(bundled test database)" : geoipDb.toString());
        return EnvVar.describe(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
