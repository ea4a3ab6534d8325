package io.cligs.admin.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.RunningEdge;
import io.cligs.core.config.EnvVar;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.click.ClickMetrics;
import io.cligs.store.click.ClickStream;
import io.cligs.store.testing.KillableRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10's first test, end to end: {@value #PROPERTY} redirects (5,000 by default; 50,000 in
 * {@code ops/bench/clicks-outage.sh}) through a running edge with its click pipeline, while an admin API
 * with its aggregator runs beside it, both on a Redis of the test's own that is SIGKILLed for part of the
 * run and started again (its AOF keeps what it acknowledged). After recovery the rollups hold exactly one
 * click per redirect, the stats API says so to the links' owner, and nothing more arrives after a settle:
 * the edge's journal and retries deliver every event at least once, the aggregator counts it once.
 * Prints one {@code clicks-outage:} line with the figures the bench script records.
 */
class ClicksOutageIT {

    /** The system property with the number of redirects. */
    static final String PROPERTY = "cligs.outage.redirects";
    /**
     * The system property that, {@code false}, leaves Redis up: the bench script's baseline, measured in the
     * same run. The suite always kills it.
     */
    static final String KILL_PROPERTY = "cligs.outage.kill";
    private static final int N = Integer.getInteger(PROPERTY, 5_000);
    private static final boolean KILL = Boolean.parseBoolean(System.getProperty(KILL_PROPERTY, "true"));
    private static final int SHARDS = 2;
    private static final int PARALLEL = 8;
    private static final List<String> SLUGS = List.of("outage-a", "outage-b");
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final KillableRedis REDIS = new KillableRedis("outage:");
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS::url, REDIS::prefix, Map.of(
            EnvVar.CLIG_CLICK_STREAM_SHARDS.name(), Integer.toString(SHARDS),
            EnvVar.CLIG_AGGREGATOR_BLOCK_MS.name(), "200"));

    private static Vertx vertx;
    private static Redis reader;
    private static ClickStream stream;
    private static Path journal;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        reader = Redis.createClient(vertx, REDIS.url());
        stream = new ClickStream(reader, new RedisKeys(REDIS.prefix()), SHARDS, Duration.ofSeconds(2));
        journal = Files.createTempDirectory("cligs-outage-journal");
    }

    @AfterAll
    static void stop() throws IOException {
        reader.close();
        vertx.close().await();
        try (Stream<Path> files = Files.walk(journal)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everyRedirectIsCountedOnceThoughRedisWasKilledForPartOfTheRun() throws Exception {
        String owner = API.newKey(API.signUpAndLogIn("outage-owner"), "outage");
        Map<String, Long> links = new LinkedHashMap<>();
        for (String slug : SLUGS) {
            Answer created = API.post("/api/v3/cligs", owner, new JsonObject().put("target", "https://example.com/" + slug)
                    .put("slug", slug));
            assertEquals(201, created.status(), created::toString);
            try (Connection c = DB.connect()) {
                links.put(slug, ClickEvents.number(c, "SELECT id FROM cligs WHERE slug = ?", slug));
            }
        }
        Map<String, String> env = new HashMap<>(API.env());
        env.put(EnvVar.CLIG_EDGE_ID.name(), "outage-edge");
        env.put(EnvVar.CLIG_EDGE_INSTANCES.name(), "2");
        env.put(EnvVar.CLIG_VISITOR_SECRET.name(), "the outage test's visitor secret");
        env.put(EnvVar.CLIG_CLICK_JOURNAL_DIR.name(), journal.toString());
        env.put(EnvVar.CLIG_REDIS_TIMEOUT_MS.name(), "300");
        env.put(EnvVar.CLIG_CLICK_TIMEOUT_MS.name(), "2000");

        try (RunningEdge running = RunningEdge.startWithClicks(env)) {
            Edge edge = running.edge();
            ClickMetrics clicks = edge.clickMetrics();
            // the visitors keep coming throughout: Redis dies under traffic, with batches and reads in flight
            long t0 = System.nanoTime();
            CompletableFuture<Integer> visits = CompletableFuture.supplyAsync(
                    () -> running.redirects(SLUGS, N, PARALLEL, ClickEvents.CHROME));
            long killed = 0;
            long restarted = 0;
            if (KILL) {
                ClickEvents.await("30% of the redirects answered", Duration.ofSeconds(60),
                        () -> visits.isCompletedExceptionally() || clicks.emitted.sum() >= N * 3L / 10);
                failFast(visits);
                REDIS.kill();
                killed = System.nanoTime();
                ClickEvents.await("70% of the redirects answered, events journaled", Duration.ofSeconds(60),
                        () -> visits.isCompletedExceptionally() || clicks.emitted.sum() >= N * 7L / 10 && clicks.journaled.sum() > 0);
                failFast(visits);
                REDIS.start();
                restarted = System.nanoTime();
            }
            int redirected = visits.get(10L + N / 100, TimeUnit.SECONDS);
            long sent = System.nanoTime();
            assertEquals(N, redirected, "requests answered with a redirect");
            assertEquals(N, edge.metrics().requests(301) + edge.metrics().requests(302), "redirects the edge answered");

            ClickEvents.await("the rollups reach " + N + " clicks", Duration.ofSeconds(60 + N / 1_000),
                    () -> rolledUp(links) >= N);
            long exact = System.nanoTime();
            assertEquals(N, rolledUp(links), "clicks in the rollups");
            for (int i = 0; i < SLUGS.size(); i++) {
                assertEquals(share(i), clicksOf(links.get(SLUGS.get(i))), "clicks of " + SLUGS.get(i));
            }
            ClickEvents.await("the stats API answers", Duration.ofSeconds(30), () -> stats(owner, SLUGS.get(0)).status() == 200);
            assertEquals(N, statsTotal(owner), "the stats API's totals, as the links' owner sees them");

            // nothing left to deliver: the journal replayed, the stream read, acknowledged and trimmed
            ClickEvents.await("the edge's journal replayed and the stream drained", Duration.ofSeconds(60),
                    () -> clicks.journalEvents() == 0 && streamLength() == 0);
            Thread.sleep(SETTLE.toMillis());
            assertEquals(N, rolledUp(links), "clicks in the rollups after a settle: no click counted twice");
            assertEquals(N, statsTotal(owner), "the stats API's totals after a settle");
            assertEquals(N, clicks.emitted.sum(), "click events emitted");
            assertEquals(0, clicks.dropped.sum(), "click events dropped");
            if (KILL) {
                assertTrue(clicks.replayed.sum() > 0, "the journal was replayed");
            }
            long delivered = clicks.shipped.sum() + clicks.replayed.sum();
            assertTrue(delivered >= N, "shipped " + clicks.shipped.sum() + " + replayed " + clicks.replayed.sum());

            System.out.printf(Locale.ROOT, "clicks-outage: mode=%s redirects=%d seconds=%.1f redirects_per_s=%.0f"
                            + " redis_down_s=%.1f restart_to_exact_s=%.2f last_redirect_to_exact_s=%.2f journaled=%d"
                            + " replayed=%d delivered_twice=%d%n",
                    KILL ? "outage" : "baseline", N, (exact - t0) / 1e9, N / ((sent - t0) / 1e9),
                    (restarted - killed) / 1e9, KILL ? (exact - restarted) / 1e9 : 0, Math.max(0, exact - sent) / 1e9,
                    clicks.journaled.sum(), clicks.replayed.sum(), delivered - N);
        }
    }

    /** The visitors' failure, if they failed already (a request not answered). */
    private static void failFast(CompletableFuture<Integer> visits) {
        if (visits.isCompletedExceptionally()) {
            visits.join();
        }
    }

    /** The redirects that went to link {@code i}: the requests take the slugs in turn. */
    private static long share(int i) {
        return N / SLUGS.size() + (i < N % SLUGS.size() ? 1 : 0);
    }

    private static long rolledUp(Map<String, Long> links) {
        long sum = 0;
        for (long id : links.values()) {
            sum += clicksOf(id);
        }
        return sum;
    }

    private static long clicksOf(long linkId) {
        try (Connection c = DB.connect()) {
            return ClickEvents.number(c, "SELECT SUM(clicks) FROM click_days WHERE link_id = ?", linkId);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The stats of {@code slug} from yesterday to tomorrow (UTC): the run may cross midnight. */
    private static Answer stats(String key, String slug) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return API.get("/api/v3/cligs/" + slug + "/stats?from=" + today.minusDays(1) + "&to=" + today.plusDays(1), key);
    }

    /** The totals the stats API gives for every link, each checked against its share. */
    private static long statsTotal(String key) {
        long sum = 0;
        for (int i = 0; i < SLUGS.size(); i++) {
            Answer a = stats(key, SLUGS.get(i));
            assertEquals(200, a.status(), a::toString);
            long total = a.json().getLong("total");
            assertEquals(share(i), total, "the stats API's total of " + SLUGS.get(i));
            sum += total;
        }
        return sum;
    }

    /** Entries in every shard of the click stream, or -1 when Redis does not answer. */
    private static long streamLength() {
        try {
            return stream.length().await();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
