package io.cligs.edge.cache;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.edge.testing.RawHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis of this test's own, frozen, killed and restarted under a running edge. */
@ExtendWith(VertxExtension.class)
class RedisOutageIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    static Path dir;
    static int port;
    static Edge edge;

    @BeforeAll
    static void deploy(Vertx vertx, VertxTestContext ctx) throws Exception {
        dir = Files.createTempDirectory("cligs-edge-redis");
        port = EdgeFixtures.freePort();
        startRedis();
        for (String slug : new String[] {"warm", "cold", "frozen"}) {
            EdgeFixtures.insertLink(DB, slug.hashCode() & 0xffff, slug, "https://example.com/" + slug, "active");
        }
        Edge.deploy(vertx, EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), "redis://127.0.0.1:" + port + "/0", "t:",
                        // PINGs far apart: the short freeze below is about lookups, not about a silent subscription
                        Map.of("CLIG_REDIS_TIMEOUT_MS", "100", "CLIG_EDGE_PING_INTERVAL_MS", "5000")),
                        CountryTable.bundledTestDatabase())
                .onComplete(ctx.succeeding(e -> {
                    edge = e;
                    ctx.completeNow();
                }));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        signal("TERM");
    }

    static void startRedis() throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "yes", "--dir", dir.toString(),
                "--pidfile", dir.resolve("redis.pid").toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertTrue(await(Duration.ofSeconds(5), RedisOutageIT::redisAnswers), "redis-server did not start");
    }

    static boolean redisAnswers() {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void signal(String name) throws Exception {
        Path pidFile = dir.resolve("redis.pid");
        if (Files.exists(pidFile)) {
            String pid = Files.readString(pidFile).trim();
            new ProcessBuilder("kill", "-" + name, pid).inheritIO().start().waitFor();
        }
    }

    @Test
    void theEdgeRidesOutAFrozenThenDeadRedisAndResubscribesWhenItReturns() throws Exception {
        assertEquals(301, RawHttp.get(edge.port(), "/warm").status());
        assertEquals(1, edge.metrics().resubscribes.sum());

        // frozen: a miss waits at most the Redis timeout, then MySQL answers
        signal("STOP");
        try {
            long start = System.nanoTime();
            Reply frozen = RawHttp.get(edge.port(), "/frozen");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(301, frozen.status());
            assertTrue(ms < 1000, "took " + ms + " ms");
            assertTrue(edge.metrics().redisTimeouts.sum() >= 1);
        } finally {
            signal("CONT");
        }

        // dead: Caffeine hits and MySQL-backed misses still answer
        signal("TERM");
        assertTrue(await(Duration.ofSeconds(5), () -> !redisAnswers()), "redis-server did not stop");
        assertTrue(await(Duration.ofSeconds(5), () -> !edge.subscribed()), "the lost subscription went unnoticed");
        long queries = edge.metrics().mysqlQueries.sum();
        assertEquals("https://example.com/warm", RawHttp.get(edge.port(), "/warm").header("Location"));
        assertEquals(queries, edge.metrics().mysqlQueries.sum(), "a Caffeine hit must not reach MySQL");
        assertEquals("https://example.com/cold", RawHttp.get(edge.port(), "/cold").header("Location"));
        assertEquals(404, RawHttp.get(edge.port(), "/nothing-here").status());
        Reply ready = RawHttp.get(edge.port(), "/-/health/ready");
        assertEquals(200, ready.status());
        JsonObject checks = new JsonObject(ready.bodyText()).getJsonObject("checks");
        assertEquals("DOWN", checks.getJsonObject("redis").getString("status"));
        assertEquals("UP", checks.getJsonObject("mysql").getString("status"));
        assertEquals("DOWN", checks.getJsonObject("invalidation").getString("status"));

        // back: the edge resubscribes and drops what it could not vouch for
        startRedis();
        assertTrue(await(Duration.ofSeconds(10), () -> edge.subscribed()), "no resubscription");
        assertEquals(2, edge.metrics().resubscribes.sum());
        assertEquals(0, edge.cache().size());
        assertEquals(301, RawHttp.get(edge.port(), "/warm").status());
    }
}
