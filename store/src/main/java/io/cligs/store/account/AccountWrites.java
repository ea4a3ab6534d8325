package io.cligs.store.account;

import io.cligs.store.BoundedSql;
import io.cligs.store.Utc;
import io.cligs.store.Duplicates;
import io.vertx.core.Future;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Account writes of the admin API and the loader: sign-up, a password hash replaced (a new password, or
 * a legacy hash upgraded on login), the admin role. Each call with its own deadline ({@link BoundedSql}).
 * Thread-safe as far as its pool is.
 */
public final class AccountWrites {

    private final Pool mysql;
    private final Clock clock;
    private final long timeoutMs;

    public AccountWrites(Pool mysql, Clock clock, Duration timeout) {
        this.mysql = mysql;
        this.clock = clock;
        this.timeoutMs = timeout.toMillis();
    }

    /** A new active account; its id. A taken username fails with {@link UsernameTakenException}. */
    public Future<Long> create(String username, String email, String scheme, String hash) {
        LocalDateTime now = now();
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "INSERT INTO accounts (username, email, password_scheme, password_hash, status, created_at) "
                                + "VALUES (?, ?, ?, ?, 'active', ?)")
                        .execute(Tuple.of(username, email, scheme, hash, now)))
                .map(rows -> rows.property(MySQLClient.LAST_INSERTED_ID))
                .recover(e -> Future.failedFuture(Duplicates.isDuplicateKey(e) ? new UsernameTakenException(username) : e));
    }

    /**
     * Replaces the password hash, only if it is still {@code expectedHash} (a concurrent change wins);
     * whether it was replaced.
     */
    public Future<Boolean> replaceHash(long accountId, String expectedHash, String scheme, String hash) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "UPDATE accounts SET password_scheme = ?, password_hash = ? WHERE id = ? AND password_hash = ?")
                        .execute(Tuple.of(scheme, hash, accountId, expectedHash)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records a successful login. */
    public Future<Void> loggedIn(long accountId) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "UPDATE accounts SET last_login_at = ? WHERE id = ?").execute(Tuple.of(now(), accountId)))
                .mapEmpty();
    }

    /** Whether the account may act on every account's cligs. */
    public Future<Boolean> isAdmin(long accountId) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery("SELECT role FROM accounts WHERE id = ?")
                        .execute(Tuple.of(accountId)))
                .map(rows -> rows.size() == 1 && "admin".equals(rows.iterator().next().getString(0)));
    }

    /** Grants the admin role to {@code username}; false when there is no such account. */
    public Future<Boolean> grantAdmin(String username) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "UPDATE accounts SET role = 'admin' WHERE username = ?").execute(Tuple.of(username)))
                .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(true)
                        : BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                                "SELECT 1 FROM accounts WHERE username = ?").execute(Tuple.of(username))).map(r -> r.size() == 1));
    }

    private LocalDateTime now() {
        return Utc.now(clock);
    }
}
