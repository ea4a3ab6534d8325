package io.cligs.store.testing;

import io.cligs.core.config.RedisSettings;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.Backends;
import io.cligs.store.account.AccountStore;
import io.cligs.store.apikey.ApiKeyStore;
import io.cligs.store.link.LinkPublisher;
import io.cligs.store.link.LinkReader;
import io.cligs.store.link.LinkStore;
import io.cligs.store.link.RedisLinks;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: the store's parts over a {@link TestDatabase} and a {@link TestRedis} (register it
 * after both), on a Vert.x of its own, closed afterwards. Tests block on the futures with
 * {@code await()} (never on an event loop).
 */
public final class StoreFixture implements BeforeAllCallback, AfterAllCallback {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TestDatabase db;
    private final TestRedis redis;
    private Vertx vertx;
    private Pool pool;
    private Redis client;
    private RedisKeys keys;
    private LinkReader reader;
    private RedisLinks redisLinks;
    private LinkPublisher publisher;
    private LinkStore links;

    public StoreFixture(TestDatabase db, TestRedis redis) {
        this.db = db;
        this.redis = redis;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
        pool = Backends.mysql(vertx, db.url(), 4, TIMEOUT, null);
        RedisSettings settings = new RedisSettings(List.of(redis.url()), RedisSettings.Mode.STANDALONE, redis.prefix());
        client = Backends.redis(vertx, settings, 4, TIMEOUT);
        keys = new RedisKeys(redis.prefix());
        reader = new LinkReader(pool, TIMEOUT);
        redisLinks = RedisLinks.over(client, keys, TIMEOUT);
        publisher = new LinkPublisher(redisLinks, reader);
        links = new LinkStore(pool, publisher, Clock.systemUTC(), TIMEOUT);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (vertx != null) {
            vertx.close().await();
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
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
        return new AccountStore(pool, TIMEOUT);
    }

    public ApiKeyStore apiKeys() {
        return new ApiKeyStore(pool, TIMEOUT);
    }

    /** A subscription to the eviction channel, collecting what is published there until closed. */
    public Subscription subscribe() {
        RedisConnection c = client.connect().await();
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        c.handler(m -> {
            if (m.size() == 3 && "message".equals(m.get(0).toString())) {
                messages.add(m.get(2).toString());
            }
        });
        c.send(Request.cmd(Command.SUBSCRIBE).arg(keys.evictChannel())).await();
        return new Subscription(c, messages);
    }

    /** See {@link #subscribe()}. */
    public record Subscription(RedisConnection connection, BlockingQueue<String> messages) implements AutoCloseable {
        @Override
        public void close() {
            connection.close().await();
        }
    }
}
