package io.cligs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.RedisSettings;
import io.cligs.store.testing.FaultProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 8: pooled Redis connections held open and silent by the network must not keep the pool
 * failing while a new connection would work. The client's own {@code send} would keep each held
 * connection lent out forever; through {@link BoundedRedis} a call that misses its deadline drops its
 * connection, and once the held ones are gone the pool answers again through new connections.
 */
class BoundedRedisIT {

    private static final int REDIS = Integer.parseInt(System.getenv().getOrDefault("CLIG_TEST_REDIS_PORT", "6379"));

    @Test
    void heldConnectionsAreReplacedAfterOneMissedDeadlineEach() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", REDIS)) {
            RedisSettings settings = new RedisSettings(List.of("redis://127.0.0.1:" + proxy.port() + "/0"),
                    RedisSettings.Mode.STANDALONE, "bounded-redis-it:");
            Redis pool = Backends.redis(vertx, settings, 3, Duration.ofSeconds(2));
            List<Future<?>> warm = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // BLPOP on a missing key answers after its own 0.2 s: three calls at once fill the pool
                warm.add(BoundedRedis.send(pool, Request.cmd(Command.BLPOP).arg("bounded-redis-it:none").arg("0.2"), 5000));
            }
            Future.all(warm).await();
            assertEquals(3, proxy.open(), "three pooled connections through the proxy");

            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            int failures = 0;
            boolean answered = false;
            for (int i = 0; i < 12 && !answered; i++) {
                try {
                    answered = "PONG".equals(BoundedRedis.send(pool, Request.cmd(Command.PING), 500).await().toString());
                } catch (Exception e) { // await() rethrows the TimeoutException as it is
                    failures++;
                }
            }
            assertTrue(answered, "a new connection answered while the old ones were held");
            // one missed deadline per held connection (without the fix every call fails: the held
            // connections stay lent out and the pool never opens another)
            assertTrue(failures <= 3 + 2, "about one missed deadline per held connection, was " + failures);
            assertTrue(proxy.accepted() > 3, "new connections were opened");
        } finally {
            vertx.close().await();
        }
    }
}
