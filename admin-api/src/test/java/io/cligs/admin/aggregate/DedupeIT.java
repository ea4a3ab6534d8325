package io.cligs.admin.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.Backends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-edge-boot dedupe (ADR 0017) against the real MariaDB, through {@link RollupWriter}: sequences out of
 * order across batches and across blocks, duplicates within a batch, a batch delivered again (a crash between
 * commit and ack), ids not of the edge form, and two writers applying overlapping batches of one stream at the
 * same time. Each link's clicks and uniques must equal its distinct events and visitors.
 */
class DedupeIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String STREAM = "dedupe-it:clicks:{0}";
    private static final long BOOT = Instant.parse("2026-12-01T08:00:00Z").toEpochMilli();
    private static final VisitorHash VISITORS = VisitorHash.of("a dedupe test secret of some length");
    private static Vertx vertx;
    private static Pool mysql;
    private static RollupWriter writer;
    private static final AtomicInteger ENTRY = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        mysql = Backends.mysql(vertx, DB.url(), 4, Duration.ofSeconds(10), null);
        writer = new RollupWriter(mysql, new AgentClassifier(AgentClassifier.analyzer().get(120, TimeUnit.SECONDS), 100),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        mysql.close().await();
        vertx.close().await();
    }

    /** Click number {@code seq} of the edge's boot on {@code link}, by visitor {@code seq % visitors}. */
    private static ClickRecord click(String edge, long link, long seq, int visitors) {
        long ts = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli() + seq;
        int visitor = (int) (seq % visitors);
        byte[] address = {10, 1, (byte) (visitor >> 8), (byte) visitor};
        return new ClickRecord(edge + "-" + Long.toString(BOOT, 36) + "-" + Long.toString(seq, 36), link, ts,
                new CountryCode("DE"), VISITORS.hash(address, ClickEvents.CHROME, ts), null, ClickEvents.CHROME, edge);
    }

    private static List<RollupWriter.Entry> entries(List<? extends io.cligs.core.click.StreamEvent> events) {
        List<RollupWriter.Entry> out = new ArrayList<>(events.size());
        for (var e : events) {
            out.add(new RollupWriter.Entry("1700000000000-" + ENTRY.incrementAndGet(), e));
        }
        return out;
    }

    private static int apply(List<? extends io.cligs.core.click.StreamEvent> events) {
        return writer.apply(STREAM, entries(events)).await();
    }

    private static List<ClickRecord> clicks(String edge, long link, long from, long to, int visitors) {
        List<ClickRecord> out = new ArrayList<>();
        for (long s = from; s < to; s++) {
            out.add(click(edge, link, s, visitors));
        }
        return out;
    }

    private static long number(String sql, Object... args) {
        try (Connection c = DB.connect()) {
            return ClickEvents.number(c, sql, args);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static long clicksOf(long link) {
        return number("SELECT SUM(clicks) FROM click_days WHERE link_id = ?", link);
    }

    private static long uniquesOf(long link) {
        return number("SELECT SUM(uniques) FROM click_days WHERE link_id = ?", link);
    }

    @Test
    void sequencesOutOfOrderAcrossBatchesAndBlocksCountOnce() {
        // a live batch, then the journal's older events replayed, overlapping both; then across a block boundary
        assertEquals(10, apply(clicks("edge-a", 11, 5000, 5010, 1000)));
        assertEquals(5, apply(clicks("edge-a", 11, 4995, 5000, 1000)));
        List<ClickRecord> mixed = new ArrayList<>(clicks("edge-a", 11, 4990, 4996, 1000)); // 4995 applied already
        mixed.add(click("edge-a", 11, 5000, 1000)); // applied already
        assertEquals(5, apply(mixed));
        assertEquals(20, clicksOf(11));
        List<ClickRecord> span = clicks("edge-a", 11, 4090, 4100, 1000); // blocks 0 and 1
        Collections.reverse(span);
        assertEquals(10, apply(span));
        assertEquals(0, apply(clicks("edge-a", 11, 4090, 4100, 1000)));
        assertEquals(0, apply(clicks("edge-a", 11, 4990, 5010, 1000)));
        assertEquals(30, clicksOf(11));
        assertEquals(30, uniquesOf(11));
        assertEquals(2, number("SELECT COUNT(*) FROM click_applied_blocks WHERE edge_id = 'edge-a'"), "one row per block");
    }

    @Test
    void duplicatesWithinABatchCountOnce() {
        List<ClickRecord> batch = new ArrayList<>(clicks("edge-b", 12, 0, 8, 3));
        batch.add(batch.get(0));
        batch.add(batch.get(5));
        batch.add(batch.get(5));
        OrphanRecord orphan = new OrphanRecord("edge-b-" + Long.toString(BOOT, 36) + "-z", "nope", BOOT, null, null, "edge-b");
        batch.add(1, batch.get(1));
        List<io.cligs.core.click.StreamEvent> events = new ArrayList<>(batch);
        events.add(orphan);
        events.add(orphan);
        assertEquals(9, apply(events));
        assertEquals(8, clicksOf(12));
        assertEquals(3, uniquesOf(12));
        assertEquals(8, number("SELECT SUM(clicks) FROM click_breakdowns WHERE link_id = 12 AND dimension = 'country'"));
        assertEquals(1, number("SELECT SUM(hits) FROM orphan_days WHERE slug = 'nope'"));
    }

    @Test
    void aBatchDeliveredAgainAfterItsCommitCountsNothing() {
        List<RollupWriter.Entry> entries = entries(clicks("edge-c", 13, 0, 50, 7));
        assertEquals(50, writer.apply(STREAM, entries).await());
        // the crash came between the commit and XACK: the same entries are claimed and applied again
        assertEquals(0, writer.apply(STREAM, entries).await());
        assertEquals(50, clicksOf(13));
        assertEquals(7, uniquesOf(13));
    }

    @Test
    void pruningDropsOldBlocksButKeepsTheOldSystemsClicksForGood() throws Exception {
        DB.execute("INSERT INTO click_applied_blocks (stream, edge_id, boot, block, bits, updated_at) VALUES "
                + "('prune-it', 'edge-old', 1, 0, x'01', '2000-01-01 00:00:00'), "
                + "('prune-it', 'legacy', 0, 0, x'01', '2000-01-01 00:00:00'), "
                + "('prune-it', 'edge-new', 1, 0, x'01', UTC_TIMESTAMP())");
        writer.prune().await();
        List<String> left = new ArrayList<>();
        try (var c = DB.connect(); var rs = c.createStatement().executeQuery(
                "SELECT edge_id FROM click_applied_blocks WHERE stream = 'prune-it' ORDER BY edge_id")) {
            while (rs.next()) {
                left.add(rs.getString(1));
            }
        }
        assertEquals(List.of("edge-new", "legacy"), left);
    }

    @Test
    void idsNotOfTheEdgeFormAreDedupedToo() {
        ClickRecord odd = new ClickRecord("legacy-import-7", 14, BOOT, null, click("x", 14, 0, 1).visitorHash(), null,
                null, "legacy");
        ClickRecord upper = new ClickRecord("edge-d-" + Long.toString(BOOT, 36) + "-A", 14, BOOT, null,
                click("x", 14, 1, 5).visitorHash(), null, null, "edge-d");
        ClickRecord lower = new ClickRecord("edge-d-" + Long.toString(BOOT, 36) + "-a", 14, BOOT, null,
                click("x", 14, 2, 5).visitorHash(), null, null, "edge-d");
        assertEquals(3, apply(List.of(odd, upper, lower, odd)));
        assertEquals(0, apply(List.of(lower, upper, odd)));
        assertEquals(3, clicksOf(14));
    }

    @Test
    void twoWritersApplyingOverlappingBatchesOfOneStreamCountEveryEventOnce() {
        // two aggregators of one stream, one of them also handed entries redelivered from a dead consumer:
        // the same events, shuffled, in overlapping batches, applied at the same time on two connections
        Random random = new Random(7);
        List<ClickRecord> all = new ArrayList<>();
        all.addAll(clicks("edge-e", 15, 0, 3000, 400));
        all.addAll(clicks("edge-f", 15, 0, 1000, 400));
        all.addAll(clicks("edge-e", 16, 3000, 4500, 50));
        for (int round = 0; round < 3; round++) {
            List<ClickRecord> one = new ArrayList<>(all);
            List<ClickRecord> two = new ArrayList<>(all);
            Collections.shuffle(one, random);
            Collections.shuffle(two, random);
            List<Future<Integer>> applied = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 250) {
                applied.add(writer.apply(STREAM, entries(one.subList(i, Math.min(all.size(), i + 250)))));
                applied.add(writer.apply(STREAM, entries(two.subList(i, Math.min(all.size(), i + 250)))));
            }
            Future.all(applied).await();
            int counted = applied.stream().mapToInt(Future::result).sum();
            assertEquals(round == 0 ? all.size() : 0, counted, "round " + round);
        }
        assertEquals(4000, clicksOf(15));
        assertEquals(400, uniquesOf(15));
        assertEquals(1500, clicksOf(16));
        assertEquals(50, uniquesOf(16));
        assertEquals(4000 + 1500, number("SELECT SUM(clicks) FROM click_breakdowns WHERE link_id IN (15, 16)"
                + " AND dimension = 'device'"));
    }
}
