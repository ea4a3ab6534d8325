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

    @Test
    void aRemarkIsPrintedAtOnceAndStaysOnTheLinesUntilCleared() {
        AtomicLong now = new AtomicLong();
        StringWriter text = new StringWriter();
        Progress.Lines p = new Progress.Lines("analytics", 1000, "clicks", new PrintWriter(text), now::get, Duration.ofSeconds(5));
        now.set(Duration.ofSeconds(1).toNanos());
        p.step(100);
        p.note("[paused: the click stream holds 300 entries]");
        assertEquals("analytics: 100/1000 clicks (100 clicks/s, ETA 9s) [paused: the click stream holds 300 entries]\n",
                text.toString().replace(System.lineSeparator(), "\n"));
        p.note("[paused: the click stream holds 300 entries]");
        assertEquals(1, text.toString().lines().count(), "the same remark is not printed again");
        p.note(null);
        now.set(Duration.ofSeconds(7).toNanos());
        p.step(100);
        assertTrue(text.toString().lines().toList().get(1).endsWith("clicks/s, ETA 28s)"), text.toString());
    }
}
