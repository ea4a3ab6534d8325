package io.cligs.store.link;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.TargetUrl;
import io.cligs.store.BoundedSql;
import io.cligs.store.Duplicates;
import io.cligs.store.Utc;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The link write: one MySQL transaction changes the link, bumps its version and records the change in
 * its history (who, when, before, after); after the commit the link goes through the
 * {@link LinkPublisher} (Redis, then the eviction channel), so every running edge answers the new way
 * within a second. MySQL is the truth: when the publication fails after the commit, the change stands,
 * the returned {@link Written} says so, and {@code loader warm} puts Redis right.
 * Thread-safe as far as its pool is.
 */
public final class LinkStore {

    /** A committed change: the link as it is now, and whether Redis and the edges were told. */
    public record Written(Link link, boolean changed, boolean published) {
    }

    private final Pool mysql;
    private final LinkPublisher publisher;
    private final Clock clock;
    private final long timeoutMs;

    public LinkStore(Pool mysql, LinkPublisher publisher, Clock clock, Duration timeout) {
        this.mysql = Objects.requireNonNull(mysql, "mysql");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeoutMs = timeout.toMillis();
    }

    /**
     * Applies {@code change} to the link {@code slug}.
     *
     * @param owner the account that must own the link, or null for any (ops, admins); another owner's
     *     link fails with {@link LinkNotFoundException}, as an unknown one does (no existence leak)
     */
    public Future<Written> change(String slug, LinkChange change, Actor actor, Long owner) {
        return BoundedSql.withTransaction(mysql, timeoutMs, conn -> apply(conn, slug, change, actor, owner))
                .compose(this::publish);
    }

    /**
     * Creates a link: one transaction inserts it with its rules and its history row ({@code create}, no
     * before-state), then the link goes through the {@link LinkPublisher}. A slug that exists fails with
     * {@link SlugTakenException} (the unique key decides, so concurrent creates never share a slug).
     */
    public Future<Written> create(NewLink link, Actor actor) {
        return BoundedSql.withTransaction(mysql, timeoutMs, conn -> insert(conn, link, actor))
                .recover(e -> Future.failedFuture(Duplicates.isDuplicateKey(e) ? new SlugTakenException(link.slug().value()) : e))
                .compose(this::publish);
    }

    private Future<Written> insert(SqlConnection conn, NewLink link, Actor actor) {
        LocalDateTime now = Utc.now(clock);
        return conn.preparedQuery(LinkSql.INSERT)
                .execute(Tuple.of(link.owner(), link.slug().value(), link.target().value(), link.title(), now, now)
                        .addLocalDateTime(LinkSql.utc(link.expiresAt())))
                .compose(rows -> {
                    long id = rows.property(MySQLClient.LAST_INSERTED_ID);
                    Link created = new Link(id, link.slug(), link.target(), LinkStatus.ACTIVE, link.rules(), 1, link.expiresAt());
                    List<Future<?>> steps = new ArrayList<>();
                    for (Map.Entry<CountryCode, TargetUrl> r : link.rules().entrySet()) {
                        steps.add(conn.preparedQuery(LinkSql.SET_RULE).execute(Tuple.of(id, r.getKey().value(), r.getValue().value())));
                    }
                    steps.add(conn.preparedQuery(LinkSql.HISTORY).execute(Tuple.of(id, now, actor.name(), actor.accountId(),
                            "create", null, state(created, link.title()).encode())));
                    return Future.all(steps).map(v -> new Written(created, true, false));
                });
    }

    private Future<Written> publish(Written committed) {
        if (!committed.changed()) {
            return Future.succeededFuture(committed);
        }
        return publisher.publish(List.of(committed.link()))
                .map(p -> new Written(committed.link(), true, true))
                .otherwise(e -> new Written(committed.link(), true, false));
    }

    private Future<Written> apply(SqlConnection conn, String slug, LinkChange change, Actor actor, Long owner) {
        return conn.preparedQuery(LinkSql.LOCK).execute(Tuple.of(slug)).compose(rows -> {
            Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (row == null || owner != null && !owner.equals(row.getLong(6))) {
                return Future.failedFuture(new LinkNotFoundException(slug));
            }
            return conn.preparedQuery(LinkSql.RULES_OF).execute(Tuple.of(row.getLong(0))).compose(ruleRows -> {
                Map<CountryCode, TargetUrl> rules = new TreeMap<>();
                for (Row r : ruleRows) {
                    rules.put(CountryCode.parse(r.getString(0)), TargetUrl.of(r.getString(1)));
                }
                Link before = LinkSql.link(row, rules);
                String title = row.getString(5);
                return write(conn, before, title, change, actor);
            });
        });
    }

    private Future<Written> write(SqlConnection conn, Link before, String titleBefore, LinkChange change, Actor actor) {
        Map<CountryCode, TargetUrl> rules = new TreeMap<>(before.rules());
        rules.putAll(change.setRules());
        change.removeRules().forEach(rules::remove);
        TargetUrl target = change.target() == null ? before.target() : change.target();
        LinkStatus status = change.status() == null ? before.status() : change.status();
        String title = change.title() == null ? titleBefore : change.title().isEmpty() ? null : change.title();
        Instant expiresAt = change.expiresAt() == null ? before.expiresAt() : change.expiresAt().orElse(null);
        Link after = new Link(before.id(), before.slug(), target, status, rules, before.version() + 1, expiresAt);
        JsonObject stateBefore = state(before, titleBefore);
        JsonObject stateAfter = state(after, title);
        if (stateBefore.equals(stateAfter)) {
            return Future.succeededFuture(new Written(before, false, false));
        }
        LocalDateTime now = Utc.now(clock);
        List<Future<?>> steps = new ArrayList<>();
        steps.add(conn.preparedQuery(LinkSql.UPDATE)
                .execute(Tuple.of(target.value(), title, status.dbName(), LinkSql.utc(expiresAt), now, before.id())));
        for (Map.Entry<CountryCode, TargetUrl> r : change.setRules().entrySet()) {
            steps.add(conn.preparedQuery(LinkSql.SET_RULE).execute(Tuple.of(before.id(), r.getKey().value(), r.getValue().value())));
        }
        for (CountryCode c : change.removeRules()) {
            steps.add(conn.preparedQuery(LinkSql.REMOVE_RULE).execute(Tuple.of(before.id(), c.value())));
        }
        steps.add(conn.preparedQuery(LinkSql.HISTORY).execute(Tuple.of(before.id(), now, actor.name(), actor.accountId(),
                status == LinkStatus.DELETED && before.status() != LinkStatus.DELETED ? "delete" : "update",
                stateBefore.encode(), stateAfter.encode())));
        return Future.all(steps).map(v -> new Written(after, true, false));
    }

    /** The link as its history records it. */
    static JsonObject state(Link link, String title) {
        JsonObject rules = new JsonObject();
        for (Map.Entry<CountryCode, TargetUrl> r : new TreeMap<>(link.rules()).entrySet()) {
            rules.put(r.getKey().value(), r.getValue().value());
        }
        JsonObject state = new JsonObject().put("target", link.target().value()).put("title", title)
                .put("status", link.status().dbName()).put("rules", rules);
        if (link.expiresAt() != null) {
            state.put("expires_at", link.expiresAt().toString()); // only when set: older states compare equal
        }
        return state;
    }
}
