package io.cligs.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * MySQL calls with a deadline that also heal the pool. The Vert.x MySQL client has no query timeout,
 * and a pooled connection whose call hangs (a server frozen, a network that keeps acknowledging and
 * never answers) would go back to the pool and hang the next call too: with every connection held
 * that way, every call fails for as long as the network keeps them, though a new connection would
 * work. So a call that misses its deadline has its connection's socket closed: the pool evicts it and
 * opens a fresh one for the next call. The deadline covers the wait for a pooled connection as well.
 */
public final class BoundedSql {

    private BoundedSql() {
    }

    /** Runs {@code work} on a pooled connection within {@code timeoutMs}. */
    public static <T> Future<T> withConnection(Pool pool, long timeoutMs, Function<SqlConnection, Future<T>> work) {
        return pool.withConnection(conn -> bounded(conn, timeoutMs, work)).timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} in a transaction within {@code timeoutMs} (rolled back when it fails or is late). */
    public static <T> Future<T> withTransaction(Pool pool, long timeoutMs, Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(conn -> bounded(conn, timeoutMs, work)).timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    private static <T> Future<T> bounded(SqlConnection conn, long timeoutMs, Function<SqlConnection, Future<T>> work) {
        return work.apply(conn).timeout(timeoutMs, TimeUnit.MILLISECONDS).onFailure(e -> {
            if (e instanceof TimeoutException) {
                discard(conn);
            }
        });
    }

    /** Closes the connection's socket, so the pool drops it instead of lending it again. */
    static void discard(SqlConnection conn) {
        Connection c = conn instanceof SqlConnectionInternal internal ? internal.unwrap() : null;
        while (c != null && !(c instanceof SocketConnectionBase) && c.unwrap() != c) {
            c = c.unwrap();
        }
        if (c instanceof SocketConnectionBase socket) {
            socket.socket().close();
        } else {
            conn.close();
        }
    }
}
