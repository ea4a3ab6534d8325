package io.cligs.edge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EdgeMetricsTest {

    /** name{labels} value, as Prometheus' text format wants it. */
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})? (NaN|[+-]Inf|-?[0-9.]+(E-?[0-9]+)?)");

    @Test
    void everyLineIsACommentOrAWellFormedSample() {
        EdgeMetrics m = new EdgeMetrics();
        m.request(301, System.nanoTime() - 2_000);
        m.request(404, System.nanoTime());
        m.caffeineHits.increment();
        String text = m.render();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertTrue(SAMPLE.matcher(line).matches(), "not a sample line: " + line);
        }
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void eachFamilyIsDeclaredOnceBeforeItsSamples() {
        String text = new EdgeMetrics().render();
        List<String> declared = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String name = line.split(" ")[2];
                assertTrue(!declared.contains(name), "declared twice: " + name);
                declared.add(name);
            } else if (!line.startsWith("#")) {
                String name = line.split("[{ ]")[0].replaceAll("_(bucket|sum|count)$", "");
                assertEquals(declared.get(declared.size() - 1), name, "sample outside its family: " + line);
            }
        }
    }

    @Test
    void requestsAreCountedByStatusWithCumulativeLatencyBuckets() {
        EdgeMetrics m = new EdgeMetrics();
        m.record(301, 3_000);          // 3 µs
        m.record(301, 3_000_000);      // 3 ms
        m.record(503, 200_000_000);    // 200 ms
        String text = m.render();
        assertTrue(text.contains("cligs_edge_requests_total{status=\"301\"} 2\n"), text);
        assertTrue(text.contains("cligs_edge_requests_total{status=\"503\"} 1\n"), text);
        assertTrue(text.contains("cligs_edge_request_duration_seconds_bucket{status=\"301\",le=\"0.00001\"} 1\n"), text);
        assertTrue(text.contains("cligs_edge_request_duration_seconds_bucket{status=\"301\",le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("cligs_edge_request_duration_seconds_bucket{status=\"301\",le=\"+Inf\"} 2\n"), text);
        assertTrue(text.contains("cligs_edge_request_duration_seconds_count{status=\"301\"} 2\n"), text);
        assertTrue(text.contains("cligs_edge_request_duration_seconds_bucket{status=\"503\",le=\"0.1\"} 0\n"), text);
        assertTrue(text.contains("cligs_edge_request_duration_seconds_bucket{status=\"503\",le=\"0.25\"} 1\n"), text);
        assertEquals(2, m.requests(301));
        // a second scrape keeps the totals (cumulative, as Prometheus expects)
        assertTrue(m.render().contains("cligs_edge_request_duration_seconds_count{status=\"301\"} 2\n"));
    }

    @Test
    void hitRatioPerTier() {
        EdgeMetrics m = new EdgeMetrics();
        m.caffeineHits.add(3);
        m.caffeineMisses.add(1);
        m.mysqlQueries.add(4);
        String text = m.render();
        assertTrue(text.contains("cligs_edge_cache_lookups_total{tier=\"caffeine\",result=\"hit\"} 3\n"), text);
        assertTrue(text.contains("cligs_edge_cache_hit_ratio{tier=\"caffeine\"} 0.75\n"), text);
        assertTrue(text.contains("cligs_edge_cache_hit_ratio{tier=\"redis\"} NaN\n"), text);
        assertTrue(text.contains("cligs_edge_mysql_queries_total 4\n"), text);
    }

    @Test
    void labelValuesAreEscaped() {
        String text = new PrometheusText().family("x_total", "counter", "help")
                .sample("x_total", 1, "path", "a\"b\\c\nd").toString();
        assertEquals("# HELP x_total help\n# TYPE x_total counter\nx_total{path=\"a\\\"b\\\\c\\nd\"} 1\n", text);
        assertEquals("0.25", PrometheusText.format(0.25));
        assertEquals("+Inf", PrometheusText.format(Double.POSITIVE_INFINITY));
    }
}
