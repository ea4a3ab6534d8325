package io.cligs.admin.link;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.Failures;
import io.cligs.admin.http.Authenticator;
import io.cligs.admin.http.Json;
import io.cligs.admin.http.Problem;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.TargetUrl;
import io.cligs.store.account.Principal;
import io.cligs.store.link.HistoryEntry;
import io.cligs.store.link.LinkChange;
import io.cligs.store.link.LinkDetails;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** {@code /api/v3/cligs...}: each handler parses, calls {@link Cligs}, and answers, or fails into the one failure handler. */
public final class CligHandlers {

    private static final int DEFAULT_PAGE = 100;
    private static final int HISTORY_LIMIT = 1000;
    /** Batch items created at once (the rest wait): keeps one batch from taking every pooled connection. */
    private static final int BATCH_PARALLELISM = 8;

    private final Cligs cligs;
    private final Function<String, String> shortUrl;

    public CligHandlers(Cligs cligs, Function<String, String> shortUrl) {
        this.cligs = cligs;
        this.shortUrl = shortUrl;
    }

    public void create(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        CligRequest request = CligRequest.parse(Json.body(ctx), cligs.now());
        cligs.create(request, caller.accountId(), Cligs.actor(caller))
                .onSuccess(d -> Json.send(ctx, 201, CligJson.clig(d, shortUrl)))
                .onFailure(ctx::fail);
    }

    public void createBatch(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        JsonArray items = Json.body(ctx).getJsonArray("cligs");
        JsonObject[] results = new JsonObject[items.size()];
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < items.size(); from += BATCH_PARALLELISM) {
            int start = from;
            chain = chain.compose(v -> {
                List<Future<Void>> wave = new ArrayList<>();
                for (int i = start; i < Math.min(items.size(), start + BATCH_PARALLELISM); i++) {
                    int index = i;
                    wave.add(batchItem(caller, items.getJsonObject(i)).map(r -> {
                        results[index] = r.put("index", index);
                        return null;
                    }));
                }
                return Future.all(wave).mapEmpty();
            });
        }
        chain.onSuccess(v -> Json.send(ctx, 200, new JsonObject().put("results", new JsonArray(List.of((Object[]) results)))))
                .onFailure(ctx::fail);
    }

    private Future<JsonObject> batchItem(Principal caller, JsonObject item) {
        Future<LinkDetails> created;
        try {
            created = cligs.create(CligRequest.parse(item, cligs.now()), caller.accountId(), Cligs.actor(caller));
        } catch (ApiException e) {
            created = Future.failedFuture(e);
        }
        return created.map(d -> new JsonObject().put("status", 201).put("clig", CligJson.clig(d, shortUrl)))
                .otherwise(e -> {
                    Problem p = Failures.problemOf(e);
                    return new JsonObject().put("status", p.status()).put("problem", p.toJson());
                });
    }

    public void list(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        int limit = ctx.queryParams().contains("limit") ? Integer.parseInt(ctx.queryParams().get("limit")) : DEFAULT_PAGE;
        long after = cursor(ctx.queryParams().get("cursor"));
        String q = ctx.queryParams().get("q");
        cligs.queries().page(caller.accountId(), after, limit + 1, q == null || q.isEmpty() ? null : q).onSuccess(page -> {
            JsonArray items = new JsonArray();
            for (int i = 0; i < Math.min(limit, page.size()); i++) {
                items.add(CligJson.clig(page.get(i), shortUrl));
            }
            String next = page.size() > limit ? Long.toString(page.get(limit - 1).link().id()) : null;
            Json.send(ctx, 200, new JsonObject().put("items", items).put("next_cursor", next));
        }).onFailure(ctx::fail);
    }

    public void get(RoutingContext ctx) {
        cligs.visible(Authenticator.caller(ctx), ctx.pathParam("slug"))
                .onSuccess(d -> Json.send(ctx, 200, CligJson.clig(d, shortUrl)))
                .onFailure(ctx::fail);
    }

    public void update(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        TargetUrl target = body.containsKey("target") ? CligRequest.target("target", body.getString("target")) : null;
        // LinkChange: null keeps the title, empty removes it
        String title = body.containsKey("title") ? Objects.requireNonNullElse(CligRequest.title(body.getString("title")), "") : null;
        LinkStatus status = body.containsKey("status") ? LinkStatus.parse(body.getString("status")) : null;
        Optional<Instant> expiresAt = !body.containsKey("expires_at") ? null
                : Optional.ofNullable(body.getString("expires_at") == null ? null : CligRequest.expiry(body.getString("expires_at"), cligs.now()));
        change(ctx, new LinkChange(target, title, status, null, null, expiresAt), 200);
    }

    public void delete(RoutingContext ctx) {
        change(ctx, LinkChange.status(LinkStatus.DELETED), 204);
    }

    public void putRule(RoutingContext ctx) {
        CountryCode cc = CligRequest.country("cc", ctx.pathParam("cc"));
        TargetUrl target = CligRequest.target("target", Json.body(ctx).getString("target"));
        change(ctx, LinkChange.setRule(cc, target), 200);
    }

    public void deleteRule(RoutingContext ctx) {
        change(ctx, LinkChange.removeRule(CligRequest.country("cc", ctx.pathParam("cc"))), 200);
    }

    public void history(RoutingContext ctx) {
        cligs.owned(Authenticator.caller(ctx), ctx.pathParam("slug"))
                .compose(d -> cligs.queries().history(d.link().id(), HISTORY_LIMIT))
                .onSuccess(entries -> {
                    JsonArray items = new JsonArray();
                    for (HistoryEntry h : entries) {
                        items.add(CligJson.history(h));
                    }
                    Json.send(ctx, 200, new JsonObject().put("items", items));
                })
                .onFailure(ctx::fail);
    }

    private void change(RoutingContext ctx, LinkChange change, int status) {
        cligs.change(Authenticator.caller(ctx), ctx.pathParam("slug"), change)
                .onSuccess(d -> {
                    if (status == 204) {
                        Json.noContent(ctx);
                    } else {
                        Json.send(ctx, status, CligJson.clig(d, shortUrl));
                    }
                })
                .onFailure(ctx::fail);
    }

    private static long cursor(String raw) {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        try {
            long id = Long.parseLong(raw);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw ApiException.field(Problem.Type.INVALID_REQUEST, "cursor", "not a cursor this API handed out: '" + raw + "'");
    }
}
