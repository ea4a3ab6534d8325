package io.cligs.edge.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.store.testing.TestRedis;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.edge.testing.RawHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MySQL unreachable (a closed port): what Caffeine and Redis know is served, the rest is 503, never 404. */
@ExtendWith(VertxExtension.class)
class MysqlDownIT {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static Edge edge;

    @BeforeAll
    static void deploy(Vertx vertx, VertxTestContext ctx) throws Exception {
        EdgeFixtures.putInRedis(REDIS, new Link(5, Slug.parse("cached"), TargetUrl.of("https://example.com/cached"),
                LinkStatus.ACTIVE, Map.of(), 1));
        String closed = "mysql://root@127.0.0.1:" + EdgeFixtures.freePort() + "/cligs";
        Edge.deploy(vertx, EdgeFixtures.config(closed, REDIS.url(), REDIS.prefix(), Map.of("CLIG_RETRY_AFTER_S", "7")),
                        CountryTable.bundledTestDatabase())
                .onComplete(ctx.succeeding(e -> {
                    edge = e;
                    ctx.completeNow();
                }));
    }

    @Test
    void redisAndCaffeineHitsAreStillServed() throws Exception {
        Reply fromRedis = RawHttp.get(edge.port(), "/cached");
        assertEquals(301, fromRedis.status());
        assertEquals("https://example.com/cached", fromRedis.header("Location"));
        long gets = edge.metrics().redisGets.sum();
        assertEquals(301, RawHttp.get(edge.port(), "/cached").status());
        assertEquals(gets, edge.metrics().redisGets.sum(), "the second answer comes from Caffeine");
    }

    @Test
    void aMissAnswers503WithRetryAfterNeverA404() throws Exception {
        for (int i = 0; i < 3; i++) {
            Reply r = RawHttp.get(edge.port(), "/unknowable");
            assertEquals(503, r.status());
            assertEquals("7", r.header("Retry-After"));
            assertEquals("application/problem+json", r.header("Content-Type"));
            assertEquals("https://cli.gs/problems/unavailable", new JsonObject(r.bodyText()).getString("type"));
        }
        assertTrue(edge.metrics().mysqlErrors.sum() + edge.metrics().mysqlTimeouts.sum() >= 3, "a 503 is never cached");
        assertEquals(0, edge.cache().negativeSize());
    }

    @Test
    void readinessIsDownAndSaysWhy() throws Exception {
        Reply r = RawHttp.get(edge.port(), "/-/health/ready");
        assertEquals(503, r.status());
        JsonObject body = new JsonObject(r.bodyText());
        assertEquals("DOWN", body.getString("status"));
        assertEquals("DOWN", body.getJsonObject("checks").getJsonObject("mysql").getString("status"));
        assertEquals("UP", body.getJsonObject("checks").getJsonObject("redis").getString("status"));
        assertEquals("UP", body.getJsonObject("checks").getJsonObject("geoip").getString("status"));
    }
}
