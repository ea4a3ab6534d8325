package io.cligs.edge.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.ConfigException;
import io.cligs.edge.config.EdgeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickConfigTest {

    @Test
    void defaultsComeFromTheRegistry() {
        ClickConfig c = EdgeConfig.fromEnv(Map.of()).clicks();
        assertTrue(c.enabled());
        assertEquals(Path.of("click-journal"), c.journalDir());
        assertEquals(500, c.batch());
        assertEquals(10, c.flush().toMillis());
        assertEquals(1000, c.timeout().toMillis());
        assertEquals(65536, c.queueCapacity());
        assertEquals(4, c.streamShards());
        assertTrue(c.edgeId().matches("[A-Za-z0-9._-]{1,64}"), c.edgeId());
        assertEquals(null, c.visitorSecret());
    }

    @Test
    void theVisitorSecretIsNeverPrinted() {
        EdgeConfig config = EdgeConfig.fromEnv(Map.of("CLIG_VISITOR_SECRET", "very secret, long enough", "CLIG_CLICKS", "off"));
        assertEquals("****", config.describe().get("CLIG_VISITOR_SECRET"));
        assertEquals("off", config.describe().get("CLIG_CLICKS"));
        assertFalse(config.toString().contains("very secret"));
        assertFalse(config.clicks().toString().contains("very secret"));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertEquals("CLIG_VISITOR_SECRET", assertThrows(ConfigException.class,
                () -> EdgeConfig.fromEnv(Map.of("CLIG_VISITOR_SECRET", "short"))).variable());
        assertEquals("CLIG_EDGE_ID", assertThrows(ConfigException.class,
                () -> EdgeConfig.fromEnv(Map.of("CLIG_EDGE_ID", "edge one"))).variable());
        assertEquals("CLIG_EDGE_ID", assertThrows(ConfigException.class,
                () -> EdgeConfig.fromEnv(Map.of("CLIG_EDGE_ID", "legacy"))).variable(), "reserved for loader analytics");
        assertEquals("CLIG_CLICK_BATCH", assertThrows(ConfigException.class,
                () -> EdgeConfig.fromEnv(Map.of("CLIG_CLICK_BATCH", "0"))).variable());
    }
}
