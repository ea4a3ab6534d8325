package io.cligs.edge.cache;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two edges with caches of their own, kept in step by the eviction channel. */
@ExtendWith(VertxExtension.class)
class InvalidationIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static Edge first;
    static Edge second;

    @BeforeAll
    static void deploy(Vertx vertx, VertxTestContext ctx) throws Exception {
        CountryTable countries = CountryTable.bundledTestDatabase();
        Edge.deploy(vertx, EdgeFixtures.config(DB, REDIS, Map.of()), countries)
                .compose(e -> {
                    first = e;
                    return Edge.deploy(vertx, EdgeFixtures.config(DB, REDIS, Map.of()), countries);
                })
                .onComplete(ctx.succeeding(e -> {
                    second = e;
                    ctx.completeNow();
                }));
    }

    private static String location(Edge e, String slug) throws Exception {
        return RawHttp.get(e.port(), "/" + slug).header("Location");
    }

    @Test
    void aPublishedChangeReachesEveryEdgeWithin100Ms() throws Exception {
        EdgeFixtures.insertLink(DB, 1, "moving", "https://example.com/old", "active");
        assertEquals("https://example.com/old", location(first, "moving"));
        assertEquals("https://example.com/old", location(second, "moving"));
        assertNotNull(first.cache().link("moving"));
        assertNotNull(second.cache().link("moving"));

        // what the admin API does: commit in MySQL, write through to Redis, publish the slug
        DB.execute("UPDATE cligs SET target = 'https://example.com/new', version = 2 WHERE slug = 'moving'");
        EdgeFixtures.putInRedis(REDIS, new Link(1, Slug.parse("moving"), TargetUrl.of("https://example.com/new"),
                LinkStatus.ACTIVE, Map.of(), 2));
        long published = System.nanoTime();
        Object receivers = REDIS.command("PUBLISH", new RedisKeys(REDIS.prefix()).evictChannel(), "moving");
        assertEquals(2L, receivers);
        boolean evicted = await(Duration.ofSeconds(2),
                () -> first.cache().link("moving") == null && second.cache().link("moving") == null);
        long latencyMs = (System.nanoTime() - published) / 1_000_000;
        assertTrue(evicted, "not evicted within 2 s");
        assertTrue(latencyMs < 100, "eviction took " + latencyMs + " ms");

        assertEquals("https://example.com/new", location(first, "moving"));
        assertEquals("https://example.com/new", location(second, "moving"));
    }

    @Test
    void aPublishedNewLinkEndsTheNegativeCacheOnEveryEdge() throws Exception {
        assertEquals(404, RawHttp.get(first.port(), "/fresh").status());
        assertEquals(404, RawHttp.get(second.port(), "/fresh").status());
        assertTrue(first.cache().knownUnknown("fresh"));

        EdgeFixtures.insertLink(DB, 2, "fresh", "https://example.com/fresh", "active");
        REDIS.command("PUBLISH", new RedisKeys(REDIS.prefix()).evictChannel(), "fresh");
        assertTrue(await(Duration.ofSeconds(2), () -> !first.cache().knownUnknown("fresh") && !second.cache().knownUnknown("fresh")));
        assertEquals("https://example.com/fresh", location(first, "fresh"));
        assertEquals("https://example.com/fresh", location(second, "fresh"));
    }

    @Test
    void aDisabledLinkTurns410Everywhere() throws Exception {
        EdgeFixtures.insertLink(DB, 3, "closing", "https://example.com/closing", "active");
        assertEquals(301, RawHttp.get(first.port(), "/closing").status());
        assertEquals(301, RawHttp.get(second.port(), "/closing").status());
        DB.execute("UPDATE cligs SET status = 'disabled', version = 2 WHERE slug = 'closing'");
        REDIS.command("DEL", new RedisKeys(REDIS.prefix()).link("closing"));
        REDIS.command("PUBLISH", new RedisKeys(REDIS.prefix()).evictChannel(), "closing");
        assertTrue(await(Duration.ofSeconds(2), () -> {
            try {
                return RawHttp.get(first.port(), "/closing").status() == 410 && RawHttp.get(second.port(), "/closing").status() == 410;
            } catch (Exception e) {
                return false;
            }
        }));
    }

    @Test
    void anEvictAllMessageDropsEveryEdgesWholeCache() throws Exception {
        EdgeFixtures.insertLink(DB, 4, "kept-a", "https://example.com/a", "active");
        EdgeFixtures.insertLink(DB, 5, "kept-b", "https://example.com/b", "active");
        for (Edge e : new Edge[] {first, second}) {
            assertEquals(301, RawHttp.get(e.port(), "/kept-a").status());
            assertEquals(301, RawHttp.get(e.port(), "/kept-b").status());
            assertEquals(404, RawHttp.get(e.port(), "/not-yet").status());
        }
        assertTrue(first.cache().knownUnknown("not-yet"));
        long flushes = first.metrics().evictAllsReceived.sum();

        // what a writer that changed many links publishes instead of one message per slug
        REDIS.command("PUBLISH", new RedisKeys(REDIS.prefix()).evictChannel(), RedisKeys.EVICT_ALL);
        assertTrue(await(Duration.ofSeconds(2), () -> first.cache().size() == 0 && second.cache().size() == 0
                && first.cache().negativeSize() == 0 && second.cache().negativeSize() == 0), "not every cache was dropped");
        assertEquals(flushes + 1, first.metrics().evictAllsReceived.sum());
        assertEquals(301, RawHttp.get(first.port(), "/kept-a").status());
    }
}
