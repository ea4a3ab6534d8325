package io.cligs.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void plainLinesComeEveryIntervalWithRateAndEta() {
        AtomicLong now = new AtomicLong();
        StringWriter text = new StringWriter();
        Progress.Lines p = new Progress.Lines("import", 1000, "rows", new PrintWriter(text), now::get, Duration.ofSeconds(5));
        p.step(100);
        assertEquals("", text.toString(), "nothing before the first interval");
        now.set(Duration.ofSeconds(5).toNanos());
        p.step(400);
        assertTrue(text.toString().startsWith("import: 500/1000 rows (100 rows/s, ETA 5s)"), text.toString());
    }
}
