package io.cligs.edge.click;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.store.click.ClickStream;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the click stream holds: clicks with country and visitor hash, orphans, and never a raw address. */
@ExtendWith(VertxExtension.class)
class ClickEventsIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static final String UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0";
    static CountryTable countries;
    static String visitor;
    static Edge edgeA;
    static Edge edgeB;

    @BeforeAll
    static void deploy(Vertx vertx) throws Exception {
        countries = CountryTable.bundledTestDatabase();
        visitor = countries.sampleAddress(CountryCode.parse("GB")).orElseThrow();
        EdgeFixtures.insertLink(DB, 11, "known", "https://example.com/known", "active");
        EdgeFixtures.insertLink(DB, 12, "metered", "https://example.com/metered", "active");
        edgeA = Edge.deployWithClicks(vertx, config("edge-a"), countries).await();
        edgeB = Edge.deployWithClicks(vertx, config("edge-b"), countries).await();
    }

    static EdgeConfig config(String edgeId) throws Exception {
        return EdgeFixtures.config(DB, REDIS, Map.of(
                "CLIG_EDGE_ID", edgeId,
                "CLIG_VISITOR_SECRET", "one secret shared by every edge",
                "CLIG_CLICK_JOURNAL_DIR", Files.createTempDirectory("cligs-journal-" + edgeId).toString()));
    }

    @AfterAll
    static void close() {
        edgeA.close().await();
        edgeB.close().await();
    }

    @Test
    void theSameVisitorHashesAlikeOnTwoEdgesAndTheAddressIsKeptNowhere(Vertx vertx) throws Exception {
        String[] headers = {"X-Forwarded-For: " + visitor, "User-Agent: " + UA, "Referer: https://News.Example.org/a?b=c"};
        assertEquals(301, RawHttp.get(edgeA.port(), "/known", headers).status());
        assertEquals(301, RawHttp.get(edgeB.port(), "/known", headers).status());
        assertEquals(301, RawHttp.get(edgeB.port(), "/known", "User-Agent: " + UA).status());

        List<ClickRecord> clicks = new ArrayList<>();
        assertTrue(await(Duration.ofSeconds(20), () -> {
            clicks.clear();
            for (StreamEvent e : events(vertx)) {
                if (e instanceof ClickRecord c && c.linkId() == 11) {
                    clicks.add(c);
                }
            }
            return clicks.size() == 3;
        }), "clicks in the stream: " + clicks.size());
        ClickRecord fromA = clicks.stream().filter(c -> c.edgeId().equals("edge-a")).findFirst().orElseThrow();
        ClickRecord fromB = clicks.stream().filter(c -> c.edgeId().equals("edge-b") && c.country() != null).findFirst().orElseThrow();
        ClickRecord direct = clicks.stream().filter(c -> c.edgeId().equals("edge-b") && c.country() == null).findFirst().orElseThrow();
        assertEquals(11, fromA.linkId());
        assertEquals(CountryCode.parse("GB"), fromA.country());
        assertEquals("news.example.org", fromA.referrerHost());
        assertEquals(UA, fromA.userAgent());
        assertEquals(fromA.visitorHash(), fromB.visitorHash(), "one visitor, one hash, whichever edge served it");
        assertNotEquals(fromA.visitorHash(), direct.visitorHash(), "another address, another hash");
        assertNotEquals(fromA.eventId(), fromB.eventId());

        StringBuilder all = new StringBuilder();
        for (int shard = 0; shard < ClickChecks.DEFAULT_SHARDS; shard++) {
            all.append(REDIS.command("XRANGE", REDIS.prefix() + "clicks:{" + shard + "}", "-", "+"));
        }
        String raw = all.toString();
        assertTrue(raw.contains(fromA.eventId()), "the XRANGEs hold the events: " + raw);
        assertFalse(raw.contains(visitor), "the visitor's address is in the stream: " + raw);
        assertFalse(raw.contains("127.0.0.1"), "the peer's address is in the stream");
    }

    @Test
    void unknownSlugsMakeOrphanEventsCutTo64(Vertx vertx) throws Exception {
        String longSlug = "n".repeat(100);
        assertEquals(404, RawHttp.get(edgeA.port(), "/no-such-clig", "Referer: http://t.co/x").status());
        assertEquals(404, RawHttp.get(edgeA.port(), "/" + longSlug).status());
        List<OrphanRecord> orphans = new ArrayList<>();
        assertTrue(await(Duration.ofSeconds(20), () -> {
            orphans.clear();
            for (StreamEvent e : events(vertx)) {
                if (e instanceof OrphanRecord o) {
                    orphans.add(o);
                }
            }
            return orphans.size() == 2;
        }), "orphans in the stream: " + orphans);
        OrphanRecord unknown = orphans.stream().filter(o -> o.slug().equals("no-such-clig")).findFirst().orElseThrow();
        assertEquals("t.co", unknown.referrerHost());
        assertNull(unknown.country());
        assertTrue(orphans.stream().anyMatch(o -> o.slug().equals("n".repeat(64))), "cut to 64: " + orphans);
        assertTrue(await(Duration.ofSeconds(10), () -> edgeA.clickMetrics().orphans.sum() == 2));
    }

    @Test
    void theMetricsPageCountsClicksAndTheStreamLength() throws Exception {
        assertEquals(301, RawHttp.get(edgeA.port(), "/metered").status());
        assertTrue(await(Duration.ofSeconds(20), () -> edgeA.clickMetrics().streamLength() > 0), "stream length polled");
        String page = RawHttp.get(edgeA.managementPort(), "/-/metrics").bodyText();
        assertTrue(page.contains("cligs_edge_click_events_total{fate=\"emitted\"}"), page);
        assertTrue(page.contains("cligs_edge_click_events_total{fate=\"dropped\"} 0"), page);
        assertTrue(page.contains("cligs_edge_click_stream_length"), page);
    }

    static List<StreamEvent> events(Vertx vertx) {
        List<StreamEvent> out = new ArrayList<>();
        for (ClickStream.Entry e : ClickChecks.entries(vertx, REDIS.url(), REDIS.prefix(), ClickChecks.DEFAULT_SHARDS)) {
            out.add(e.event());
        }
        return out;
    }
}
