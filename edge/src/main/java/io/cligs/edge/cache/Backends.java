package io.cligs.edge.cache;

import io.cligs.core.config.RedisSettings;
import io.cligs.edge.config.EdgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the Vert.x Redis and MySQL clients from the {@link EdgeConfig}. */
public final class Backends {

    private Backends() {
    }

    /**
     * The pooled Redis client for lookups: cluster mode when {@code CLIG_REDIS_MODE=cluster}. A bounded
     * wait queue makes a stuck Redis fail fast instead of queueing without end; each command still
     * gets its own timeout from the caller (the client has none).
     */
    public static Redis redis(Vertx vertx, EdgeConfig config) {
        RedisSettings s = config.redis();
        RedisOptions options = new RedisOptions()
                .setType(s.mode() == RedisSettings.Mode.CLUSTER ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
                .setMaxPoolSize(config.redisPoolSize())
                .setMaxPoolWaiting(1024)
                .setMaxWaitingHandlers(4096)
                .setNetClientOptions(netOptions(config.redisTimeout().toMillis()));
        for (String url : s.urls()) {
            options.addConnectionString(url);
        }
        return Redis.createClient(vertx, options);
    }

    /**
     * A standalone client on the first node, for the dedicated pub/sub connection. In a Redis Cluster
     * a PUBLISH reaches the subscribers of every node, so one node is enough.
     */
    public static Redis redisSubscriber(Vertx vertx, EdgeConfig config) {
        RedisOptions options = new RedisOptions()
                .setType(RedisClientType.STANDALONE)
                .setConnectionString(config.redis().urls().get(0))
                .setMaxPoolSize(2)
                .setNetClientOptions(netOptions(config.redisTimeout().toMillis()));
        return Redis.createClient(vertx, options);
    }

    /**
     * The MySQL pool, shared by the redirect verticles of one edge (a named shared pool: one set of
     * connections, used from each verticle's own event loop).
     */
    public static Pool mysql(Vertx vertx, EdgeConfig config, String poolName) {
        MySQLConnectOptions connect = new MySQLConnectOptions()
                .setHost(config.mysql().host())
                .setPort(config.mysql().port())
                .setUser(config.mysql().user())
                .setPassword(config.mysql().password())
                .setDatabase(config.mysql().database())
                .setCachePreparedStatements(true);
        PoolOptions pool = new PoolOptions()
                .setMaxSize(config.mysqlPoolSize())
                .setMaxWaitQueueSize(1024)
                .setShared(true)
                .setName(poolName);
        return MySQLBuilder.pool()
                .with(pool)
                .with(netOptions(config.mysqlTimeout().toMillis()))
                .connectingTo(connect)
                .using(vertx)
                .build();
    }

    private static NetClientOptions netOptions(long connectTimeoutMs) {
        return new NetClientOptions()
                .setConnectTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeoutMs)))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true);
    }
}
