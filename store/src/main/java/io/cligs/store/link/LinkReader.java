package io.cligs.store.link;

import io.cligs.core.link.Link;
import io.cligs.store.BoundedSql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads links from MySQL, the truth: one by slug (the edge's fallback after a Redis miss) or a page at
 * a time in id order ({@code loader warm}). Every query has its own deadline ({@link BoundedSql}: the
 * client has none, and a connection that missed it is dropped from the pool); a late or failed query
 * fails the future. Thread-safe as far as its pool is.
 */
public final class LinkReader {

    private final Pool mysql;
    private final long timeoutMs;

    public LinkReader(Pool mysql, Duration timeout) {
        this.mysql = mysql;
        this.timeoutMs = timeout.toMillis();
    }

    /** The link with its rules, or null when MySQL has no such slug. */
    public Future<Link> bySlug(String slug) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(LinkSql.BY_SLUG).execute(Tuple.of(slug)))
                .map(LinkSql::fromJoinedRows);
    }

    /** The links of {@code slugs} that MySQL has, by slug (one {@code IN} query: keep the list to a few thousand). */
    public Future<Map<String, Link>> bySlugs(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        String sql = LinkSql.BY_SLUGS_HEAD + LinkSql.marks(slugs.size()) + ")";
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(slugs))))
                .map(LinkSql::fromJoinedRowsBySlug);
    }

    /** Up to {@code limit} links with an id above {@code afterId}, in id order; empty at the end. */
    public Future<List<Link>> page(long afterId, int limit) {
        return page(afterId, Long.MAX_VALUE, limit);
    }

    /** Up to {@code limit} links with an id in {@code (afterId, upToId]}, in id order; empty at the end. */
    public Future<List<Link>> page(long afterId, long upToId, int limit) {
        return BoundedSql.withConnection(mysql, timeoutMs,
                        c -> c.preparedQuery(LinkSql.PAGE).execute(Tuple.of(afterId, upToId, limit)))
                .map(LinkSql::fromPage);
    }

    /**
     * Splits the id order into about {@code parts} ranges of equal size, so that several readers can page
     * through the links at once: the bounds {@code 0 = b0 < b1 < ... < bn = Long.MAX_VALUE}, each range
     * {@code (b[i], b[i+1]]}. Fewer ranges when there are few links.
     */
    public Future<List<Long>> split(int parts) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.query("SELECT COUNT(*) FROM cligs").execute())
                .compose(rows -> {
                    long count = rows.iterator().next().getLong(0);
                    List<Future<RowSet<Row>>> cuts = new ArrayList<>();
                    for (int i = 1; i < parts && count >= parts; i++) {
                        long at = count * i / parts - 1;
                        cuts.add(BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(LinkSql.ID_AT).execute(Tuple.of(at))));
                    }
                    return Future.all(cuts).map(all -> {
                        List<Long> bounds = new ArrayList<>();
                        bounds.add(0L);
                        for (int i = 0; i < cuts.size(); i++) {
                            RowSet<Row> r = all.resultAt(i);
                            long id = r.iterator().next().getLong(0);
                            if (id > bounds.get(bounds.size() - 1)) {
                                bounds.add(id);
                            }
                        }
                        bounds.add(Long.MAX_VALUE);
                        return bounds;
                    });
                });
    }

    /** Which of {@code slugs} MySQL has (one {@code IN} query; keep the collection to a few thousand). */
    public Future<Set<String>> existing(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        String sql = "SELECT slug FROM cligs WHERE slug IN (" + LinkSql.marks(slugs.size()) + ")";
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(sql).execute(Tuple.from(new ArrayList<Object>(slugs))))
                .map(rows -> {
                    Set<String> present = new HashSet<>();
                    for (Row r : rows) {
                        present.add(r.getString(0));
                    }
                    return present;
                });
    }
}
