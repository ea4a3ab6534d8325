package io.cligs.edge.click;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With Redis unreachable and the journal unwritable, clicks are dropped: counted, never silently. */
@ExtendWith(VertxExtension.class)
class ClickJournalFailureIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void clicksThatNeitherRedisNorTheJournalTakeAreCountedAsDropped(Vertx vertx) throws Exception {
        EdgeFixtures.insertLink(DB, 1, "x", "https://example.com/x", "active");
        Path journal = Files.createTempDirectory("cligs-journal-broken");
        Edge edge = Edge.deployWithClicks(vertx, EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()),
                "redis://127.0.0.1:" + EdgeFixtures.freePort() + "/0", "f:", Map.of(
                        "CLIG_VISITOR_SECRET", "a test secret of enough bytes",
                        "CLIG_CLICK_JOURNAL_DIR", journal.toString())), CountryTable.bundledTestDatabase()).await();
        try {
            // the journal's directory is gone and a file stands in its way: no segment can be created
            Files.delete(journal.resolve("journal.lock"));
            Files.delete(journal);
            Files.writeString(journal, "not a directory");
            assertEquals(20, ClickChecks.redirects(edge.port(), List.of("/x"), 20, 2));
            assertTrue(await(Duration.ofSeconds(20), () -> edge.clickMetrics().dropped.sum() == 20),
                    "dropped: " + edge.clickMetrics().dropped.sum());
            assertEquals(0, edge.clickMetrics().journaled.sum());
            assertEquals(0, edge.clickMetrics().shipped.sum());
            assertTrue(edge.metrics().render().contains("cligs_edge_click_events_total{fate=\"dropped\"} 20"));
        } finally {
            edge.close().await();
            Files.deleteIfExists(journal);
        }
    }
}
