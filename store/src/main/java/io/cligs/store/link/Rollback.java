package io.cligs.store.link;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.TargetUrl;
import io.cligs.store.BoundedSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Puts links back as they were at a point in time (the June 2009 lesson): for every link changed since
 * then (optionally only by one account's changes), the {@code before_state} of its first change after
 * the time is what it was; a link created after the time is deleted. Every restore is a
 * {@link LinkStore#change} (history, Redis, the edges), so a running edge answers the old way within a
 * second. Running it twice changes nothing more: the first change after the time stays the same, and a
 * link already as it was is left alone. Thread-safe as far as its pool is; one run at a time.
 */
public final class Rollback {

    /** One link to restore: its slug and what it was (null: it did not exist then). */
    public record Restore(long linkId, String slug, JsonObject before) {
    }

    /** What a run did. */
    public record Result(long examined, long restored, long unchanged) {
    }

    private static final int PAGE = 1000;
    private static final int IN_FLIGHT = 16;

    private final Pool mysql;
    private final LinkReader reader;
    private final LinkStore links;
    private final long timeoutMs;

    public Rollback(Pool mysql, LinkReader reader, LinkStore links, Duration timeout) {
        this.mysql = mysql;
        this.reader = reader;
        this.links = links;
        this.timeoutMs = timeout.toMillis();
    }

    /**
     * Restores every link changed at or after {@code since} (UTC).
     *
     * @param account null, or only changes made by this account count
     * @param dryRun report, change nothing
     * @param report told one line per link that is (or would be) restored
     */
    public Future<Result> run(LocalDateTime since, Long account, boolean dryRun, Consumer<String> report) {
        return page(since, account, 0).compose(first -> loop(since, account, dryRun, report, first, new long[3]));
    }

    private Future<Result> loop(LocalDateTime since, Long account, boolean dryRun, Consumer<String> report, List<Restore> page,
                                long[] counts) {
        if (page.isEmpty()) {
            return Future.succeededFuture(new Result(counts[0], counts[1], counts[2]));
        }
        long lastId = page.get(page.size() - 1).linkId();
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < page.size(); from += IN_FLIGHT) {
            List<Restore> wave = page.subList(from, Math.min(page.size(), from + IN_FLIGHT));
            chain = chain.compose(v -> Future.all(wave.stream().map(r -> restore(r, dryRun, report, counts)).toList()).mapEmpty());
        }
        return chain.compose(v -> page.size() < PAGE ? Future.succeededFuture(new Result(counts[0], counts[1], counts[2]))
                : page(since, account, lastId).compose(next -> loop(since, account, dryRun, report, next, counts)));
    }

    private Future<Void> restore(Restore r, boolean dryRun, Consumer<String> report, long[] counts) {
        synchronized (counts) {
            counts[0]++;
        }
        return reader.bySlug(r.slug()).compose(now -> {
            LinkChange change = change(r.before(), now == null ? Set.of() : now.rules().keySet());
            if (dryRun) {
                return Future.succeededFuture(now != null && differs(now, change));
            }
            return links.change(r.slug(), change, Actor.loader("rollback"), null).map(w -> {
                if (w.changed() && !w.published()) {
                    report.accept("  " + r.slug() + ": edges not told (run loader warm)");
                }
                return w.changed();
            });
        }).map(changed -> {
            synchronized (counts) {
                counts[changed ? 1 : 2]++;
            }
            if (changed) {
                report.accept((dryRun ? "would restore " : "restored ") + describe(r));
            }
            return null;
        });
    }

    /**
     * The change that makes a link what {@code before} says (null: it did not exist, so it is deleted).
     *
     * @param rulesNow the countries the link has rules for now: those {@code before} lacks go
     */
    static LinkChange change(JsonObject before, Set<CountryCode> rulesNow) {
        if (before == null) {
            return LinkChange.status(LinkStatus.DELETED);
        }
        Map<CountryCode, TargetUrl> rules = new HashMap<>();
        JsonObject r = before.getJsonObject("rules", new JsonObject());
        for (String cc : r.fieldNames()) {
            rules.put(CountryCode.parse(cc), TargetUrl.of(r.getString(cc)));
        }
        Set<CountryCode> remove = new HashSet<>(rulesNow);
        remove.removeAll(rules.keySet());
        String title = before.getString("title");
        String expires = before.getString("expires_at");
        return new LinkChange(TargetUrl.of(before.getString("target")), title == null ? "" : title,
                LinkStatus.parse(before.getString("status")), rules, remove,
                Optional.ofNullable(expires == null ? null : Instant.parse(expires)));
    }

    private static boolean differs(Link now, LinkChange change) {
        Map<CountryCode, TargetUrl> rules = new HashMap<>(now.rules());
        rules.putAll(change.setRules());
        change.removeRules().forEach(rules::remove);
        return change.target() != null && !change.target().equals(now.target()) || change.status() != now.status()
                || !rules.equals(now.rules())
                || change.expiresAt() != null && !Objects.equals(change.expiresAt().orElse(null), now.expiresAt());
    }

    private static String describe(Restore r) {
        return r.slug() + " to " + (r.before() == null ? "deleted (created after the time)"
                : r.before().getString("status") + " " + r.before().getString("target"));
    }

    private Future<List<Restore>> page(LocalDateTime since, Long account, long afterLinkId) {
        String sql = "SELECT h.clig_id, c.slug, h.before_state FROM link_history h "
                + "JOIN (SELECT clig_id, MIN(id) AS first FROM link_history WHERE at >= ? AND clig_id > ?"
                + (account == null ? "" : " AND account_id = ?") + " GROUP BY clig_id ORDER BY clig_id LIMIT " + PAGE + ") f "
                + "ON h.id = f.first JOIN cligs c ON c.id = h.clig_id ORDER BY h.clig_id";
        Tuple args = Tuple.of(since, afterLinkId);
        if (account != null) {
            args.addLong(account);
        }
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(sql).execute(args)).map(rows -> {
            List<Restore> out = new ArrayList<>();
            for (Row row : rows) {
                String before = row.getString(2);
                out.add(new Restore(row.getLong(0), row.getString(1), before == null ? null : new JsonObject(before)));
            }
            return out;
        });
    }
}
