package io.cligs.store.apikey;

import io.cligs.core.apikey.ApiKeyHash;
import io.cligs.store.BoundedSql;
import io.cligs.store.Utc;
import io.cligs.store.account.Principal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.mysqlclient.MySQLClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * API keys as the admin API manages them: created (stored as core's {@link ApiKeyHash} with a visible
 * prefix), listed, revoked, marked used, and resolved to their account in one query. Legacy keys were
 * imported hashed the same way, so they resolve alike. Thread-safe as far as its pool is.
 */
public final class ApiKeyWrites {

    /** A key as its owner sees it listed. */
    public record Listed(long id, String prefix, String name, LocalDateTime createdAt, LocalDateTime lastUsedAt,
                         LocalDateTime revokedAt) {
    }

    private static final String PRINCIPAL = "SELECT a.id, a.username, a.role, k.id, k.key_prefix FROM api_keys k "
            + "JOIN accounts a ON a.id = k.account_id WHERE k.key_sha256 = ? AND k.revoked_at IS NULL AND a.status = 'active'";

    private final Pool mysql;
    private final Clock clock;
    private final long timeoutMs;

    public ApiKeyWrites(Pool mysql, Clock clock, Duration timeout) {
        this.mysql = mysql;
        this.clock = clock;
        this.timeoutMs = timeout.toMillis();
    }

    /** Stores a new key of the account; the stored row as listed. */
    public Future<Listed> create(long accountId, String key, String prefix, String name) {
        LocalDateTime now = now();
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "INSERT INTO api_keys (account_id, key_sha256, key_prefix, app_name, created_at) VALUES (?, ?, ?, ?, ?)")
                        .execute(Tuple.of(accountId, Buffer.buffer(ApiKeyHash.sha256(key)), prefix, name, now)))
                .map(rows -> new Listed(rows.property(MySQLClient.LAST_INSERTED_ID), prefix, name, now, null, null));
    }

    /** The account's keys, revoked ones too, newest first. */
    public Future<List<Listed>> list(long accountId) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "SELECT id, key_prefix, app_name, created_at, last_used_at, revoked_at FROM api_keys "
                                + "WHERE account_id = ? ORDER BY id DESC").execute(Tuple.of(accountId)))
                .map(rows -> {
                    List<Listed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Listed(r.getLong(0), r.getString(1), r.getString(2), r.getLocalDateTime(3),
                                r.getLocalDateTime(4), r.getLocalDateTime(5)));
                    }
                    return out;
                });
    }

    /** Revokes the account's key {@code id}; false when the account has no such key. Revoking twice is no error. */
    public Future<Boolean> revoke(long accountId, long id) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND account_id = ?")
                        .execute(Tuple.of(now(), id, accountId)))
                .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(true)
                        : BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                                "SELECT 1 FROM api_keys WHERE id = ? AND account_id = ?").execute(Tuple.of(id, accountId)))
                        .map(r -> r.size() == 1));
    }

    /** The account of a working key (not revoked, account active), or null. */
    public Future<Principal> principal(String key) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(PRINCIPAL)
                        .execute(Tuple.of(Buffer.buffer(ApiKeyHash.sha256(key)))))
                .map(rows -> {
                    for (Row r : rows) {
                        return new Principal(r.getLong(0), r.getString(1), "admin".equals(r.getString(2)), r.getLong(3),
                                r.getString(4));
                    }
                    return null;
                });
    }

    /** Writes when keys were last used (key id → UTC time), in one batch. */
    public Future<Void> touch(Map<Long, LocalDateTime> lastUsed) {
        if (lastUsed.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Tuple> batch = new ArrayList<>();
        lastUsed.forEach((id, at) -> batch.add(Tuple.of(at, id, at)));
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(
                        "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
                        .executeBatch(batch))
                .mapEmpty();
    }

    private LocalDateTime now() {
        return Utc.now(clock);
    }
}
