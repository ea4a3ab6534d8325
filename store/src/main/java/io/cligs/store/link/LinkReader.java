package io.cligs.store.link;

import io.cligs.core.link.Link;
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
import java.util.concurrent.TimeUnit;

/**
 * Reads links from MySQL, the truth: one by slug (the edge's fallback after a Redis miss) or a page at
 * a time in id order ({@code loader warm}). Every query has its own timeout (the client has none); a
 * timed-out or failed query fails the future. Thread-safe as far as its pool is.
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
        return mysql.preparedQuery(LinkSql.BY_SLUG).execute(Tuple.of(slug))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .map(LinkSql::fromJoinedRows);
    }

    /** The links of {@code slugs} that MySQL has, by slug (one {@code IN} query: keep the list to a few thousand). */
    public Future<Map<String, Link>> bySlugs(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return mysql.preparedQuery(LinkSql.BY_SLUGS_HEAD + LinkSql.marks(slugs.size()) + ")")
                .execute(Tuple.from(new ArrayList<Object>(slugs)))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .map(LinkSql::fromJoinedRowsBySlug);
    }

    /** Up to {@code limit} links with an id above {@code afterId}, in id order; empty at the end. */
    public Future<List<Link>> page(long afterId, int limit) {
        return mysql.preparedQuery(LinkSql.PAGE).execute(Tuple.of(afterId, limit))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .compose(cligs -> cligs.size() == 0
                        ? Future.succeededFuture(List.<Link>of())
                        : rulesOf(cligs).map(rules -> LinkSql.fromPage(cligs, rules)));
    }

    private Future<RowSet<Row>> rulesOf(RowSet<Row> cligs) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Row r : cligs) {
            first = Math.min(first, r.getLong(0));
            last = Math.max(last, r.getLong(0));
        }
        return mysql.preparedQuery(LinkSql.PAGE_RULES).execute(Tuple.of(first, last))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Which of {@code slugs} MySQL has (one {@code IN} query; keep the collection to a few thousand). */
    public Future<Set<String>> existing(Collection<String> slugs) {
        if (slugs.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return mysql.preparedQuery("SELECT slug FROM cligs WHERE slug IN (" + LinkSql.marks(slugs.size()) + ")")
                .execute(Tuple.from(new ArrayList<Object>(slugs)))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .map(rows -> {
                    Set<String> present = new HashSet<>();
                    for (Row r : rows) {
                        present.add(r.getString(0));
                    }
                    return present;
                });
    }
}
