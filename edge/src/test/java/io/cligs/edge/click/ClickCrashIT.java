package io.cligs.edge.click;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.store.click.ClickStream;
import io.cligs.store.testing.KillableRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An edge process killed with SIGKILL while its Redis is dead, its clicks in the journal; the next
 * edge on that journal replays it, and the stream holds every click exactly once.
 */
@ExtendWith(VertxExtension.class)
class ClickCrashIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void aKilledEdgesJournalIsReplayedByTheNextOne(Vertx vertx) throws Exception {
        EdgeFixtures.insertLink(DB, 1, "k", "https://example.com/k", "active");
        KillableRedis redis = new KillableRedis("");
        Path journal = Files.createTempDirectory("cligs-journal-killed");
        int port = EdgeFixtures.freePort();
        Map<String, String> env = Map.of(
                "CLIG_EDGE_HOST", "127.0.0.1",
                "CLIG_EDGE_PORT", Integer.toString(port),
                "CLIG_EDGE_INSTANCES", "1",
                "CLIG_MYSQL_URL", EdgeFixtures.mysqlUrl(DB.url()),
                "CLIG_REDIS_URL", redis.url(),
                "CLIG_REDIS_PREFIX", "k:",
                "CLIG_EDGE_ID", "killed",
                "CLIG_VISITOR_SECRET", "a test secret of enough bytes",
                "CLIG_CLICK_JOURNAL_DIR", journal.toString(),
                "CLIG_EDGE_MANAGEMENT_PORT", "0");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m", "io.cligs.edge.Main")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(journal.resolveSibling(journal.getFileName() + ".log").toFile()));
        child.environment().putAll(env);

        // a first edge stopped with SIGTERM: its shutdown hook journals what it could not ship
        Process first = child.start();
        int before = 300;
        try {
            assertTrue(await(Duration.ofSeconds(60), () -> answers(port)), "the child edge did not start");
            assertEquals(before, ClickChecks.redirects(port, List.of("/k"), before, 2));
        } finally {
            first.destroy(); // SIGTERM
            assertTrue(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "SIGTERM did not stop the edge");
        }
        assertEquals(143, first.exitValue(), "stopped by SIGTERM");
        assertEquals(before, journaled(journal), "a clean stop journals every click Redis did not take");

        // a second edge on the same journal, killed with SIGKILL with its own clicks journaled
        Process edge = child.start();
        int n = before + 500;
        try {
            assertTrue(await(Duration.ofSeconds(60), () -> answers(port)), "the child edge did not start");
            assertEquals(n - before, ClickChecks.redirects(port, List.of("/k"), n - before, 2));
            assertTrue(await(Duration.ofSeconds(30), () -> journaled(journal) == n), "journaled: " + journaled(journal));
        } finally {
            edge.destroyForcibly(); // SIGKILL: no shutdown hook runs
            edge.waitFor();
        }
        assertEquals(137, edge.exitValue(), "killed by SIGKILL");

        redis.start();
        try {
            Edge next = Edge.deployWithClicks(vertx, EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), redis.url(), "k:",
                    Map.of("CLIG_EDGE_ID", "next", "CLIG_CLICK_JOURNAL_DIR", journal.toString(),
                            "CLIG_VISITOR_SECRET", "a test secret of enough bytes")), CountryTable.bundledTestDatabase()).await();
            try {
                assertTrue(await(Duration.ofSeconds(60), () -> next.clickMetrics().journalEvents() == 0), "not replayed");
            } finally {
                next.close().await();
            }
            List<ClickStream.Entry> entries = ClickChecks.entries(vertx, redis.url(), "k:", ClickChecks.DEFAULT_SHARDS);
            Set<String> ids = new HashSet<>();
            entries.forEach(e -> ids.add(e.event().eventId()));
            java.util.Map<String, Long> byRun = new java.util.TreeMap<>();
            ids.forEach(id -> byRun.merge(id.substring(0, id.lastIndexOf('-')), 1L, Long::sum));
            assertEquals(n, entries.size(), "entries in the stream; distinct " + ids.size() + " by run " + byRun);
            assertEquals(n, ids.size(), "distinct events");
            assertTrue(ids.stream().allMatch(id -> id.startsWith("killed-")), "the killed edge's ids, kept through the journal");
        } finally {
            redis.stop();
        }
    }

    private static boolean answers(int port) {
        try {
            return ClickChecks.get(port, "/-/health/live") == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static long journaled(Path dir) {
        try {
            return ClickJournal.eventsIn(dir);
        } catch (IOException e) {
            return -1;
        }
    }
}
