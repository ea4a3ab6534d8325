package io.cligs.admin.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
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

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static Vertx vertx;
    private static String edgeUrl;
    private static String key;

    @BeforeAll
    static void startEdge() throws Exception {
        Map<String, String> env = new HashMap<>(API.env());
        env.put(EdgeConfig.HOST, "127.0.0.1");
        env.put(EdgeConfig.PORT, "0");
        env.put(EdgeConfig.INSTANCES, "1");
        vertx = Vertx.vertx();
        Edge edge = Edge.deploy(vertx, EdgeConfig.fromEnv(env), CountryTable.openOrBundled(null)).await();
        edgeUrl = "http://127.0.0.1:" + edge.port() + "/";
        assertTrue(within(Duration.ofSeconds(10), edge::subscribed), "the edge subscribed to the eviction channel");
        key = API.newKey(API.signUpAndLogIn("edgy"), "edge test");
    }

    @AfterAll
    static void stopEdge() {
        if (vertx != null) {
            vertx.close().await();
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
    void aCligMadeThroughTheOldApiIsServed() throws Exception {
        String shortUrl = API.get("/api/v1/cligs/create?url=https%3A%2F%2Fexample.com%2Fold-api", null).body();
        String slug = shortUrl.substring(shortUrl.lastIndexOf('/') + 1);
        assertSeen(slug, "301 https://example.com/old-api");
    }

    private static void assertSeen(String slug, String expected) throws Exception {
        long start = System.nanoTime();
        assertTrue(within(SECOND, () -> expected.equals(visit(slug))), "within 1 s the edge answers " + expected + ", got " + visit(slug));
        System.out.printf("%s seen at the edge after %.1f ms%n", expected, (System.nanoTime() - start) / 1e6);
    }

    private static String visit(String slug) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(edgeUrl + slug)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() + " " + r.headers().firstValue("Location").orElse("-");
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static boolean within(Duration limit, Supplier<Boolean> check) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (check.get()) {
                return true;
            }
            Thread.sleep(5);
        }
        return check.get();
    }
}
