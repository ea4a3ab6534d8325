package io.cligs.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvVarTest {

    @Test
    void everyVariableIsNamedWithThePrefixAndSaysWhatItMeans() {
        for (EnvVar v : EnvVar.values()) {
            assertTrue(v.name().startsWith("CLIG_"), v.name());
            assertFalse(v.meaning().isBlank(), v.name());
            assertFalse(v.readBy().isEmpty(), v.name());
            assertFalse(v.documentedDefault().isBlank(), v.name());
        }
    }

    @Test
    void theUrlsThatCarryPasswordsAreSecret() {
        assertTrue(EnvVar.CLIG_MYSQL_URL.secret());
        assertTrue(EnvVar.CLIG_REDIS_URL.secret());
        assertFalse(EnvVar.CLIG_REDIS_PREFIX.secret());
    }

    @Test
    void aSecretValueIsPrintedWithItsPasswordsMasked() {
        assertEquals("mysql://app:****@db:3306/cligs", EnvVar.CLIG_MYSQL_URL.printable("mysql://app:s3cret@db:3306/cligs"));
        assertEquals("redis://a:7000,redis://:****@b:7001",
                EnvVar.CLIG_REDIS_URL.printable("redis://a:7000,redis://:pw@b:7001"));
        assertEquals("****", EnvVar.CLIG_REDIS_URL.printable("not-a-url-but-secret"));
        assertEquals("a:b@c", EnvVar.CLIG_REDIS_PREFIX.printable("a:b@c"));
    }

    @Test
    void describeFollowsTheRegistryOrderAndMasksBySecretFlag() {
        Map<EnvVar, String> values = new EnumMap<>(EnvVar.class);
        values.put(EnvVar.CLIG_REDIS_PREFIX, "p:");
        values.put(EnvVar.CLIG_MYSQL_URL, "mysql://u:pw@h:3306/d");
        Map<String, String> printed = EnvVar.describe(values);
        assertEquals(List.of("CLIG_MYSQL_URL", "CLIG_REDIS_PREFIX"), List.copyOf(printed.keySet()));
        assertEquals("mysql://u:****@h:3306/d", printed.get("CLIG_MYSQL_URL"));
    }

    @Test
    void theFlagsOfTheLoaderCountWhenPresentWhateverTheirValue() {
        assertTrue(EnvVar.CLIG_LOADER_DEBUG.isSetIn(Map.of("CLIG_LOADER_DEBUG", "")));
        assertFalse(EnvVar.CLIG_LOADER_DEBUG.isSetIn(Map.of()));
    }

    @Test
    void mysqlUrlRoundTripsThroughItsUrlForm() {
        MysqlUrl url = MysqlUrl.parse("mysql://app:p%40ss@db:3307/cligs");
        assertEquals(url, MysqlUrl.parse(url.url()));
        assertEquals("mysql://app:****@db:3307/cligs", url.toString());
    }
}
