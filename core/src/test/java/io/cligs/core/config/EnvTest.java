package io.cligs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void unsetVariablesTakeTheirDefaults() {
        Env env = Env.of(Map.of());
        assertEquals(8080, env.port(EnvVar.CLIG_EDGE_PORT));
        assertEquals("clig:", env.string(EnvVar.CLIG_REDIS_PREFIX));
        assertEquals(MysqlUrl.parse("mysql://root@127.0.0.1:3306/cligs"), env.mysqlUrl(EnvVar.CLIG_MYSQL_URL));
        assertNull(env.readableFile(EnvVar.CLIG_GEOIP_DB));
        assertEquals(Runtime.getRuntime().availableProcessors(), env.integer(EnvVar.CLIG_EDGE_INSTANCES, 1, 1024));
    }

    @Test
    void anInvalidValueNamesTheVariable() {
        Env env = Env.of(Map.of("CLIG_EDGE_PORT", "eighty", "CLIG_REDIRECT_MAX_AGE", "-5",
                "CLIG_TRUSTED_PROXIES", "10.0.0.0/99", "CLIG_MYSQL_URL", "postgres://x@y/z"));
        assertEquals("CLIG_EDGE_PORT", assertThrows(ConfigException.class, () -> env.port(EnvVar.CLIG_EDGE_PORT)).variable());
        assertEquals("CLIG_REDIRECT_MAX_AGE", assertThrows(ConfigException.class,
                () -> env.integer(EnvVar.CLIG_REDIRECT_MAX_AGE, 0, 31536000)).variable());
        assertEquals("CLIG_TRUSTED_PROXIES",
                assertThrows(ConfigException.class, () -> env.cidrs(EnvVar.CLIG_TRUSTED_PROXIES)).variable());
        ConfigException e = assertThrows(ConfigException.class, () -> env.mysqlUrl(EnvVar.CLIG_MYSQL_URL));
        assertTrue(e.getMessage().startsWith("CLIG_MYSQL_URL: "), e.getMessage());
    }

    @Test
    void mysqlUrlPasswordIsMaskedWhenPrinted() {
        MysqlUrl url = MysqlUrl.parse("mysql://app:s3cret@db.internal:3307/cligs");
        assertEquals("s3cret", url.password());
        assertEquals(3307, url.port());
        assertFalse(url.toString().contains("s3cret"));
        assertEquals("mysql://app:****@db.internal:3307/cligs", url.toString());
    }

    @Test
    void redisSettingsCheckModeAndMaskPasswords() {
        RedisSettings r = RedisSettings.fromEnv(Env.of(Map.of("CLIG_REDIS_URL", "redis://:pw@127.0.0.1:6380/0")));
        assertEquals(RedisSettings.Mode.STANDALONE, r.mode());
        assertFalse(r.describe().contains("pw"));
        assertEquals("CLIG_REDIS_URL", assertThrows(ConfigException.class, () -> RedisSettings.fromEnv(
                Env.of(Map.of("CLIG_REDIS_URL", "redis://a:1,redis://b:2")))).variable());
        assertEquals("CLIG_REDIS_MODE", assertThrows(ConfigException.class, () -> RedisSettings.fromEnv(
                Env.of(Map.of("CLIG_REDIS_MODE", "sentinel")))).variable());
        assertEquals("CLIG_REDIS_PREFIX", assertThrows(ConfigException.class, () -> RedisSettings.fromEnv(
                Env.of(Map.of("CLIG_REDIS_PREFIX", "a{b}")))).variable());
        assertEquals(2, RedisSettings.fromEnv(Env.of(Map.of("CLIG_REDIS_MODE", "cluster",
                "CLIG_REDIS_URL", "redis://127.0.0.1:7000,redis://127.0.0.1:7001"))).urls().size());
    }
}
