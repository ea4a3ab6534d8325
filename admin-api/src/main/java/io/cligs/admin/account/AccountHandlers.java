package io.cligs.admin.account;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.Authenticator;
import io.cligs.admin.http.Json;
import io.cligs.admin.http.Problem;
import io.cligs.admin.http.Times;
import io.cligs.admin.http.Tokens;
import io.cligs.store.account.Account;
import io.cligs.store.account.AccountStore;
import io.cligs.store.account.AccountWrites;
import io.cligs.store.account.Principal;
import io.cligs.store.account.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Sign-up, log-in, log-out, the caller's account and a password change. A log-in answers the same
 * {@code 401} for an unknown user and a wrong password (and costs the same: see {@link Passwords});
 * a legacy hash that matched is replaced by Argon2id before the session is handed out.
 */
public final class AccountHandlers {

    private final AccountStore accounts;
    private final AccountWrites writes;
    private final SessionStore sessions;
    private final Passwords passwords;
    private final LoginThrottle throttle;
    private final Duration sessionTtl;

    public AccountHandlers(AccountStore accounts, AccountWrites writes, SessionStore sessions, Passwords passwords,
                           LoginThrottle throttle, Duration sessionTtl) {
        this.accounts = accounts;
        this.writes = writes;
        this.sessions = sessions;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessionTtl = sessionTtl;
    }

    /** {@code POST /api/v3/accounts}. */
    public void create(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        String username = body.getString("username");
        String email = body.getString("email");
        passwords.hash(body.getString("password"))
                .compose(hash -> writes.create(username, email, Passwords.ARGON2ID, hash))
                .onSuccess(id -> Json.send(ctx, 201, new JsonObject().put("id", id).put("username", username).put("email", email)))
                .onFailure(ctx::fail);
    }

    /** {@code POST /api/v3/sessions}. */
    public void login(RoutingContext ctx) {
        JsonObject body = Json.body(ctx);
        String username = body.getString("username");
        String password = body.getString("password");
        String address = ctx.request().remoteAddress().hostAddress();
        throttle.check(username, address)
                .compose(v -> accounts.byUsername(username))
                .compose(account -> verify(account, password))
                .compose(account -> account == null ? throttle.failed(username, address).compose(v -> Future.failedFuture(wrongLogin()))
                        : startSession(account))
                .onSuccess(session -> Json.send(ctx, 201, session))
                .onFailure(ctx::fail);
    }

    /** {@code DELETE /api/v3/sessions/current}. */
    public void logout(RoutingContext ctx) {
        String token = Authenticator.token(ctx);
        if (!token.startsWith(Authenticator.SESSION_PREFIX)) {
            ctx.fail(ApiException.notFound("the request was made with an API key, not a session: revoke keys with DELETE /api/v3/keys/{id}"));
            return;
        }
        sessions.delete(token).onSuccess(v -> Json.noContent(ctx)).onFailure(ctx::fail);
    }

    /** {@code GET /api/v3/accounts/me}. */
    public void me(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        accounts.byId(caller.accountId())
                .onSuccess(a -> Json.send(ctx, 200, new JsonObject().put("id", a.id()).put("username", a.username())
                        .put("email", a.email()).put("role", caller.admin() ? "admin" : "user")))
                .onFailure(ctx::fail);
    }

    /** {@code PUT /api/v3/accounts/me/password}: every session of the account ends. */
    public void changePassword(RoutingContext ctx) {
        Principal caller = Authenticator.caller(ctx);
        JsonObject body = Json.body(ctx);
        accounts.byId(caller.accountId())
                .compose(a -> passwords.matches(body.getString("current_password"), a.passwordScheme(), a.passwordHash())
                        .compose(ok -> ok ? passwords.hash(body.getString("new_password"))
                                : Future.failedFuture(ApiException.field(Problem.Type.INVALID_REQUEST, "current_password",
                                "the current password is wrong")))
                        .compose(hash -> writes.replaceHash(a.id(), a.passwordHash(), Passwords.ARGON2ID, hash)))
                .compose(replaced -> replaced ? sessions.deleteAll(caller.accountId())
                        : Future.failedFuture(ApiException.of(Problem.Type.CONFLICT, "the password changed meanwhile; try again")))
                .onSuccess(v -> Json.noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** The account when {@code password} is its password (a legacy hash then replaced), else null. */
    private Future<Account> verify(Account account, String password) {
        if (account == null || !account.active()) {
            return passwords.matches(password, null, null).map(ok -> null);
        }
        return passwords.matches(password, account.passwordScheme(), account.passwordHash()).compose(ok -> {
            if (!ok) {
                return Future.succeededFuture(null);
            }
            if (!Passwords.outdated(account.passwordScheme())) {
                return Future.succeededFuture(account);
            }
            return passwords.hash(password)
                    .compose(hash -> writes.replaceHash(account.id(), account.passwordHash(), Passwords.ARGON2ID, hash))
                    .map(replaced -> account);
        });
    }

    private Future<JsonObject> startSession(Account account) {
        String token = Tokens.next(Authenticator.SESSION_PREFIX);
        return sessions.create(account.id(), token, sessionTtl)
                .compose(expires -> writes.loggedIn(account.id())
                        .map(v -> new JsonObject().put("token", token).put("expires_at", Times.iso(expires))));
    }

    private static ApiException wrongLogin() {
        return ApiException.of(Problem.Type.UNAUTHORIZED, "wrong username or password");
    }
}
