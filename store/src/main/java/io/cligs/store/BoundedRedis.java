package io.cligs.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.PooledRedisConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Redis calls over the pooled client with a deadline that also heals the pool, as {@link BoundedSql}
 * does for MySQL. The Vert.x Redis client has no command timeout, and its {@code send} gives a pooled
 * connection back only once the reply came: a connection that the network holds open and silent (a
 * failover without a reset, a middlebox that keeps acknowledging) stays lent out forever, and once
 * every connection is held so, every call waits for a connection that never comes, though a new
 * connection would work. So a call takes a connection itself, and when it misses its deadline the
 * connection's socket is closed: the pool removes it and opens a fresh one for the next call. The
 * deadline covers the wait for a pooled connection as well.
 *
 * <p>A Redis Cluster client's connection is one per node, hidden by the client: a late call there
 * gives its connections back as the client's own {@code send} would (the node connections are not
 * closed).
 */
public final class BoundedRedis {

    private BoundedRedis() {
    }

    /** Sends {@code request} on a pooled connection within {@code timeoutMs}. */
    public static Future<Response> send(Redis pool, Request request, long timeoutMs) {
        return withConnection(pool, timeoutMs, c -> c.send(request));
    }

    /** Sends {@code requests} pipelined on one pooled connection within {@code timeoutMs}. */
    public static Future<List<Response>> batch(Redis pool, List<Request> requests, long timeoutMs) {
        return withConnection(pool, timeoutMs, c -> c.batch(requests));
    }

    private static <T> Future<T> withConnection(Redis pool, long timeoutMs, Function<RedisConnection, Future<T>> call) {
        return pool.connect()
                .compose(c -> call.apply(c).timeout(timeoutMs, TimeUnit.MILLISECONDS).andThen(done -> {
                    if (done.failed() && done.cause() instanceof TimeoutException) {
                        discard(c);
                    } else {
                        c.close();
                    }
                }))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the connection's socket without giving it back: the socket's end removes it from the pool
     * (and fails whatever else waits on it), so no other call is lent it meanwhile.
     */
    static void discard(RedisConnection c) {
        if (c instanceof PooledRedisConnection pooled) {
            pooled.actual().forceClose();
        } else {
            c.close();
        }
    }
}
