package io.cligs.store.testing;

import io.cligs.core.config.RedisSettings;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.Store;
import io.cligs.store.account.AccountStore;
import io.cligs.store.apikey.ApiKeyStore;
import io.cligs.store.link.LinkPublisher;
import io.cligs.store.link.LinkReader;
import io.cligs.store.link.LinkStore;
import io.cligs.store.link.RedisLinks;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
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
    private Store store;

    public StoreFixture(TestDatabase db, TestRedis redis) {
        this.db = db;
        this.redis = redis;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        RedisSettings settings = new RedisSettings(List.of(redis.url()), RedisSettings.Mode.STANDALONE, redis.prefix());
        store = Store.open(db.url(), settings, TIMEOUT, 4);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (store != null) {
            store.close();
        }
    }

    public Store store() {
        return store;
    }

    public RedisKeys keys() {
        return store.keys();
    }

    public LinkReader reader() {
        return store.reader();
    }

    public RedisLinks redisLinks() {
        return store.redisLinks();
    }

    public LinkPublisher publisher() {
        return store.publisher();
    }

    public LinkStore links() {
        return store.links();
    }

    public AccountStore accounts() {
        return store.accounts();
    }

    public ApiKeyStore apiKeys() {
        return store.apiKeys();
    }

    /** A subscription to the eviction channel, collecting what is published there until closed. */
    public Subscription subscribe() {
        RedisConnection c = store.redis().connect().await();
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        c.handler(m -> {
            if (m.size() == 3 && "message".equals(m.get(0).toString())) {
                messages.add(m.get(2).toString());
            }
        });
        c.send(Request.cmd(Command.SUBSCRIBE).arg(keys().evictChannel())).await();
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
