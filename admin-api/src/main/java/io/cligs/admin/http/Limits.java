package io.cligs.admin.http;

import io.cligs.store.account.Principal;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The request limits of the API, after authentication: one bucket per key (or, for a session, per
 * account) and one per client address (sign-ups: the address's only), reads ({@code GET}) and writes apart. Over either: {@code 429}
 * with {@code Retry-After}; every answer carries {@code RateLimit-Limit}, {@code RateLimit-Remaining}
 * and {@code RateLimit-Reset} of the tighter bucket.
 */
public final class Limits {

    private final RateLimiter limiter;
    private final ApiMetrics metrics;
    private final int readsPerMinute;
    private final int writesPerMinute;

    public Limits(RateLimiter limiter, ApiMetrics metrics, int readsPerMinute, int writesPerMinute) {
        this.limiter = limiter;
        this.metrics = metrics;
        this.readsPerMinute = readsPerMinute;
        this.writesPerMinute = writesPerMinute;
    }

    /** Route handler: passes on within the limits, fails with 429 beyond them. */
    public void handle(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        boolean read = ctx.request().method() == HttpMethod.GET;
        String who = caller.keyId() != null ? "key:" + caller.keyId() : "account:" + caller.accountId();
        apply(ctx, read, who);
    }

    /** Route handler for calls without a caller (sign-up): the address's bucket only. */
    public void byAddress(RoutingContext ctx) {
        apply(ctx, ctx.request().method() == HttpMethod.GET, null);
    }

    private void apply(RoutingContext ctx, boolean read, String who) {
        String kind = read ? "r:" : "w:";
        int perMinute = read ? readsPerMinute : writesPerMinute;
        String address = ctx.request().remoteAddress().hostAddress();
        Future<RateLimiter.Outcome> byAddress = limiter.take(kind + "ip:" + address, perMinute);
        Future<RateLimiter.Outcome> byCaller = who == null ? byAddress : limiter.take(kind + who, perMinute);
        Future.all(byCaller, byAddress).onSuccess(all -> {
            RateLimiter.Outcome a = byCaller.result();
            RateLimiter.Outcome b = byAddress.result();
            if (a.unavailable() || b.unavailable()) {
                metrics.limiterUnavailable();
            }
            RateLimiter.Outcome tight = !a.allowed() ? a : !b.allowed() ? b : a.remaining() <= b.remaining() ? a : b;
            headers(ctx, tight);
            if (!tight.allowed()) {
                metrics.limited();
                ctx.fail(new ApiException(new Problem(Problem.Type.RATE_LIMITED, "over " + perMinute + " "
                        + (read ? "reads" : "writes") + " a minute; try again in " + tight.retryAfterSeconds() + " s", null),
                        tight.retryAfterSeconds()));
                return;
            }
            ctx.next();
        }).onFailure(ctx::fail);
    }

    static void headers(RoutingContext ctx, RateLimiter.Outcome o) {
        ctx.response().putHeader("RateLimit-Limit", Long.toString(o.limit()))
                .putHeader("RateLimit-Remaining", Long.toString(o.remaining()))
                .putHeader("RateLimit-Reset", Long.toString(o.allowed() ? o.resetSeconds() : o.retryAfterSeconds()));
    }
}
