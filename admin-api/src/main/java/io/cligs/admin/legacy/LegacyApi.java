package io.cligs.admin.legacy;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.ApiMetrics;
import io.cligs.admin.http.Failures;
import io.cligs.admin.http.Problem;
import io.cligs.admin.http.RateLimiter;
import io.cligs.admin.link.CligRequest;
import io.cligs.admin.link.Cligs;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.store.apikey.ApiKeyWrites;
import io.cligs.store.link.Actor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The old system's public API, as old clients call it: {@code GET /api/v1/cligs/create?url=&title=&key=&appid=}
 * (and {@code /api/v2/cligs/create} alike) answers the short URL as {@code text/plain} — without a key an
 * anonymous clig, with an unknown or revoked key {@code 403}; {@code GET /api/v1/cligs/expand?clig=<slug or
 * short URL>} answers the long URL. Errors are plain-text messages with a 4xx status, as before. Creates
 * go through the same {@link Cligs} (the store's link write) and count against the address's write limit.
 */
public final class LegacyApi {

    private final Cligs cligs;
    private final ApiKeyWrites keys;
    private final RateLimiter limiter;
    private final ApiMetrics metrics;
    private final int writesPerMinute;
    private final Function<String, String> shortUrl;

    public LegacyApi(Cligs cligs, ApiKeyWrites keys, RateLimiter limiter, ApiMetrics metrics, int writesPerMinute,
                     Function<String, String> shortUrl) {
        this.cligs = cligs;
        this.keys = keys;
        this.limiter = limiter;
        this.metrics = metrics;
        this.writesPerMinute = writesPerMinute;
        this.shortUrl = shortUrl;
    }

    /** Mounts the old paths on {@code router}. */
    public void mount(Router router) {
        router.get("/api/v1/cligs/create").handler(this::create).failureHandler(LegacyApi::failure);
        router.get("/api/v2/cligs/create").handler(this::create).failureHandler(LegacyApi::failure);
        router.get("/api/v1/cligs/expand").handler(this::expand).failureHandler(LegacyApi::failure);
        router.get("/api/v2/cligs/expand").handler(this::expand).failureHandler(LegacyApi::failure);
    }

    void create(RoutingContext ctx) {
        String url = ctx.queryParams().get("url");
        if (url == null || url.isBlank()) {
            text(ctx, 400, "missing url");
            return;
        }
        JsonObject body = new JsonObject().put("target", url);
        String title = ctx.queryParams().get("title");
        if (title != null) {
            body.put("title", title.length() > 255 ? title.substring(0, 255) : title);
        }
        CligRequest request = CligRequest.parse(body, cligs.now());
        String key = ctx.queryParams().get("key");
        String address = ctx.request().remoteAddress().hostAddress();
        limiter.take("w:ip:" + address, writesPerMinute)
                .compose(limit -> {
                    if (limit.unavailable()) {
                        metrics.limiterUnavailable();
                    }
                    if (!limit.allowed()) {
                        metrics.limited();
                        return Future.failedFuture(new ApiException(new Problem(Problem.Type.RATE_LIMITED,
                                "rate limit exceeded", null), limit.retryAfterSeconds()));
                    }
                    return key == null || key.isEmpty()
                            ? cligs.create(request, null, new Actor("legacy-api:anonymous", null))
                            : keys.principal(key).compose(p -> p == null
                                    ? Future.failedFuture(ApiException.of(Problem.Type.UNAUTHORIZED, "invalid or revoked API key"))
                                    : cligs.create(request, p.accountId(), Cligs.actor(p)));
                })
                .onSuccess(d -> text(ctx, 200, shortUrl.apply(d.link().slug().value())))
                .onFailure(ctx::fail);
    }

    void expand(RoutingContext ctx) {
        String clig = ctx.queryParams().get("clig");
        if (clig == null || clig.isBlank()) {
            text(ctx, 400, "missing clig");
            return;
        }
        String slug = clig.strip();
        int slash = slug.lastIndexOf('/');
        if (slash >= 0) {
            slug = slug.substring(slash + 1);
        }
        if (!Slug.isValid(slug)) {
            text(ctx, 404, "no such clig");
            return;
        }
        cligs.queries().bySlug(slug).onSuccess(d -> {
            if (d == null || d.link().status() == LinkStatus.DELETED) {
                text(ctx, 404, "no such clig");
            } else {
                text(ctx, 200, d.link().target().value());
            }
        }).onFailure(ctx::fail);
    }

    /** The old API's errors are plain text; an unknown or revoked key is 403 as it was. */
    private static void failure(RoutingContext ctx) {
        Problem p = Failures.problemOf(ctx.failure());
        if (p.type() == Problem.Type.RATE_LIMITED && ctx.failure() instanceof ApiException e) {
            ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        text(ctx, p.type() == Problem.Type.UNAUTHORIZED ? 403 : p.status(), p.detail());
    }

    private static void text(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(body);
    }
}
