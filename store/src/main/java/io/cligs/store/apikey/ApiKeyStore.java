package io.cligs.store.apikey;

import io.cligs.core.apikey.ApiKeyHash;
import io.cligs.store.BoundedSql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * Finds API keys by the SHA-256 of the key, as the loader stored the legacy ones and the admin API
 * stores new ones. The look-up is an index equality on the hash, so no key is compared character by
 * character in Java. Thread-safe as far as its pool is.
 */
public final class ApiKeyStore {

    private static final String BY_HASH = "SELECT id, account_id, key_prefix, app_name, created_at, revoked_at "
            + "FROM api_keys WHERE key_sha256 = ?";

    private final Pool mysql;
    private final long timeoutMs;

    public ApiKeyStore(Pool mysql, Duration timeout) {
        this.mysql = mysql;
        this.timeoutMs = timeout.toMillis();
    }

    /** The stored key whose SHA-256 is that of {@code key} (revoked ones too: check {@link ApiKey#revoked()}), or null. */
    public Future<ApiKey> byKey(String key) {
        Tuple hash = Tuple.of(Buffer.buffer(ApiKeyHash.sha256(key)));
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(BY_HASH).execute(hash))
                .map(rows -> {
                    for (Row r : rows) {
                        return new ApiKey(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3),
                                r.getLocalDateTime(4), r.getLocalDateTime(5));
                    }
                    return null;
                });
    }
}
