package io.cligs.store;

import io.cligs.core.config.EnvVar;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the Vert.x MySQL pool and Redis clients from core's settings, the same way for every module.
 * Neither client has a default call timeout: the callers ({@link io.cligs.store.link.LinkReader},
 * {@link io.cligs.store.link.RedisLinks}, ...) put one on every call; here only connecting is bounded.
 */
public final class Backends {

    private Backends() {
    }

    /**
     * Default {@link #mysql} idle timeout: an unused connection is closed after this. The registry holds
     * the value ({@code CLIG_MYSQL_IDLE_TIMEOUT_MS}, which the edge reads).
     */
    public static final Duration MYSQL_IDLE_TIMEOUT = registeredMillis(EnvVar.CLIG_MYSQL_IDLE_TIMEOUT_MS);
    /**
     * Default {@link #mysql} maximum lifetime: a connection is replaced after this, used or not. The
     * registry holds the value ({@code CLIG_MYSQL_MAX_LIFETIME_MS}, which the edge reads).
     */
    public static final Duration MYSQL_MAX_LIFETIME = registeredMillis(EnvVar.CLIG_MYSQL_MAX_LIFETIME_MS);

    private static Duration registeredMillis(EnvVar var) {
        return Duration.ofMillis(Long.parseLong(var.defaultValue()));
    }

    /** A MySQL pool with the default idle timeout and maximum lifetime. */
    public static Pool mysql(Vertx vertx, MysqlUrl url, int maxSize, Duration connectTimeout, String sharedName) {
        return mysql(vertx, url, maxSize, connectTimeout, MYSQL_IDLE_TIMEOUT, MYSQL_MAX_LIFETIME, sharedName);
    }

    /**
     * A MySQL pool whose connections are not trusted forever: closed when idle for {@code idleTimeout}
     * and replaced after {@code maxLifetime}, so a connection that a network silently broke does not
     * linger (a call that misses its deadline drops its connection too: {@link BoundedSql}).
     *
     * @param sharedName non-null: a named shared pool (one set of connections for every verticle of a
     *     deployment that asks for the same name, each used from its own event loop)
     */
    public static Pool mysql(Vertx vertx, MysqlUrl url, int maxSize, Duration connectTimeout, Duration idleTimeout,
                             Duration maxLifetime, String sharedName) {
        MySQLConnectOptions connect = new MySQLConnectOptions()
                .setHost(url.host())
                .setPort(url.port())
                .setUser(url.user())
                .setPassword(url.password())
                .setDatabase(url.database())
                .setCachePreparedStatements(true);
        PoolOptions pool = new PoolOptions()
                .setMaxSize(maxSize)
                .setMaxWaitQueueSize(1024)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxLifetime((int) Math.min(Integer.MAX_VALUE, maxLifetime.toMillis()))
                .setMaxLifetimeUnit(TimeUnit.MILLISECONDS);
        if (sharedName != null) {
            pool.setShared(true).setName(sharedName);
        }
        return MySQLBuilder.pool()
                .with(pool)
                .with(netOptions(connectTimeout))
                .connectingTo(connect)
                .using(vertx)
                .build();
    }

    /**
     * The pooled Redis client: cluster mode when {@code CLIG_REDIS_MODE=cluster}. A bounded wait queue
     * makes a stuck Redis fail fast instead of queueing without end.
     */
    public static Redis redis(Vertx vertx, RedisSettings settings, int maxPoolSize, Duration connectTimeout) {
        RedisOptions options = new RedisOptions()
                .setType(settings.mode() == RedisSettings.Mode.CLUSTER ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
                .setMaxPoolSize(maxPoolSize)
                .setMaxPoolWaiting(1024)
                .setMaxWaitingHandlers(4096)
                .setNetClientOptions(netOptions(connectTimeout));
        for (String url : settings.urls()) {
            options.addConnectionString(url);
        }
        return Redis.createClient(vertx, options);
    }

    /**
     * A standalone client on the first node, for dedicated connections (pub/sub). In a Redis Cluster a
     * PUBLISH reaches the subscribers of every node, so one node is enough.
     */
    public static Redis redisFirstNode(Vertx vertx, RedisSettings settings, Duration connectTimeout) {
        RedisOptions options = new RedisOptions()
                .setType(RedisClientType.STANDALONE)
                .setConnectionString(settings.urls().get(0))
                .setMaxPoolSize(2)
                .setMaxWaitingHandlers(4096)
                .setNetClientOptions(netOptions(connectTimeout));
        return Redis.createClient(vertx, options);
    }

    private static NetClientOptions netOptions(Duration connectTimeout) {
        long ms = connectTimeout.toMillis();
        return new NetClientOptions()
                .setConnectTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, ms)))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true);
    }
}
