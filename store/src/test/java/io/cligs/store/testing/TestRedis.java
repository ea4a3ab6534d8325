package io.cligs.store.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a key prefix of its own on the real local Redis (127.0.0.1:6379, or
 * {@code CLIG_TEST_REDIS_PORT}) for one test class; every key under it is deleted afterwards.
 * {@link #command} arranges and checks keys through the Vert.x Redis client (blocking on the test
 * thread, never on an event loop). Use as a static field with {@code @RegisterExtension}.
 */
public final class TestRedis implements BeforeAllCallback, AfterAllCallback {

    private final String host = "127.0.0.1";
    private final int port = Integer.parseInt(System.getenv().getOrDefault("CLIG_TEST_REDIS_PORT", "6379"));
    private String prefix;
    private Vertx vertx;
    private Redis client;

    @Override
    public void beforeAll(ExtensionContext context) {
        prefix = "cligs-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        vertx = Vertx.vertx();
        client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url()).setMaxPoolSize(4));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            deleteAll();
        } finally {
            client.close();
            vertx.close().await();
        }
    }

    public String prefix() {
        if (prefix == null) {
            throw new IllegalStateException("TestRedis is used before beforeAll: register it as a static @RegisterExtension field");
        }
        return prefix;
    }

    public String url() {
        return "redis://" + host + ":" + port + "/0";
    }

    public int port() {
        return port;
    }

    /** Deletes every key under this prefix. */
    public void deleteAll() throws IOException {
        for (String k : keys()) {
            command("DEL", k);
        }
    }

    /** Every key under this prefix (SCAN). */
    public List<String> keys() throws IOException {
        List<String> out = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> parts = (List<?>) command("SCAN", cursor, "MATCH", prefix() + "*", "COUNT", "1000");
            cursor = (String) parts.get(0);
            for (Object k : (List<?>) parts.get(1)) {
                out.add((String) k);
            }
        } while (!cursor.equals("0"));
        return out;
    }

    /** Sends one command and returns the reply: String, Long, List or null. A Redis error is an IOException. */
    public Object command(String... args) throws IOException {
        Request request = Request.cmd(Command.create(args[0]));
        for (int i = 1; i < args.length; i++) {
            request.arg(args[i]);
        }
        try {
            return plain(client.send(request).timeout(5, TimeUnit.SECONDS).await());
        } catch (RuntimeException e) {
            throw new IOException("Redis " + args[0] + " failed: " + e.getMessage(), e);
        }
    }

    private static Object plain(Response r) {
        if (r == null) {
            return null;
        }
        if (r.type() == ResponseType.NUMBER) {
            return r.toLong();
        }
        if (r.type() == ResponseType.MULTI) {
            List<Object> items = new ArrayList<>(r.size());
            for (Response item : r) {
                items.add(plain(item));
            }
            return items;
        }
        return r.toString();
    }
}
