package io.cligs.loader;

import io.cligs.core.config.Env;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The loader's configuration from {@code CLIG_*} variables (DESIGN.md names): the database of
 * record, Redis, and the GeoIP database ({@code verify --edge} plays visitors from its countries).
 *
 * @param geoipDb null: MaxMind's test database bundled in core
 */
public record LoaderConfig(MysqlUrl mysql, RedisSettings redis, Path geoipDb) {

    public static final String MYSQL_URL = "CLIG_MYSQL_URL";
    public static final String GEOIP_DB = "CLIG_GEOIP_DB";

    public static LoaderConfig fromEnv(Map<String, String> vars) {
        Env env = Env.of(vars);
        return new LoaderConfig(
                env.mysqlUrl(MYSQL_URL, "mysql://root@127.0.0.1:3306/cligs"),
                RedisSettings.fromEnv(env),
                env.readableFile(GEOIP_DB));
    }

    /** The effective configuration, passwords masked, one line. */
    public String describe() {
        return MYSQL_URL + "=" + mysql + " " + RedisSettings.URL + "=" + redis.describe()
                + " " + RedisSettings.MODE + "=" + redis.mode().name().toLowerCase(java.util.Locale.ROOT)
                + " " + RedisSettings.PREFIX + "=" + redis.prefix()
                + " " + GEOIP_DB + "=" + (geoipDb == null ? "(bundled test database)" : geoipDb);
    }
}
