package io.cligs.store.account;

import io.cligs.core.apikey.ApiKeyHash;
import io.cligs.store.BoundedSql;
import io.cligs.store.Utc;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Login sessions: an opaque token is handed out once and stored only as its SHA-256 (core's
 * {@link ApiKeyHash}, the same rule as API keys), with an expiry. Found by an index equality on the
 * hash. A logout deletes one; a password change deletes every session of the account; expired ones are
 * purged in batches ({@link #purgeExpired}).
 * Thread-safe as far as its pool is.
 */
public final class SessionStore {

    private static final String FIND = "SELECT a.id, a.username, a.role FROM sessions s JOIN accounts a ON a.id = s.account_id "
            + "WHERE s.token_sha256 = ? AND s.expires_at > ? AND a.status = 'active'";

    private final Pool mysql;
    private final Clock clock;
    private final long timeoutMs;

    public SessionStore(Pool mysql, Clock clock, Duration timeout) {
        this.mysql = mysql;
        this.clock = clock;
        this.timeoutMs = timeout.toMillis();
    }

    /** Stores a session for {@code token} lasting {@code ttl}; its expiry (UTC). */
    public Future<LocalDateTime> create(long accountId, String token, Duration ttl) {
        LocalDateTime now = now();
        LocalDateTime expires = now.plus(ttl);
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "INSERT INTO sessions (account_id, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?)")
                        .execute(Tuple.of(accountId, hash(token), now, expires)))
                .map(rows -> expires);
    }

    /** The account of a live session, or null (unknown, expired, or the account disabled). */
    public Future<Principal> find(String token) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(FIND).execute(Tuple.of(hash(token), now())))
                .map(rows -> {
                    for (Row r : rows) {
                        return new Principal(r.getLong(0), r.getString(1), "admin".equals(r.getString(2)), null, null);
                    }
                    return null;
                });
    }

    /** Ends the session of {@code token}. */
    public Future<Void> delete(String token) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery("DELETE FROM sessions WHERE token_sha256 = ?")
                .execute(Tuple.of(hash(token)))).mapEmpty();
    }

    /** Ends every session of the account (a password change). */
    public Future<Void> deleteAll(long accountId) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery("DELETE FROM sessions WHERE account_id = ?")
                .execute(Tuple.of(accountId))).mapEmpty();
    }

    /**
     * Deletes up to {@code limit} sessions that expired (an expired session is never accepted, but its row
     * would stay for good); how many went. A timer of the admin API calls it; several processes may.
     */
    public Future<Integer> purgeExpired(int limit) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "DELETE FROM sessions WHERE expires_at <= ? LIMIT ?").execute(Tuple.of(now(), limit)))
                .map(rows -> rows.rowCount());
    }

    private static Buffer hash(String token) {
        return Buffer.buffer(ApiKeyHash.sha256(token));
    }

    private LocalDateTime now() {
        return Utc.now(clock);
    }
}
