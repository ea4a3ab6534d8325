package io.cligs.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.MutableClock;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token bucket in Redis, and what it does when Redis cannot be reached: lets the request through. */
class RateLimiterIT {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void aBucketEmptiesAndRefillsWithTheClock() {
        MutableClock clock = new MutableClock();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS.url()));
        RateLimiter limiter = new RateLimiter(redis, new RedisKeys(REDIS.prefix()), clock, Duration.ofSeconds(2));
        for (int i = 0; i < 2; i++) {
            RateLimiter.Outcome o = limiter.take("t:a", 2).await();
            assertTrue(o.allowed());
            assertEquals(1 - i, o.remaining());
        }
        RateLimiter.Outcome refused = limiter.take("t:a", 2).await();
        assertFalse(refused.allowed());
        assertFalse(refused.unavailable());
        assertEquals(30, refused.retryAfterSeconds(), "2 a minute: one token every 30 s");
        assertTrue(limiter.take("t:b", 2).await().allowed(), "buckets are apart");
        clock.advance(Duration.ofSeconds(30));
        assertTrue(limiter.take("t:a", 2).await().allowed());
        redis.close();
    }

    @Test
    void withoutRedisEveryRequestPassesAndSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Redis nowhere = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + port));
        RateLimiter limiter = new RateLimiter(nowhere, new RedisKeys("t:"), new MutableClock(), Duration.ofMillis(300));
        for (int i = 0; i < 5; i++) {
            RateLimiter.Outcome o = limiter.take("t:x", 1).await();
            assertTrue(o.allowed());
            assertTrue(o.unavailable());
        }
        nowhere.close();
    }
}
