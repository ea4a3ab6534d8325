package io.cligs.edge.click;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.store.click.ClickStream;
import io.cligs.store.testing.KillableRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No click lost: an edge whose own Redis (AOF, {@code appendfsync always}) is killed under traffic and
 * restarted, and an edge that stops abruptly with events in its journal and starts again.
 */
@ExtendWith(VertxExtension.class)
class ClickOutageIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    static final List<String> PATHS = List.of("/c1", "/c2", "/c3", "/c4", "/c5");
    static final int SHARDS = 2;
    static KillableRedis redis;

    @BeforeAll
    static void start() throws Exception {
        redis = new KillableRedis("");
        redis.start();
        for (int i = 1; i <= PATHS.size(); i++) {
            EdgeFixtures.insertLink(DB, i, "c" + i, "https://example.com/" + i, "active");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        redis.stop();
    }

    static Edge deploy(Vertx vertx, String prefix, Path journal, String edgeId) throws Exception {
        EdgeConfig config = EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), redis.url(), prefix, Map.of(
                "CLIG_EDGE_ID", edgeId,
                "CLIG_VISITOR_SECRET", "a test secret of enough bytes",
                "CLIG_CLICK_JOURNAL_DIR", journal.toString(),
                "CLIG_CLICK_STREAM_SHARDS", Integer.toString(SHARDS),
                "CLIG_REDIS_TIMEOUT_MS", "300",
                "CLIG_CLICK_TIMEOUT_MS", "2000"));
        return Edge.deployWithClicks(vertx, config, CountryTable.bundledTestDatabase()).await();
    }

    @Test
    void everyRedirectReachesTheStreamThoughRedisWasKilledForPartOfTheRun(Vertx vertx) throws Exception {
        int n = 5_000;
        Path journal = Files.createTempDirectory("cligs-journal-a");
        Edge edge = deploy(vertx, "a:", journal, "edge-a");
        try {
            int redirected = ClickChecks.redirects(edge.port(), PATHS, 1_500, 4);
            redis.kill();
            redirected += ClickChecks.redirects(edge.port(), PATHS, 2_000, 4);
            assertTrue(await(Duration.ofSeconds(30), () -> edge.clickMetrics().journaled.sum() > 0),
                    "nothing was journaled while Redis was dead");
            redis.start();
            redirected += ClickChecks.redirects(edge.port(), PATHS, n - 3_500, 4);
            assertEquals(n, redirected, "every request answered with a redirect");
            // what the edge answered, not only what the client saw: a client that sends a request again
            // (java.net.http.HttpClient did, see ClickChecks) makes the edge answer, and count, one more
            assertEquals(n, edge.metrics().requests(301) + edge.metrics().requests(302), "redirects the edge answered");

            assertTrue(await(Duration.ofSeconds(60), () -> ClickChecks.length(vertx, redis.url(), "a:", SHARDS) >= n
                    && edge.clickMetrics().journalEvents() == 0), "the stream did not catch up: "
                    + ClickChecks.length(vertx, redis.url(), "a:", SHARDS) + " of " + n);
            List<ClickStream.Entry> entries = ClickChecks.entries(vertx, redis.url(), "a:", SHARDS);
            Set<String> ids = new HashSet<>();
            for (ClickStream.Entry e : entries) {
                assertTrue(e.event() instanceof ClickRecord, "a click: " + e);
                ids.add(e.event().eventId());
            }
            ClickMetrics m = edge.clickMetrics();
            assertEquals(n, ids.size(), "distinct click events in the stream (emitted " + m.emitted.sum() + ", shipped "
                    + m.shipped.sum() + ", journaled " + m.journaled.sum() + ", replayed " + m.replayed.sum() + ")");
            // a batch Redis applied but could not acknowledge before its kill is sent again: at least once
            assertTrue(entries.size() - n <= 2 * 500, "duplicates beyond one batch in flight: " + (entries.size() - n));
            assertEquals(0, m.dropped.sum());
            assertEquals(n, m.emitted.sum());
            assertTrue(m.replayed.sum() > 0, "the journal was replayed");
            // each event acknowledged once at least, directly or from the journal
            assertTrue(m.shipped.sum() + m.replayed.sum() >= n, "shipped " + m.shipped.sum() + " + replayed " + m.replayed.sum());
        } finally {
            edge.close().await();
        }
        try (Stream<Path> left = Files.list(journal)) {
            assertEquals(0, left.filter(f -> f.toString().endsWith(".journal")).count(), "the replayed journal is gone");
        }
    }

    @Test
    void aJournalLeftByACrashIsReplayedAtStartAndTheCountIsExact(Vertx vertx) throws Exception {
        Path journal = Files.createTempDirectory("cligs-journal-b");
        Path afterCrash = Files.createTempDirectory("cligs-journal-crashed");
        Edge edge = deploy(vertx, "b:", journal, "edge-b");
        int m;
        try {
            redis.kill();
            m = ClickChecks.redirects(edge.port(), PATHS, 1_000, 4);
            assertEquals(1_000, m);
            assertTrue(await(Duration.ofSeconds(30), () -> edge.clickMetrics().journalEvents() == 1_000),
                    "journaled: " + edge.clickMetrics().journalEvents());
            // the disk as a SIGKILL of the edge now would leave it, with a line torn by the crash at the end
            try (Stream<Path> segments = Files.list(journal)) {
                for (Path p : (Iterable<Path>) segments.filter(f -> f.toString().endsWith(".journal")).sorted()::iterator) {
                    Files.copy(p, afterCrash.resolve(p.getFileName()));
                }
            }
            try (Stream<Path> copied = Files.list(afterCrash)) {
                Path last = copied.sorted().reduce((a, b) -> b).orElseThrow();
                Files.write(last, "1234abcd\tv\t1\ttype\tcli".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            }
        } finally {
            // a clean shutdown with Redis still dead keeps everything in the journal
            edge.close().await();
        }
        assertEquals(1_000, ClickJournal.eventsIn(journal), "a clean shutdown kept every event");

        redis.start();
        Edge restarted = deploy(vertx, "b:", afterCrash, "edge-b");
        try {
            assertTrue(await(Duration.ofSeconds(60), () -> restarted.clickMetrics().journalEvents() == 0),
                    "not replayed: " + restarted.clickMetrics().journalEvents());
            List<ClickStream.Entry> entries = ClickChecks.entries(vertx, redis.url(), "b:", SHARDS);
            Set<String> ids = new HashSet<>();
            entries.forEach(e -> ids.add(e.event().eventId()));
            assertEquals(m, entries.size(), "entries in the stream");
            assertEquals(m, ids.size(), "distinct events in the stream");
            assertEquals(m, restarted.clickMetrics().replayed.sum());
            assertEquals(0, restarted.clickMetrics().dropped.sum());
        } finally {
            restarted.close().await();
        }
        try (Stream<Path> left = Files.list(afterCrash)) {
            assertEquals(0, left.filter(f -> f.toString().endsWith(".journal")).count(), "the replayed journal is gone");
        }
    }
}
