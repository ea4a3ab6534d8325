package io.cligs.admin.aggregate;

import io.cligs.core.click.StreamEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.mysqlclient.MySQLException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch of stream entries to the rollups in ONE MySQL transaction, which also marks the events
 * it applied in the per-edge-boot dedupe ({@link AppliedBlocks}, ADR 0017: an event delivered again, by the
 * edge or by the stream after a crash before {@code XACK}, is skipped) and records the greatest entry id
 * applied per stream. Every rollup table is written with multi-row statements ({@link MultiRow}): a few
 * statements per batch, not one per row. Thread-safe.
 */
public final class RollupWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RollupWriter.class);

    /** How long a dedupe block is kept after its last change (ADR 0014, 0017). */
    public static final Duration DEDUPE_RETENTION = Duration.ofDays(14);
    /** MySQL's ER_LOCK_DEADLOCK: the transaction was rolled back and may simply run again. */
    static final int DEADLOCK = 1213;
    /** Attempts of a batch rolled back by a deadlock or whose new visitors another transaction inserted meanwhile (see {@link #newVisitors}). */
    static final int ATTEMPTS = 5;

    /** A stream entry: its id ({@code <ms>-<seq>}) and the event, or null when it did not decode. */
    public record Entry(String id, StreamEvent event) {
    }

    private static final String VISITORS_READ_HEAD = "SELECT link_id, day, bot, visitor_hash FROM click_visitors"
            + " WHERE (link_id, day, bot, visitor_hash) IN (";
    private static final String VISITORS_READ_ROW = "(?, ?, ?, ?)";
    private static final String VISITORS_INSERT_HEAD = "INSERT IGNORE INTO click_visitors (link_id, day, bot, visitor_hash) VALUES ";
    private static final String DAY_HEAD = "INSERT INTO click_days (link_id, day, bot, clicks, uniques) VALUES ";
    private static final String DAY_ROW = "(?, ?, ?, ?, ?)";
    private static final String DAY_TAIL = " ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks), uniques = uniques + VALUES(uniques)";
    private static final String BREAKDOWN_HEAD = "INSERT INTO click_breakdowns (link_id, day, bot, dimension, value, clicks) VALUES ";
    private static final String BREAKDOWN_ROW = "(?, ?, ?, ?, ?, ?)";
    private static final String BREAKDOWN_TAIL = " ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks)";
    private static final String ORPHAN_HEAD = "INSERT INTO orphan_days (slug, day, hits) VALUES ";
    private static final String ORPHAN_ROW = "(?, ?, ?)";
    private static final String ORPHAN_TAIL = " ON DUPLICATE KEY UPDATE hits = hits + VALUES(hits)";
    // MariaDB evaluates the assignments left to right: last_ms is updated last, so the others compare with its old value
    private static final String PROGRESS = "INSERT INTO click_stream_progress"
            + " (stream, last_entry_id, last_ms, last_seq, applied, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE"
            + " last_entry_id = IF((VALUES(last_ms), VALUES(last_seq)) > (last_ms, last_seq), VALUES(last_entry_id), last_entry_id),"
            + " last_seq = IF((VALUES(last_ms), VALUES(last_seq)) > (last_ms, last_seq), VALUES(last_seq), last_seq),"
            + " last_ms = GREATEST(last_ms, VALUES(last_ms)), applied = applied + VALUES(applied), updated_at = VALUES(updated_at)";

    /** Another transaction inserted some of this batch's new visitors after it read them: the batch runs again. */
    static final class VisitorRace extends RuntimeException {
        VisitorRace(long expected, long inserted) {
            super("expected to insert " + expected + " new visitors, inserted " + inserted, null, false, false);
        }
    }

    private final Pool mysql;
    private final AgentClassifier agents;
    private final Clock clock;

    public RollupWriter(Pool mysql, AgentClassifier agents, Clock clock) {
        this.mysql = mysql;
        this.agents = agents;
        this.clock = clock;
    }

    /** Applies the entries of {@code stream}; succeeds once committed, with the number of events newly counted. */
    public Future<Integer> apply(String stream, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Future.succeededFuture(0);
        }
        return apply(stream, entries, 1);
    }

    private Future<Integer> apply(String stream, List<Entry> entries, int attempt) {
        List<StreamEvent> events = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (e.event() != null) {
                events.add(e.event());
            }
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).withNano(0);
        return mysql.withTransaction(conn -> AppliedBlocks.markNew(conn, stream, events, now)
                        .compose(fresh -> write(conn, fresh).compose(v -> progress(conn, stream, entries, fresh.size()))
                                .map(fresh.size())))
                .recover(e -> {
                    if ((e instanceof VisitorRace || e instanceof MySQLException m && m.getErrorCode() == DEADLOCK)
                            && attempt < ATTEMPTS) {
                        LOG.debug("{}: batch again ({})", stream, e.getMessage());
                        return apply(stream, entries, attempt + 1);
                    }
                    return Future.failedFuture(e);
                });
    }

    /** Deletes dedupe blocks unchanged for longer than the retention, at most 10,000 a call; the number deleted. */
    public Future<Integer> prune() {
        LocalDateTime before = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).minus(DEDUPE_RETENTION);
        return mysql.preparedQuery(AppliedBlocks.PRUNE).execute(Tuple.of(before)).map(RowSet::rowCount);
    }

    /**
     * Writes the rollups. Every table's rows go in one order (sorted by key, the tables always in the same
     * sequence), so two transactions lock shared rows in the same order and wait rather than deadlock.
     */
    private Future<Void> write(SqlConnection conn, List<StreamEvent> fresh) {
        Rollup rollup = new Rollup(agents);
        fresh.forEach(rollup::add);
        return newVisitors(conn, rollup).compose(uniques -> {
            List<Tuple> days = new ArrayList<>(rollup.clicks.size());
            sorted(rollup.clicks, DAY_ORDER).forEach((k, n) -> days.add(Tuple.of(k.linkId(), k.day(),
                    k.bot() ? 1 : 0, n[0], uniques.getOrDefault(k, 0L))));
            List<Tuple> breakdowns = new ArrayList<>(rollup.breakdowns.size());
            sorted(rollup.breakdowns, BREAKDOWN_ORDER).forEach((k, n) -> breakdowns.add(Tuple.of(k.key().linkId(),
                    k.key().day(), k.key().bot() ? 1 : 0, k.dimension(), k.value(), n[0])));
            List<Tuple> orphans = new ArrayList<>(rollup.orphans.size());
            sorted(rollup.orphans, ORPHAN_ORDER).forEach((k, n) -> orphans.add(Tuple.of(k.slug(), k.day(), n[0])));
            return MultiRow.update(conn, DAY_HEAD, DAY_ROW, DAY_TAIL, days)
                    .compose(v -> MultiRow.update(conn, BREAKDOWN_HEAD, BREAKDOWN_ROW, BREAKDOWN_TAIL, breakdowns))
                    .compose(v -> MultiRow.update(conn, ORPHAN_HEAD, ORPHAN_ROW, ORPHAN_TAIL, orphans))
                    .mapEmpty();
        });
    }

    /**
     * Per day key, how many of the batch's visitors are new. Reads which of the batch's distinct visitors
     * are there already, then inserts the others in multi-row {@code INSERT IGNORE}s and checks that each
     * was inserted here: a concurrent transaction (another aggregator) that inserted one meanwhile makes
     * the count short, and the whole batch is rolled back and applied again ({@link VisitorRace}), so a
     * unique is never counted by two transactions.
     */
    private static Future<Map<Rollup.DayKey, Long>> newVisitors(SqlConnection conn, Rollup rollup) {
        if (rollup.visitors.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, Rollup.Visitor> distinct = new TreeMap<>(); // the key's order: link, day, bot, hash
        for (Rollup.Visitor v : rollup.visitors) {
            distinct.putIfAbsent(visitorKey(v.key().linkId(), v.key().day(), v.key().bot(), v.hash()), v);
        }
        List<Tuple> rows = new ArrayList<>(distinct.size());
        for (Rollup.Visitor v : distinct.values()) {
            rows.add(Tuple.of(v.key().linkId(), v.key().day(), v.key().bot() ? 1 : 0,
                    Buffer.buffer(HexFormat.of().parseHex(v.hash()))));
        }
        return MultiRow.select(conn, VISITORS_READ_HEAD, VISITORS_READ_ROW, ")", rows).compose(present -> {
            Set<String> there = new HashSet<>();
            for (Row r : present) {
                Object bot = r.getValue(2);
                boolean isBot = bot instanceof Boolean b ? b : ((Number) bot).intValue() != 0;
                there.add(visitorKey(r.getLong(0), r.getLocalDate(1), isBot, HexFormat.of().formatHex(r.getBuffer(3).getBytes())));
            }
            List<Tuple> insert = new ArrayList<>(rows.size());
            Map<Rollup.DayKey, Long> uniques = new HashMap<>();
            int i = 0;
            for (Map.Entry<String, Rollup.Visitor> e : distinct.entrySet()) {
                if (!there.contains(e.getKey())) {
                    insert.add(rows.get(i));
                    uniques.merge(e.getValue().key(), 1L, Long::sum);
                }
                i++;
            }
            return MultiRow.update(conn, VISITORS_INSERT_HEAD, VISITORS_READ_ROW, "", insert).compose(inserted ->
                    inserted == insert.size() ? Future.succeededFuture(uniques)
                            : Future.failedFuture(new VisitorRace(insert.size(), inserted)));
        });
    }

    /** Sorts as the visitors' primary key does (link id zero-padded, so the string order is the numeric one). */
    private static String visitorKey(long linkId, LocalDate day, boolean bot, String hash) {
        String link = Long.toString(linkId);
        return "0".repeat(20 - link.length()) + link + "/" + day + "/" + (bot ? 1 : 0) + "/" + hash;
    }

    private static final Comparator<Rollup.DayKey> DAY_ORDER = Comparator.comparingLong(Rollup.DayKey::linkId)
            .thenComparing(Rollup.DayKey::day).thenComparing(Rollup.DayKey::bot);
    private static final Comparator<Rollup.BreakdownKey> BREAKDOWN_ORDER = Comparator
            .comparing(Rollup.BreakdownKey::key, DAY_ORDER).thenComparing(Rollup.BreakdownKey::dimension)
            .thenComparing(Rollup.BreakdownKey::value);
    private static final Comparator<Rollup.OrphanKey> ORPHAN_ORDER = Comparator.comparing(Rollup.OrphanKey::day)
            .thenComparing(Rollup.OrphanKey::slug);

    private static <K> Map<K, long[]> sorted(Map<K, long[]> counts, Comparator<K> order) {
        Map<K, long[]> out = new TreeMap<>(order);
        out.putAll(counts);
        return out;
    }

    private Future<Void> progress(SqlConnection conn, String stream, List<Entry> entries, int applied) {
        Entry last = entries.get(0);
        long[] lastId = entryId(last.id());
        for (Entry e : entries) {
            long[] id = entryId(e.id());
            if (id[0] > lastId[0] || id[0] == lastId[0] && id[1] > lastId[1]) {
                last = e;
                lastId = id;
            }
        }
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        return conn.preparedQuery(PROGRESS).execute(Tuple.of(stream, last.id(), lastId[0], lastId[1], applied, now))
                .mapEmpty();
    }

    /** A stream entry id {@code <ms>-<seq>} as two numbers. */
    static long[] entryId(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
