package io.cligs.edge.cache;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.store.link.Actor;
import io.cligs.store.link.LinkChange;
import io.cligs.store.testing.FaultProxy;
import io.cligs.store.testing.StoreFixture;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8, finding 2: the eviction subscription dies silently (every Redis connection of the edge held
 * open by the network while new ones pass: Redis still counts the edge as a subscriber, nothing
 * arrives). A link changed through the data layer meanwhile must be served within 5 s, not after the
 * cache TTL (10 minutes), and readiness says {@code DOWN} for invalidation in between. Before the
 * subscription was PINGed, the edge served the old target for as long as the hold lasted while
 * readiness said {@code UP}.
 */
class SilentSubscriptionIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    static final StoreFixture STORE = new StoreFixture(DB, REDIS);

    static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    void aChangePublishedWhileTheSubscriptionIsSilentlyDeadIsServedWithinFiveSeconds() throws Exception {
        EdgeFixtures.insertLink(DB, 1, "watched", "https://example.com/old", "active");
        Vertx vertx = Vertx.vertx();
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", REDIS.port())) {
            EdgeConfig config = EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), "redis://127.0.0.1:" + proxy.port() + "/0",
                    REDIS.prefix(), Map.of());
            assertEquals(Duration.ofSeconds(1), config.pingInterval());
            Edge edge = Edge.deploy(vertx, config, CountryTable.bundledTestDatabase()).await();
            assertTrue(await(Duration.ofSeconds(10), edge::subscribed), "the edge subscribed");
            assertEquals("https://example.com/old", location(edge));
            assertEquals("https://example.com/old", location(edge));
            assertNotNull(edge.cache().link("watched"), "cached at the edge");
            assertEquals("UP", invalidation(edge));

            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            assertTrue(STORE.links().change("watched", LinkChange.target(TargetUrl.of("https://example.com/new")),
                    Actor.loader("test"), null).await().published(), "committed, written to Redis and published");
            long changed = System.nanoTime();

            // readiness is polled apart from the answers, so that the (short) DOWN between the loss and the
            // resubscription is seen
            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicInteger readinessDown = new AtomicInteger();
            Thread readiness = new Thread(() -> {
                while (polling.get()) {
                    if ("DOWN".equals(invalidation(edge))) {
                        readinessDown.incrementAndGet();
                    }
                }
            }, "readiness-poller");
            readiness.start();
            boolean seen;
            try {
                seen = await(BOUND, () -> "https://example.com/new".equals(location(edge)));
            } finally {
                polling.set(false);
                readiness.join(10_000);
            }
            long ms = (System.nanoTime() - changed) / 1_000_000;
            System.out.printf("change seen at the edge %d ms after it was published to a silently dead subscription; "
                    + "readiness said invalidation DOWN %d times meanwhile%n", ms, readinessDown.get());
            assertTrue(seen, "the edge still answers " + location(edge) + " " + ms + " ms after the change");
            assertTrue(readinessDown.get() > 0, "readiness never said invalidation DOWN");
            assertTrue(edge.metrics().subscriptionPingsUnanswered.sum() >= 1, "the unanswered PING was counted");
            assertTrue(await(Duration.ofSeconds(5), edge::subscribed), "resubscribed");
            assertEquals("UP", invalidation(edge));
            edge.close().await();
        } finally {
            vertx.close().await();
        }
    }

    /**
     * PINGs on the subscribed connection must not swallow messages, in either protocol: in RESP2 a
     * message that arrives while a PING waits is handed to the PING and the pong to the message handler.
     * PINGs every 200 ms (a round trip here is well under 1 ms; the interval leaves room for a stall of
     * this loaded machine), evictions published one after another for a couple of seconds: every one
     * arrives, no PING goes unanswered.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2", "3"})
    void pingsNeitherSwallowMessagesNorGoUnansweredUnderAStreamOfEvictions(String protocol) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            EdgeConfig config = EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), REDIS.url() + "?protocol=" + protocol,
                    REDIS.prefix() + "resp" + protocol + ":", Map.of("CLIG_EDGE_PING_INTERVAL_MS", "200", "CLIG_EDGE_INSTANCES", "1"));
            Edge edge = Edge.deploy(vertx, config, CountryTable.bundledTestDatabase()).await();
            assertTrue(await(Duration.ofSeconds(10), edge::subscribed), "the edge subscribed");
            String channel = new RedisKeys(config.redis().prefix()).evictChannel();
            int messages = 4000;
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int i = 0; i < messages && System.nanoTime() < end; i++) {
                REDIS.command("PUBLISH", channel, "slug" + i);
            }
            assertTrue(await(Duration.ofSeconds(10), () -> edge.metrics().evictionsReceived.sum() == messages),
                    "evictions received: " + edge.metrics().evictionsReceived.sum() + " of " + messages);
            assertEquals(0, edge.metrics().subscriptionPingsUnanswered.sum(), "unanswered PINGs");
            assertEquals(1, edge.metrics().resubscribes.sum(), "the subscription was never taken for lost");
            edge.close().await();
        } finally {
            vertx.close().await();
        }
    }

    private static String location(Edge edge) {
        try {
            return RawHttp.get(edge.port(), "/watched").header("Location");
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /** The invalidation check of {@code /-/health/ready}. */
    private static String invalidation(Edge edge) {
        try {
            return new JsonObject(RawHttp.get(edge.port(), "/-/health/ready").bodyText()).getJsonObject("checks")
                    .getJsonObject("invalidation").getString("status");
        } catch (Exception e) {
            return "failed: " + e;
        }
    }
}
