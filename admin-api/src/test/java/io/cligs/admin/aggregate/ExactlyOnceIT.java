package io.cligs.admin.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cligs.admin.AdminConfig;
import io.cligs.core.click.ClickRecord;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.Backends;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Aggregators against the real MariaDB and Redis: a crash between commit and {@code XACK} (acted out by a
 * hook that never lets the acknowledgement happen) followed by another aggregator claiming the entries;
 * two aggregators sharing one stream; the edge delivering an event twice. No click is counted twice or lost.
 */
class ExactlyOnceIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static Vertx vertx;
    private static Pool mysql;
    private static ClickEvents events;
    private static AdminConfig config;

    @BeforeAll
    static void start() throws Exception {
        // the process's user agent analyzer takes seconds to build (ADR 0015): not part of the waits below
        AgentClassifier.analyzer().get(120, TimeUnit.SECONDS);
        vertx = Vertx.vertx();
        config = AdminConfig.fromEnv(Map.of(
                EnvVar.CLIG_MYSQL_URL.name(), DB.url().url(),
                EnvVar.CLIG_REDIS_URL.name(), REDIS.url(),
                EnvVar.CLIG_REDIS_PREFIX.name(), REDIS.prefix(),
                EnvVar.CLIG_AGGREGATOR_BATCH.name(), "50",
                EnvVar.CLIG_AGGREGATOR_BLOCK_MS.name(), "200",
                EnvVar.CLIG_AGGREGATOR_CLAIM_IDLE_MS.name(), "500"));
        mysql = Backends.mysql(vertx, config.mysql(), 4, Duration.ofSeconds(10), null);
        events = new ClickEvents(vertx, REDIS.url(), REDIS.prefix());
    }

    @AfterAll
    static void stop() {
        events.close();
        mysql.close().await();
        vertx.close().await();
    }

    private static RunningAggregator aggregator(Supplier<Future<Void>> beforeAck) {
        return RunningAggregator.deploy(vertx, config.aggregator(), config.redis(), mysql, Clock.systemUTC(),
                Duration.ofSeconds(10), beforeAck).await();
    }

    private static List<ClickRecord> clicks(long linkId, int n) {
        List<ClickRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(events.click(linkId, "2026-12-01T10:00:00Z", i % 7, "FR", null, ClickEvents.CHROME));
        }
        return out;
    }

    private static long clicksOf(long linkId) {
        try (Connection c = DB.connect()) {
            return ClickEvents.number(c, "SELECT SUM(clicks) FROM click_days WHERE link_id = ?", linkId);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long pending() {
        try {
            List<?> summary = (List<?>) REDIS.command("XPENDING", REDIS.prefix() + "clicks:{0}", Aggregator.GROUP);
            return ((Number) summary.get(0)).longValue();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCrashBetweenCommitAndAckCountsNoClickTwice() throws Exception {
        events.append(clicks(101, 30)); // before the aggregator starts: its first read takes all 30 in one batch
        AtomicInteger commits = new AtomicInteger();
        // the first batch commits, then the process "dies": its acknowledgement never comes
        RunningAggregator crashing = aggregator(() -> {
            commits.incrementAndGet();
            return Promise.<Void>promise().future();
        });
        ClickEvents.await("the batch committed", LIMIT, () -> commits.get() == 1);
        ClickEvents.await("the committed clicks visible", LIMIT, () -> clicksOf(101) == 30);
        assertEquals(30, pending(), "committed but never acknowledged");
        crashing.close().await();

        RunningAggregator survivor = aggregator(Future::succeededFuture);
        try {
            ClickEvents.await("the dead consumer's entries claimed and acknowledged", LIMIT, () -> pending() == 0);
            ClickEvents.await("the stream trimmed", LIMIT, () -> events.length() == 0);
            assertEquals(30, clicksOf(101), "redelivered after the crash, counted once");
            try (Connection c = DB.connect()) {
                assertEquals(7, ClickEvents.number(c, "SELECT uniques FROM click_days WHERE link_id = 101"));
                assertEquals(30, ClickEvents.number(c, "SELECT clicks FROM click_breakdowns WHERE link_id = 101"
                        + " AND dimension = 'country' AND value = 'FR'"));
                assertEquals(1, ClickEvents.number(c, "SELECT COUNT(*) FROM click_stream_progress"));
            }
        } finally {
            survivor.close().await();
        }
    }

    @Test
    void twoAggregatorsSharingAStreamCountEveryEventOnce() throws Exception {
        RunningAggregator one = aggregator(Future::succeededFuture);
        RunningAggregator two = aggregator(Future::succeededFuture);
        try {
            for (int round = 0; round < 10; round++) {
                events.append(clicks(201, 100));
                events.append(clicks(202, 50));
            }
            ClickEvents.await("every click counted", LIMIT, () -> clicksOf(201) == 1000 && clicksOf(202) == 500);
            ClickEvents.await("every entry acknowledged", LIMIT, () -> pending() == 0);
            assertEquals(1000, clicksOf(201));
            assertEquals(500, clicksOf(202));
        } finally {
            one.close().await();
            two.close().await();
        }
    }

    @Test
    void anEventDeliveredTwiceByTheEdgeCountsOnce() throws Exception {
        RunningAggregator aggregator = aggregator(Future::succeededFuture);
        try {
            List<ClickRecord> batch = clicks(301, 20);
            events.append(batch);
            events.append(batch.subList(5, 15)); // the edge's journal replayed part of it
            ClickEvents.await("the stream drained", LIMIT, () -> events.length() == 0 && pending() == 0);
            assertEquals(20, clicksOf(301));
        } finally {
            aggregator.close().await();
        }
    }
}
