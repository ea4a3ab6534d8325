package io.cligs.loader.warm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.RedisSettings;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.store.Store;
import io.cligs.store.link.Actor;
import io.cligs.store.link.LinkChange;
import io.cligs.store.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 7's promise: whatever changes what a link answers goes through the data layer's one publishing
 * step, and a running edge that already cached the old answer gives the new one within a second — for
 * a change through the store's link write, and for a change made in MySQL and carried by
 * {@code loader warm}.
 */
class EveryWriterReachesTheEdgeIT {

    @RegisterExtension
    static final LoaderTestbed BED = LoaderTestbed.keepingRows();
    static final TestDatabase DB = BED.db();
    static final TestRedis REDIS = BED.redis();

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static Cli cli;
    private static String edgeUrl;

    @BeforeAll
    static void start() throws Exception {
        DB.execute("INSERT INTO cligs (id, slug, target, status, updated_at, version) VALUES "
                + "(1, 'through-store', 'https://example.com/old', 'active', NOW(), 1),"
                + "(2, 'through-warm', 'https://example.com/warm', 'active', NOW(), 1)");
        cli = BED.cli();
        Cli.Run warm = cli.run("warm");
        assertEquals(0, warm.exitCode(), warm::toString);
        Edge edge = BED.startEdge();
        edgeUrl = "http://127.0.0.1:" + edge.port() + "/";
        assertTrue(waitFor(edge::subscribed, Duration.ofSeconds(10)), "the edge subscribed to the eviction channel");
    }

    @Test
    void aLinkWriteThroughTheStoreIsSeenWithinOneSecond() throws Exception {
        assertEquals("301 https://example.com/old", answer("through-store"));
        assertEquals("301 https://example.com/old", answer("through-store"), "now cached at the edge");
        RedisSettings redis = new RedisSettings(List.of(REDIS.url()), RedisSettings.Mode.STANDALONE, REDIS.prefix());
        try (Store store = Store.open(DB.url(), redis, Duration.ofSeconds(10), 2)) {
            assertTrue(store.links().change("through-store", LinkChange.target(TargetUrl.of("https://example.com/new")),
                    Actor.loader("test"), null).await().published());
        }
        long changed = System.nanoTime();
        assertTrue(waitFor(() -> "301 https://example.com/new".equals(answer("through-store")), Duration.ofSeconds(1)),
                "the edge answers the new target within 1 s, got " + answer("through-store"));
        System.out.printf("store write seen at the edge after %.1f ms%n", (System.nanoTime() - changed) / 1e6);
    }

    @Test
    void aChangeCarriedByWarmIsSeenWithinOneSecond() throws Exception {
        assertEquals("301 https://example.com/warm", answer("through-warm"));
        DB.execute("UPDATE cligs SET status = 'disabled', version = version + 1 WHERE slug = 'through-warm'");
        assertEquals("301 https://example.com/warm", answer("through-warm"), "the edge still has the old answer cached");
        Cli.Run warm = cli.run("warm");
        assertEquals(0, warm.exitCode(), warm::toString);
        assertTrue(warm.out().contains("1 written"), warm::toString);
        long warmed = System.nanoTime();
        assertTrue(waitFor(() -> answer("through-warm").startsWith("410"), Duration.ofSeconds(1)),
                "the edge answers 410 within 1 s of the warm, got " + answer("through-warm"));
        System.out.printf("warm seen at the edge after %.1f ms%n", (System.nanoTime() - warmed) / 1e6);
    }

    private static String answer(String slug) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(edgeUrl + slug)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() + " " + r.headers().firstValue("Location").orElse("-");
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean waitFor(Check check, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        do {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < end);
        return check.holds();
    }
}
