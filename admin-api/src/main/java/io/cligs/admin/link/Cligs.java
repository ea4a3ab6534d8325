package io.cligs.admin.link;

import io.cligs.admin.http.ApiException;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.SlugGenerator;
import io.cligs.store.account.Principal;
import io.cligs.store.link.Actor;
import io.cligs.store.link.LinkChange;
import io.cligs.store.link.LinkDetails;
import io.cligs.store.link.LinkQueries;
import io.cligs.store.link.LinkStore;
import io.cligs.store.link.NewLink;
import io.cligs.store.link.SlugTakenException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What the API does with cligs, over the store: creates (a generated base62 slug retried on a collision,
 * the unique key deciding), reads with the ownership check, changes through {@link LinkStore#change}
 * (the one link write: history, Redis, the edges). Another account's clig, a deleted one and an unknown
 * one are alike "not found": no existence leaks. Admins may act on every account's cligs.
 * Used by the v3 handlers and the old v1/v2 API. Thread-safe.
 */
public final class Cligs {

    /** Length of generated slugs: 62^7 ≈ 3.5 × 10^12, so a collision (then retried) is rare. */
    static final int SLUG_LENGTH = 7;
    private static final int ATTEMPTS = 8;

    private final LinkStore store;
    private final LinkQueries queries;
    private final SlugGenerator slugs;
    private final Clock clock;

    public Cligs(LinkStore store, LinkQueries queries, SlugGenerator slugs, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.slugs = slugs;
        this.clock = clock;
    }

    /**
     * Creates a clig for {@code caller} (null: anonymous, the old API without a key).
     *
     * @param actor who the history names
     */
    public Future<LinkDetails> create(CligRequest request, Long owner, Actor actor) {
        if (request.slug() != null) {
            return insert(request, request.slug(), owner, actor);
        }
        return insertGenerated(request, owner, actor, ATTEMPTS);
    }

    private Future<LinkDetails> insertGenerated(CligRequest request, Long owner, Actor actor, int attemptsLeft) {
        return insert(request, slugs.next(), owner, actor).recover(e -> e instanceof SlugTakenException && attemptsLeft > 1
                ? insertGenerated(request, owner, actor, attemptsLeft - 1) : Future.failedFuture(e));
    }

    private Future<LinkDetails> insert(CligRequest request, Slug slug, Long owner, Actor actor) {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MILLIS);
        return store.create(new NewLink(slug, request.target(), request.title(), request.rules(), owner, request.expiresAt()), actor)
                .map(w -> new LinkDetails(w.link(), owner, request.title(), now, now));
    }

    /** The clig {@code slug} if {@code caller} may see it (its own, or any for an admin), not deleted; else 404. */
    public Future<LinkDetails> visible(Principal caller, String slug) {
        return owned(caller, slug).compose(d -> d.link().status() == LinkStatus.DELETED
                ? Future.failedFuture(notFound()) : Future.succeededFuture(d));
    }

    /** The clig {@code slug} if {@code caller} owns it (or is an admin), deleted ones too (their history stays); else 404. */
    public Future<LinkDetails> owned(Principal caller, String slug) {
        if (!Slug.isValid(slug)) {
            return Future.failedFuture(notFound());
        }
        return queries.bySlug(slug).compose(d -> d == null || !caller.admin() && (d.owner() == null || d.owner() != caller.accountId())
                ? Future.failedFuture(notFound()) : Future.succeededFuture(d));
    }

    /**
     * Applies {@code change} to a clig {@code caller} may see; the clig as it is afterwards. The store checks
     * the owner again inside its transaction (an admin acts on any).
     */
    public Future<LinkDetails> change(Principal caller, String slug, LinkChange change) {
        return visible(caller, slug)
                .compose(d -> store.change(slug, change, actor(caller), caller.admin() ? null : caller.accountId()))
                .compose(w -> queries.bySlug(slug));
    }

    /** Now, as this service's clock says (expiries are checked against it). */
    public Instant now() {
        return clock.instant();
    }

    public LinkQueries queries() {
        return queries;
    }

    /** The history's name for the caller. */
    public static Actor actor(Principal caller) {
        return Actor.account(caller.accountId(), caller.keyPrefix());
    }

    private static ApiException notFound() {
        return ApiException.notFound("no such clig");
    }
}
