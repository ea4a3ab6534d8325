package io.cligs.admin.http;

import io.cligs.admin.apikey.KeyUsage;
import io.cligs.store.account.Principal;
import io.cligs.store.account.SessionStore;
import io.cligs.store.apikey.ApiKeyWrites;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds the caller of a request from {@code Authorization: Bearer <token>}: a session token (they start
 * with {@value #SESSION_PREFIX}) or an API key (new or imported). Missing, unknown, revoked or expired:
 * {@code 401}. The caller is kept in the routing context for the handlers ({@link #caller}).
 */
public final class Authenticator {

    /** Every session token starts with this; no API key does (new ones start with "ck_", old ones are hex). */
    public static final String SESSION_PREFIX = "cs_";

    private static final String CALLER = "cligs.caller";
    private static final String TOKEN = "cligs.token";

    private final SessionStore sessions;
    private final ApiKeyWrites keys;
    private final KeyUsage usage;

    public Authenticator(SessionStore sessions, ApiKeyWrites keys, KeyUsage usage) {
        this.sessions = sessions;
        this.keys = keys;
        this.usage = usage;
    }

    /** Route handler: authenticates, then passes on; fails with 401. */
    public void handle(RoutingContext ctx) {
        String token = bearer(ctx.request().getHeader("Authorization"));
        if (token == null) {
            ctx.fail(ApiException.unauthorized());
            return;
        }
        find(token).onSuccess(p -> {
            if (p == null) {
                ctx.fail(ApiException.unauthorized());
                return;
            }
            if (p.keyId() != null) {
                usage.used(p.keyId());
            }
            ctx.put(CALLER, p);
            ctx.put(TOKEN, token);
            ctx.next();
        }).onFailure(ctx::fail);
    }

    /** The account behind {@code token}, or null. */
    public Future<Principal> find(String token) {
        return token.startsWith(SESSION_PREFIX) ? sessions.find(token) : keys.principal(token);
    }

    /** The caller {@link #handle} found. */
    public static Principal caller(RoutingContext ctx) {
        Principal p = ctx.get(CALLER);
        if (p == null) {
            throw new IllegalStateException("the route has no authentication handler");
        }
        return p;
    }

    /** The bearer token of the request {@link #handle} accepted. */
    public static String token(RoutingContext ctx) {
        return ctx.get(TOKEN);
    }

    static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() || token.length() > 256 ? null : token;
    }
}
