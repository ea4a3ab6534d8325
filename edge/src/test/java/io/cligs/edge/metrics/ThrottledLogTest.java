package io.cligs.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.edge.metrics.ThrottledLog.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class ThrottledLogTest {

    /** The lines a logger was given, formatted. */
    static final class Recording extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();
        final List<Level> levels = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            levels.add(level);
            lines.add(MessageFormatter.basicArrayFormat(pattern, args));
            thrown.add(t);
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }

    private final Recording logger = new Recording();
    private final AtomicLong now = new AtomicLong(5);
    private final ThrottledLog log = new ThrottledLog(logger, now::get);

    @Test
    void aFloodOfOneKindLogsOneLinePerIntervalAndCountsTheRest() {
        for (int i = 0; i < 1000; i++) {
            log.log(Kind.HOST_MISSING, "no Host from {}", "peer" + i);
        }
        assertEquals(List.of("no Host from peer0"), logger.lines);
        assertEquals(Level.WARN, logger.levels.get(0));
        assertEquals(999, log.suppressed(Kind.HOST_MISSING));

        now.addAndGet(ThrottledLog.INTERVAL_NANOS - 1);
        log.log(Kind.HOST_MISSING, "no Host from {}", "late");
        assertEquals(1, logger.lines.size());
        now.addAndGet(1);
        log.log(Kind.HOST_MISSING, "no Host from {}", "next");
        assertEquals("no Host from next (1000 more like it since the last such line, not logged)", logger.lines.get(1));
        assertEquals(1000, log.suppressed(Kind.HOST_MISSING));
    }

    @Test
    void eachKindIsThrottledOnItsOwnAndErrorsKeepTheirException() {
        IllegalStateException boom = new IllegalStateException("boom");
        log.log(Kind.HOST_MISSING, "no Host");
        log.log(Kind.HOST_MISSING, "no Host");
        log.log(Kind.INTERNAL, "request {} failed", "/x", boom);
        log.log(Kind.MALFORMED, "malformed");
        assertEquals(List.of("no Host", "request /x failed", "malformed"), logger.lines);
        assertEquals(Level.ERROR, logger.levels.get(1));
        assertSame(boom, logger.thrown.get(1));
        assertEquals(1, log.suppressed(Kind.HOST_MISSING));
        assertEquals(0, log.suppressed(Kind.INTERNAL));
    }

    @Test
    void theSuppressedLinesAreExportedPerKind() {
        log.log(Kind.MALFORMED, "malformed");
        log.log(Kind.MALFORMED, "malformed");
        PrometheusText p = new PrometheusText();
        log.render(p);
        assertTrue(p.toString().contains("cligs_edge_log_lines_suppressed_total{kind=\"malformed\"} 1\n"), p.toString());
        assertTrue(p.toString().contains("cligs_edge_log_lines_suppressed_total{kind=\"host_missing\"} 0\n"), p.toString());
    }
}
