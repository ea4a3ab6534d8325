package io.cligs.edge.cache;

import static io.cligs.edge.testing.EdgeFixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.store.Backends;
import io.cligs.store.testing.FaultProxy;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lookup as a redirect verticle has it, over the real Redis and MySQL: single-flight for one slug,
 * the kept connection's rebuilds, and the burst of distinct misses that used to fall through to MySQL.
 *
 * <p>A burst of distinct misses on one event loop, with the edge's Redis timeout (150 ms) and a pool of two
 * connections: every lookup is pipelined on the event loop's kept connection, so the burst is answered
 * from Redis. Over the pool (the edge before issue 7) the same burst of 2,000 got no Redis answer at
 * all: about half overflowed the pool's wait queue, the rest timed out waiting for a connection, and
 * all 2,000 went on to MySQL.
 */
@ExtendWith(VertxExtension.class)
class LookupBurstIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static final int BURST = 2000;

    @BeforeAll
    static void putLinksInRedisOnly() throws Exception {
        List<String> mset = new ArrayList<>();
        mset.add("MSET");
        RedisKeys keys = new RedisKeys(REDIS.prefix());
        for (int i = 0; i < BURST + 200; i++) {
            Link link = new Link(i + 1, Slug.parse("burst" + i), TargetUrl.of("https://example.com/" + i), LinkStatus.ACTIVE,
                    Map.of(), 1);
            mset.add(keys.link(link.slug()));
            mset.add(LinkCodec.encode(link));
        }
        REDIS.command(mset.toArray(new String[0]));
    }

    @Test
    void aBurstOfDistinctMissesIsAnsweredByRedisWithoutTimeoutsOrMysql(Vertx vertx) throws Exception {
        EdgeConfig config = EdgeFixtures.config(DB, REDIS, Map.of("CLIG_REDIS_POOL_SIZE", "2"));
        assertEquals(Duration.ofMillis(150), config.redisTimeout());
        Rig rig = Rig.open(vertx, config);
        try {
            onLoop(rig.loop(), () -> burst(rig.lookup(), BURST, 200)); // warm-up: the JIT, not the claim
            long hits = rig.metrics().redisHits.sum();

            List<Resolution> answers = onLoop(rig.loop(), () -> burst(rig.lookup(), 0, BURST));

            for (Resolution r : answers) {
                assertInstanceOf(Resolution.Found.class, r);
            }
            assertEquals(BURST, rig.metrics().redisHits.sum() - hits);
            assertEquals(0, rig.metrics().redisTimeouts.sum(), "Redis timeouts");
            assertEquals(0, rig.metrics().redisErrors.sum(), "Redis errors");
            assertEquals(0, rig.metrics().mysqlQueries.sum(), "MySQL queries");
        } finally {
            rig.close();
        }
    }

    @Test
    void manyConcurrentMissesForOneSlugMakeOneRedisAndOneMysqlLookup(Vertx vertx) throws Exception {
        EdgeFixtures.insertLink(DB, 1, "popular", "https://example.com/popular", "active");
        Rig rig = Rig.open(vertx, EdgeFixtures.config(DB, REDIS, Map.of()));
        try {
            // 100 misses started in one turn of the event loop: none can complete before the last starts
            List<Resolution> answers = onLoop(rig.loop(), () -> {
                List<Future<Resolution>> all = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    all.add(Future.fromCompletionStage(rig.lookup().load("popular")));
                }
                return Future.all(all).map(done -> all.stream().map(Future::result).toList());
            });
            for (Resolution r : answers) {
                assertInstanceOf(Resolution.Found.class, r);
            }
            assertEquals(1, rig.metrics().redisGets.sum());
            assertEquals(1, rig.metrics().mysqlQueries.sum());
            assertEquals(99, rig.metrics().singleFlightJoins.sum());
        } finally {
            rig.close();
        }
    }

    @Test
    void aLostConnectionFallsBackToThePoolAndIsRebuilt(Vertx vertx) throws Exception {
        EdgeConfig config = EdgeFixtures.config(DB, REDIS, Map.of());
        Rig rig = Rig.open(vertx, config);
        try {
            assertEquals(1L, REDIS.command("CLIENT", "KILL", "ID", lookupClientId(rig.redis().name())));
            assertTrue(await(Duration.ofSeconds(5), () -> !rig.redis().pipelined()), "the lost connection went unnoticed");
            assertInstanceOf(Resolution.Found.class, rig.load("burst7"));
            assertTrue(await(Duration.ofSeconds(5), rig.redis()::pipelined), "the connection was not rebuilt");
            assertInstanceOf(Resolution.Found.class, rig.load("burst8"));
            assertEquals(2, rig.metrics().redisHits.sum());
        } finally {
            rig.close();
        }
    }

    @Test
    void aKeptConnectionThatStopsAnsweringWithoutClosingIsRebuilt(Vertx vertx) throws Exception {
        FaultProxy proxy = FaultProxy.start("127.0.0.1", REDIS.port());
        EdgeConfig config = EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), "redis://127.0.0.1:" + proxy.port() + "/0",
                REDIS.prefix(), Map.of());
        Rig rig = Rig.open(vertx, config);
        try {
            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            for (int i = 0; i < PipelinedRedis.TIMEOUTS_BEFORE_REBUILD; i++) {
                // held: the lookup waits the Redis timeout, then MySQL (which has none of these links) answers
                String slug = "burst" + (20 + i);
                assertInstanceOf(Resolution.NotFound.class, rig.load(slug));
            }
            assertEquals(PipelinedRedis.TIMEOUTS_BEFORE_REBUILD, rig.metrics().redisTimeouts.sum());
            assertTrue(await(Duration.ofSeconds(5), rig.redis()::pipelined), "the held connection was not replaced");
            long hits = rig.metrics().redisHits.sum();
            assertInstanceOf(Resolution.Found.class, rig.load("burst30"));
            assertEquals(hits + 1, rig.metrics().redisHits.sum());
        } finally {
            rig.close();
            proxy.close();
        }
    }

    @Test
    void aHeldKeptConnectionIsReplacedByItsPingBeforeAnyLookupPaysForIt(Vertx vertx) throws Exception {
        FaultProxy proxy = FaultProxy.start("127.0.0.1", REDIS.port());
        EdgeConfig config = EdgeFixtures.config(EdgeFixtures.mysqlUrl(DB.url()), "redis://127.0.0.1:" + proxy.port() + "/0",
                REDIS.prefix(), Map.of());
        assertEquals(Duration.ofSeconds(1), config.pingInterval());
        Rig rig = Rig.open(vertx, config);
        try {
            int opened = proxy.accepted();
            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            long held = System.nanoTime();
            // no lookup meanwhile: only the unanswered PING can tell that the connection is dead
            assertTrue(await(Duration.ofSeconds(8), () -> rig.metrics().lookupPingsUnanswered.sum() >= 1
                    && rig.redis().pipelined()), "the held connection was not replaced");
            long replacedMs = (System.nanoTime() - held) / 1_000_000;
            System.out.printf("held lookup connection replaced %d ms after the hold (ping interval 1000 ms)%n", replacedMs);
            assertTrue(proxy.accepted() > opened, "a new connection replaced the held one");

            for (int i = 0; i < 5; i++) {
                assertInstanceOf(Resolution.Found.class, rig.load("burst" + (40 + i)));
            }
            assertEquals(5, rig.metrics().redisHits.sum(), "the misses came from Redis");
            assertEquals(0, rig.metrics().redisTimeouts.sum(), "no miss paid the Redis timeout");
            assertEquals(0, rig.metrics().mysqlQueries.sum(), "no miss went on to MySQL");
            assertTrue(replacedMs < 5000, "replaced after " + replacedMs + " ms, not within about two ping intervals");
        } finally {
            rig.close();
            proxy.close();
        }
    }

    /** A lookup as a redirect verticle has it, with a cache of its own, opened on an event loop of its own. */
    private record Rig(Context loop, PipelinedRedis redis, LinkLookup lookup, EdgeMetrics metrics) {

        static Rig open(Vertx vertx, EdgeConfig config) throws Exception {
            Context loop = vertx.getOrCreateContext();
            EdgeMetrics metrics = new EdgeMetrics();
            PipelinedRedis redis = onLoop(loop, () -> Future.succeededFuture(new PipelinedRedis(vertx,
                    Backends.redis(vertx, config.redis(), config.redisPoolSize(), config.redisTimeout()),
                    () -> Backends.redis(vertx, config.redis(), 1, config.redisTimeout()),
                    new RedisKeys(config.redis().prefix()), config.redisTimeout(), config.pingInterval(),
                    metrics.lookupPingsUnanswered)));
            LinkLookup lookup = new LinkLookup(new LinkCache(100_000, Duration.ofMinutes(1), 1000, Duration.ofSeconds(5),
                    Ticker.systemTicker()), redis, Backends.mysql(vertx, config.mysql(), 2, config.mysqlTimeout(), null),
                    new Resolutions(90), metrics, config.redisTimeout(), config.mysqlTimeout());
            onLoop(loop, lookup::open);
            assertTrue(redis.pipelined(), "no kept connection after open");
            return new Rig(loop, redis, lookup, metrics);
        }

        /** One lookup, started on the rig's event loop. */
        Resolution load(String slug) throws Exception {
            return onLoop(loop, () -> Future.fromCompletionStage(lookup.load(slug)));
        }

        void close() throws Exception {
            onLoop(loop, lookup::close);
        }
    }

    /** The id of the one connection named {@code name} in {@code CLIENT LIST}. */
    private static String lookupClientId(String name) throws Exception {
        String id = null;
        for (String line : ((String) REDIS.command("CLIENT", "LIST")).split("\n")) {
            if (line.contains(" name=" + name + " ")) {
                assertEquals(null, id, "two connections named " + name);
                id = line.substring(3, line.indexOf(' '));
            }
        }
        assertTrue(id != null, "no connection named " + name);
        return id;
    }

    /** Starts {@code count} lookups of distinct slugs from {@code first} in one turn of the event loop. */
    private static Future<List<Resolution>> burst(LinkLookup lookup, int first, int count) {
        List<Future<Resolution>> all = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            all.add(Future.fromCompletionStage(lookup.load("burst" + i)));
        }
        return Future.all(all).map(done -> {
            List<Resolution> out = new ArrayList<>(count);
            for (Future<Resolution> f : all) {
                out.add(f.result());
            }
            return out;
        });
    }

    /** Runs {@code call} on {@code loop} and waits (on the test thread) for its result. */
    private static <T> T onLoop(Context loop, Supplier<Future<T>> call) throws Exception {
        Promise<T> result = Promise.promise();
        loop.runOnContext(v -> call.get().onComplete(result));
        return result.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
