package io.cligs.store;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.account.AccountStore;
import io.cligs.store.apikey.ApiKeyStore;
import io.cligs.store.link.LinkPublisher;
import io.cligs.store.link.LinkReader;
import io.cligs.store.link.LinkStore;
import io.cligs.store.link.RedisLinks;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;

/**
 * The data layer's parts over one MySQL pool and one Redis client, for programs that are not verticles
 * (the loader's commands, tests): they call the parts and block on the futures with {@code await()} on
 * their own thread, never on an event loop. Closing it closes the clients and the Vert.x it made.
 */
public final class Store implements AutoCloseable {

    private final Vertx vertx;
    private final Pool mysql;
    private final Redis redis;
    private final RedisKeys keys;
    private final LinkReader reader;
    private final RedisLinks redisLinks;
    private final LinkPublisher publisher;
    private final LinkStore links;
    private final AccountStore accounts;
    private final ApiKeyStore apiKeys;

    private Store(Vertx vertx, MysqlUrl mysqlUrl, RedisSettings redisSettings, Duration timeout, int poolSize) {
        this.vertx = vertx;
        this.mysql = Backends.mysql(vertx, mysqlUrl, poolSize, timeout, null);
        this.redis = Backends.redis(vertx, redisSettings, poolSize, timeout);
        this.keys = new RedisKeys(redisSettings.prefix());
        this.reader = new LinkReader(mysql, timeout);
        this.redisLinks = RedisLinks.over(redis, keys, timeout);
        this.publisher = new LinkPublisher(redisLinks, reader);
        this.links = new LinkStore(mysql, publisher, Clock.systemUTC(), timeout);
        this.accounts = new AccountStore(mysql, timeout);
        this.apiKeys = new ApiKeyStore(mysql, timeout);
    }

    /**
     * Opens the clients on a Vert.x of its own.
     *
     * @param timeout for every call (a CLI can wait longer than the edge's hot path)
     * @param poolSize connections per client; calls beyond it wait in the pool's bounded queue
     */
    public static Store open(MysqlUrl mysql, RedisSettings redis, Duration timeout, int poolSize) {
        return new Store(Vertx.vertx(), mysql, redis, timeout, poolSize);
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool mysql() {
        return mysql;
    }

    public Redis redis() {
        return redis;
    }

    public RedisKeys keys() {
        return keys;
    }

    public LinkReader reader() {
        return reader;
    }

    public RedisLinks redisLinks() {
        return redisLinks;
    }

    public LinkPublisher publisher() {
        return publisher;
    }

    public LinkStore links() {
        return links;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
