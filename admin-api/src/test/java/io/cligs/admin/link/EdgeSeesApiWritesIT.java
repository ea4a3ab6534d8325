package io.cligs.admin.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.RunningEdge;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The promise for API writes: a running edge that cached a clig answers the new way within a
 * second of an edit, a disable, a rule and a delete through the API — and serves a new clig (also one
 * made through the old API).
 */
class EdgeSeesApiWritesIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS);

    private static final Duration SECOND = Duration.ofSeconds(1);

    private static RunningEdge edge;
    private static String key;

    @BeforeAll
    static void startEdge() throws Exception {
        edge = RunningEdge.start(API.env());
        key = API.newKey(API.signUpAndLogIn("edgy"), "edge test");
    }

    @AfterAll
    static void stopEdge() {
        if (edge != null) {
            edge.close();
        }
    }

    @Test
    void editsDisablesRulesAndDeletesAreSeenWithinASecond() throws Exception {
        String slug = API.post("/api/v3/cligs", key, new JsonObject().put("target", "https://example.com/one")).json().getString("slug");
        assertEquals("301 https://example.com/one", visit(slug));
        assertEquals("301 https://example.com/one", visit(slug), "now cached at the edge");

        API.call("PATCH", "/api/v3/cligs/" + slug, key, new JsonObject().put("target", "https://example.com/two").encode());
        assertSeen(slug, "301 https://example.com/two");

        API.call("PUT", "/api/v3/cligs/" + slug + "/rules/US", key, new JsonObject().put("target", "https://example.com/us").encode());
        assertSeen(slug, "302 https://example.com/two");

        API.call("DELETE", "/api/v3/cligs/" + slug + "/rules/US", key, null);
        assertSeen(slug, "301 https://example.com/two");

        API.call("PATCH", "/api/v3/cligs/" + slug, key, new JsonObject().put("status", "disabled").encode());
        assertSeen(slug, "410 -");

        API.call("PATCH", "/api/v3/cligs/" + slug, key, new JsonObject().put("status", "active").encode());
        assertSeen(slug, "301 https://example.com/two");

        API.call("DELETE", "/api/v3/cligs/" + slug, key, null);
        assertSeen(slug, "410 -");
    }

    @Test
    void anExpiredCligAnswers410() throws Exception {
        String soon = Instant.now().plusMillis(1500).toString();
        String slug = API.post("/api/v3/cligs", key, new JsonObject().put("target", "https://example.com/brief").put("expires_at", soon))
                .json().getString("slug");
        String first = visit(slug);
        assertEquals("301 https://example.com/brief", first);
        assertTrue(RunningEdge.within(Duration.ofSeconds(3), () -> visit(slug).startsWith("410")),
                "after its expiry the edge answers 410, got " + visit(slug));
        assertTrue(Instant.now().isAfter(Instant.parse(soon)), "not before the expiry");
    }

    @Test
    void aCligMadeThroughTheOldApiIsServed() throws Exception {
        String shortUrl = API.get("/api/v1/cligs/create?url=https%3A%2F%2Fexample.com%2Fold-api", null).body();
        String slug = shortUrl.substring(shortUrl.lastIndexOf('/') + 1);
        assertSeen(slug, "301 https://example.com/old-api");
    }

    private static void assertSeen(String slug, String expected) throws Exception {
        long start = System.nanoTime();
        assertTrue(RunningEdge.within(SECOND, () -> expected.equals(visit(slug))),
                "within 1 s the edge answers " + expected + ", got " + visit(slug));
        System.out.printf("%s seen at the edge after %.1f ms%n", expected, (System.nanoTime() - start) / 1e6);
    }

    private static String visit(String slug) {
        return edge.visit(slug);
    }
}
