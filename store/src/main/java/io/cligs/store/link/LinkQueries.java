package io.cligs.store.link;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.TargetUrl;
import io.cligs.store.BoundedSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin API's reads of links: one with its details, an account's page in id order (keyset
 * pagination, an optional search in slug, target and title), a link's history newest first. Deleted links
 * are left out of pages. Thread-safe as far as its pool is.
 */
public final class LinkQueries {

    private static final String COLUMNS = "SELECT c.id, c.slug, c.target, c.status, c.version, c.account_id, c.title, "
            + "c.created_at, c.updated_at, c.expires_at FROM cligs c ";

    private final Pool mysql;
    private final long timeoutMs;

    public LinkQueries(Pool mysql, Duration timeout) {
        this.mysql = mysql;
        this.timeoutMs = timeout.toMillis();
    }

    /** The link {@code slug} with its details, or null. */
    public Future<LinkDetails> bySlug(String slug) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(COLUMNS + "WHERE c.slug = ?").execute(Tuple.of(slug))
                .compose(rows -> withRules(c, rows))).map(list -> list.isEmpty() ? null : list.get(0));
    }

    /**
     * Up to {@code limit} links of {@code owner} with an id above {@code afterId}, not deleted, in id order.
     *
     * @param search null, or text that the slug, target or title must contain
     */
    public Future<List<LinkDetails>> page(long owner, long afterId, int limit, String search) {
        String sql = COLUMNS + "WHERE c.account_id = ? AND c.id > ? AND c.status <> 'deleted'"
                + (search == null ? "" : " AND (c.slug LIKE ? OR c.target LIKE ? OR c.title LIKE ?)") + " ORDER BY c.id LIMIT ?";
        Tuple args = Tuple.of(owner, afterId);
        if (search != null) {
            String like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            args.addString(like).addString(like).addString(like);
        }
        args.addInteger(limit);
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(sql).execute(args).compose(rows -> withRules(c, rows)));
    }

    /** The link's history, newest first. */
    public Future<List<HistoryEntry>> history(long linkId, int limit) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "SELECT id, at, actor, change_kind, before_state, after_state FROM link_history WHERE clig_id = ? "
                                + "ORDER BY at DESC, id DESC LIMIT ?").execute(Tuple.of(linkId, limit)))
                .map(rows -> {
                    List<HistoryEntry> out = new ArrayList<>();
                    for (Row r : rows) {
                        String before = r.getString(4);
                        out.add(new HistoryEntry(r.getLong(0), r.getLocalDateTime(1), r.getString(2), r.getString(3),
                                before == null ? null : new JsonObject(before), new JsonObject(r.getString(5))));
                    }
                    return out;
                });
    }

    private static Future<List<LinkDetails>> withRules(io.vertx.sqlclient.SqlConnection c, RowSet<Row> rows) {
        List<Row> cligs = new ArrayList<>();
        rows.forEach(cligs::add);
        if (cligs.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        List<Object> ids = new ArrayList<>();
        cligs.forEach(r -> ids.add(r.getLong(0)));
        return c.preparedQuery("SELECT clig_id, country, target FROM rightclig_rules WHERE clig_id IN (" + LinkSql.marks(ids.size()) + ")")
                .execute(Tuple.from(ids)).map(ruleRows -> {
                    Map<Long, Map<CountryCode, TargetUrl>> rules = new HashMap<>();
                    for (Row r : ruleRows) {
                        rules.computeIfAbsent(r.getLong(0), k -> new TreeMap<>())
                                .put(CountryCode.parse(r.getString(1)), TargetUrl.of(r.getString(2)));
                    }
                    List<LinkDetails> out = new ArrayList<>(cligs.size());
                    for (Row r : cligs) {
                        out.add(new LinkDetails(LinkSql.link(r, rules.getOrDefault(r.getLong(0), Map.of())), r.getLong(5),
                                r.getString(6), r.getLocalDateTime(7), r.getLocalDateTime(8)));
                    }
                    return out;
                });
    }
}
