package io.cligs.edge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.ConfigException;
import io.cligs.core.config.EnvVar;
import io.cligs.core.config.RedisSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        EdgeConfig c = EdgeConfig.fromEnv(Map.of());
        assertEquals("0.0.0.0", c.host());
        assertEquals(8080, c.port());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.instances());
        assertEquals("mysql://root@127.0.0.1:3306/cligs", c.mysql().toString());
        assertEquals("redis://127.0.0.1:6379/0", c.redis().describe());
        assertEquals(RedisSettings.Mode.STANDALONE, c.redis().mode());
        assertEquals("clig:", c.redis().prefix());
        assertNull(c.geoipDb());
        assertEquals("[127.0.0.1/32, 0:0:0:0:0:0:0:1/128]", c.trustedProxies().toString());
        assertEquals(90, c.redirectMaxAge());
        assertEquals(1_000_000, c.cacheSize());
        assertEquals(Duration.ofMinutes(10), c.cacheTtl());
        assertEquals(Duration.ofSeconds(5), c.negativeTtl());
        assertEquals(Duration.ofMillis(150), c.redisTimeout());
        assertEquals(Duration.ofSeconds(1), c.pingInterval());
        assertEquals(Duration.ofMillis(1000), c.mysqlTimeout());
        assertEquals(Duration.ofSeconds(60), c.mysqlIdleTimeout());
        assertEquals(Duration.ofMinutes(30), c.mysqlMaxLifetime());
        assertEquals(5, c.retryAfterSeconds());
        assertTrue(c.nativeTransport());
    }

    @Test
    void variablesOverrideDefaults() {
        EdgeConfig c = EdgeConfig.fromEnv(Map.of(EnvVar.CLIG_EDGE_PORT.name(), "9090",
                EnvVar.CLIG_REDIRECT_MAX_AGE.name(), "30", EnvVar.CLIG_TRUSTED_PROXIES.name(), "10.0.0.0/8",
                EnvVar.CLIG_REDIS_MODE.name(), "cluster", EnvVar.CLIG_REDIS_URL.name(), "redis://a:7000,redis://b:7001",
                EnvVar.CLIG_EDGE_NATIVE_TRANSPORT.name(), "false"));
        assertEquals(9090, c.port());
        assertEquals(30, c.redirectMaxAge());
        assertEquals("[10.0.0.0/8]", c.trustedProxies().toString());
        assertEquals(RedisSettings.Mode.CLUSTER, c.redis().mode());
        assertEquals(2, c.redis().urls().size());
        assertFalse(c.nativeTransport());
    }

    @ParameterizedTest
    @CsvSource({
        "CLIG_EDGE_PORT, http",
        "CLIG_EDGE_PORT, 70000",
        "CLIG_EDGE_INSTANCES, 0",
        "CLIG_REDIS_TIMEOUT_MS, -5",
        "CLIG_EDGE_PING_INTERVAL_MS, 0",
        "CLIG_MYSQL_TIMEOUT_MS, soon",
        "CLIG_MYSQL_IDLE_TIMEOUT_MS, 0",
        "CLIG_MYSQL_MAX_LIFETIME_MS, 3000000000",
        "CLIG_EDGE_NEGATIVE_TTL_MS, 0",
        "CLIG_EDGE_CACHE_SIZE, lots",
        "CLIG_REDIRECT_MAX_AGE, -1",
        "CLIG_TRUSTED_PROXIES, 10.0.0.0/99",
        "CLIG_TRUSTED_PROXIES, localhost",
        "CLIG_MYSQL_URL, postgres://x@y/z",
        "CLIG_REDIS_MODE, sentinel",
        "CLIG_REDIS_URL, http://127.0.0.1:6379",
        "CLIG_GEOIP_DB, /nonexistent/GeoLite2-Country.mmdb",
        "CLIG_EDGE_NATIVE_TRANSPORT, epoll",
    })
    void invalidValueStopsWithTheVariableNamed(String variable, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> EdgeConfig.fromEnv(Map.of(variable, value)));
        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable), e.getMessage());
    }

    @Test
    void printedConfigurationMasksPasswords() {
        EdgeConfig c = EdgeConfig.fromEnv(Map.of(EnvVar.CLIG_MYSQL_URL.name(), "mysql://edge:s3cret@db:3306/cligs",
                EnvVar.CLIG_REDIS_URL.name(), "redis://:t0psecret@cache:6379/0"));
        String printed = c.toString() + c.describe();
        assertFalse(printed.contains("s3cret"), printed);
        assertFalse(printed.contains("t0psecret"), printed);
        assertTrue(printed.contains("CLIG_MYSQL_URL=mysql://edge:****@db:3306/cligs"), printed);
        assertTrue(printed.contains("CLIG_REDIS_URL=redis://:****@cache:6379/0"), printed);
        assertEquals("s3cret", c.mysql().password());
    }

    @Test
    void describeNamesEveryVariableTheEdgeReadsAndNoOther() {
        Set<String> edgeVariables = new TreeSet<>();
        for (EnvVar v : EnvVar.values()) {
            if (v.readBy().contains(EnvVar.Reader.EDGE)) {
                edgeVariables.add(v.name());
            }
        }
        assertEquals(edgeVariables, new TreeSet<>(EdgeConfig.fromEnv(Map.of()).describe().keySet()));
    }
}
