package io.cligs.admin.apikey;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.Authenticator;
import io.cligs.admin.http.Json;
import io.cligs.admin.http.Times;
import io.cligs.admin.http.Tokens;
import io.cligs.store.account.Principal;
import io.cligs.store.apikey.ApiKeyWrites;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST/GET/DELETE /api/v3/keys}: a new key is shown in its answer and never again (only its
 * SHA-256 and its first {@value #PREFIX_LENGTH} characters are kept).
 */
public final class KeyHandlers {

    /** New keys start with this; old (imported) keys are 32 hex digits. */
    static final String KEY_PREFIX = "ck_";
    /** Characters of a key kept in clear to tell keys apart. */
    static final int PREFIX_LENGTH = 11;

    private final ApiKeyWrites keys;

    public KeyHandlers(ApiKeyWrites keys) {
        this.keys = keys;
    }

    public void create(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        String name = Json.body(ctx).getString("name");
        String key = Tokens.next(KEY_PREFIX);
        keys.create(caller.accountId(), key, key.substring(0, PREFIX_LENGTH), name)
                .onSuccess(k -> Json.send(ctx, 201, new JsonObject().put("id", k.id()).put("key", key).put("prefix", k.prefix())
                        .put("name", k.name()).put("created_at", Times.iso(k.createdAt()))))
                .onFailure(ctx::fail);
    }

    public void list(RoutingContext ctx) {
        keys.list(Authenticator.caller(ctx).accountId()).onSuccess(list -> {
            JsonArray items = new JsonArray();
            for (ApiKeyWrites.Listed k : list) {
                items.add(new JsonObject().put("id", k.id()).put("prefix", k.prefix()).put("name", k.name())
                        .put("created_at", Times.iso(k.createdAt())).put("last_used_at", Times.iso(k.lastUsedAt()))
                        .put("revoked_at", Times.iso(k.revokedAt())));
            }
            Json.send(ctx, 200, new JsonObject().put("items", items));
        }).onFailure(ctx::fail);
    }

    public void revoke(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(ApiException.notFound("no such key"));
            return;
        }
        keys.revoke(Authenticator.caller(ctx).accountId(), id)
                .onSuccess(found -> {
                    if (found) {
                        Json.noContent(ctx);
                    } else {
                        ctx.fail(ApiException.notFound("no such key"));
                    }
                })
                .onFailure(ctx::fail);
    }
}
