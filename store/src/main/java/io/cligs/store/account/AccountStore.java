package io.cligs.store.account;

import io.cligs.store.BoundedSql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/** Reads accounts from MySQL, each query with its own deadline ({@link BoundedSql}). Thread-safe as far as its pool is. */
public final class AccountStore {

    private static final String COLUMNS = "SELECT id, username, email, password_scheme, password_hash, status FROM accounts ";

    private final Pool mysql;
    private final long timeoutMs;

    public AccountStore(Pool mysql, Duration timeout) {
        this.mysql = mysql;
        this.timeoutMs = timeout.toMillis();
    }

    /** The account of {@code username} (case-sensitive, as the legacy system had it), or null. */
    public Future<Account> byUsername(String username) {
        return one(COLUMNS + "WHERE username = ?", Tuple.of(username));
    }

    /** The account {@code id}, or null. */
    public Future<Account> byId(long id) {
        return one(COLUMNS + "WHERE id = ?", Tuple.of(id));
    }

    private Future<Account> one(String sql, Tuple args) {
        return BoundedSql.withConnection(mysql, timeoutMs, c -> c.preparedQuery(sql).execute(args))
                .map(AccountStore::first);
    }

    private static Account first(RowSet<Row> rows) {
        for (Row r : rows) {
            return new Account(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
        }
        return null;
    }
}
