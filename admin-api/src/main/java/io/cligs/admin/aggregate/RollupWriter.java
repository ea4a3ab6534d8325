package io.cligs.admin.aggregate;

import io.cligs.core.click.StreamEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch of stream entries to the rollups in ONE MySQL transaction, which also records the
 * ids of the events it applied (so an event delivered again, by the edge or by the stream after a crash
 * before {@code XACK}, is skipped) and the greatest entry id applied per stream. Thread-safe.
 */
public final class RollupWriter {

    /** How long applied event ids are kept for dedupe (ADR 0014). */
    public static final Duration DEDUPE_RETENTION = Duration.ofDays(14);

    /** A stream entry: its id ({@code <ms>-<seq>}) and the event, or null when it did not decode. */
    public record Entry(String id, StreamEvent event) {
    }

    private static final String MARK = "INSERT IGNORE INTO click_applied_events (event_id, applied_at) VALUES (?, ?)";
    private static final String VISITOR = "INSERT IGNORE INTO click_visitors (link_id, day, bot, visitor_hash) VALUES (?, ?, ?, ?)";
    private static final String DAY = "INSERT INTO click_days (link_id, day, bot, clicks, uniques) VALUES (?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks), uniques = uniques + VALUES(uniques)";
    private static final String BREAKDOWN = "INSERT INTO click_breakdowns (link_id, day, bot, dimension, value, clicks)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks)";
    private static final String ORPHAN = "INSERT INTO orphan_days (slug, day, hits) VALUES (?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE hits = hits + VALUES(hits)";
    // MariaDB evaluates the assignments left to right: last_ms is updated last, so the others compare with its old value
    private static final String PROGRESS = "INSERT INTO click_stream_progress"
            + " (stream, last_entry_id, last_ms, last_seq, applied, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE"
            + " last_entry_id = IF((VALUES(last_ms), VALUES(last_seq)) > (last_ms, last_seq), VALUES(last_entry_id), last_entry_id),"
            + " last_seq = IF((VALUES(last_ms), VALUES(last_seq)) > (last_ms, last_seq), VALUES(last_seq), last_seq),"
            + " last_ms = GREATEST(last_ms, VALUES(last_ms)), applied = applied + VALUES(applied), updated_at = VALUES(updated_at)";
    private static final String PRUNE = "DELETE FROM click_applied_events WHERE applied_at < ? LIMIT 10000";

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
        return mysql.withTransaction(conn -> markNew(conn, entries)
                .compose(fresh -> write(conn, fresh).compose(v -> progress(conn, stream, entries, fresh.size()))
                        .map(fresh.size())));
    }

    /** Deletes applied event ids older than the retention, at most 10,000 a call; the number deleted. */
    public Future<Integer> prune() {
        LocalDateTime before = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).minus(DEDUPE_RETENTION);
        return mysql.preparedQuery(PRUNE).execute(Tuple.of(before)).map(RowSet::rowCount);
    }

    /** The events whose id was not applied before (nor earlier in this batch), their ids now marked. */
    private Future<List<StreamEvent>> markNew(SqlConnection conn, List<Entry> entries) {
        List<StreamEvent> events = new ArrayList<>(entries.size());
        List<Tuple> marks = new ArrayList<>(entries.size());
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).withNano(0);
        for (Entry e : entries) {
            if (e.event() != null) {
                events.add(e.event());
                marks.add(Tuple.of(e.event().eventId(), now));
            }
        }
        if (marks.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return conn.preparedQuery(MARK).executeBatch(marks).map(rows -> {
            List<StreamEvent> fresh = new ArrayList<>(events.size());
            int i = 0;
            for (RowSet<Row> r = rows; r != null && i < events.size(); r = r.next(), i++) {
                if (r.rowCount() > 0) {
                    fresh.add(events.get(i));
                }
            }
            return fresh;
        });
    }

    private Future<Void> write(SqlConnection conn, List<StreamEvent> fresh) {
        Rollup rollup = new Rollup(agents);
        fresh.forEach(rollup::add);
        return newVisitors(conn, rollup).compose(uniques -> {
            List<Tuple> days = new ArrayList<>();
            rollup.clicks.forEach((k, n) -> days.add(Tuple.of(k.linkId(), k.day(), k.bot() ? 1 : 0, n[0],
                    uniques.getOrDefault(k, 0L))));
            List<Tuple> breakdowns = new ArrayList<>();
            rollup.breakdowns.forEach((k, n) -> breakdowns.add(Tuple.of(k.key().linkId(), k.key().day(),
                    k.key().bot() ? 1 : 0, k.dimension(), k.value(), n[0])));
            List<Tuple> orphans = new ArrayList<>();
            rollup.orphans.forEach((k, n) -> orphans.add(Tuple.of(k.slug(), k.day(), n[0])));
            return batch(conn, DAY, days).compose(v -> batch(conn, BREAKDOWN, breakdowns))
                    .compose(v -> batch(conn, ORPHAN, orphans));
        });
    }

    /** Inserts the visitors; per day key, how many were not there before (the new uniques). */
    private static Future<Map<Rollup.DayKey, Long>> newVisitors(SqlConnection conn, Rollup rollup) {
        if (rollup.visitors.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        List<Tuple> rows = new ArrayList<>(rollup.visitors.size());
        for (Rollup.Visitor v : rollup.visitors) {
            rows.add(Tuple.of(v.key().linkId(), v.key().day(), v.key().bot() ? 1 : 0,
                    Buffer.buffer(HexFormat.of().parseHex(v.hash()))));
        }
        return conn.preparedQuery(VISITOR).executeBatch(rows).map(result -> {
            Map<Rollup.DayKey, Long> uniques = new HashMap<>();
            int i = 0;
            for (RowSet<Row> r = result; r != null && i < rollup.visitors.size(); r = r.next(), i++) {
                if (r.rowCount() > 0) {
                    uniques.merge(rollup.visitors.get(i).key(), 1L, Long::sum);
                }
            }
            return uniques;
        });
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

    private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> rows) {
        return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows).mapEmpty();
    }
}
