package io.cligs.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis unreachable: the limits let every request through and say so in the metrics; the API keeps answering. */
class RedisDownIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS, Map.of(EnvVar.CLIG_REDIS_URL.name(), "redis://127.0.0.1:" + closedPort(),
            EnvVar.CLIG_RATE_READS_PER_MIN.name(), "1", EnvVar.CLIG_LOGIN_FAILURES_PER_MIN.name(), "1"));

    @Test
    void limitsOpenWhenRedisIsUnreachableAndCountIt() {
        String session = API.signUpAndLogIn("unlimited");
        for (int i = 0; i < 3; i++) {
            Answer me = API.get("/api/v3/accounts/me", session);
            assertEquals(200, me.status(), "over a limit of 1 read a minute, yet allowed: " + me);
        }
        assertTrue(API.api().metrics().limiterUnavailableCount() >= 3, API.api().metrics().prometheus());
        Answer ready = API.get("/-/health/ready", null);
        assertEquals(200, ready.status(), "MySQL answers: ready, with Redis reported down: " + ready);
        assertEquals("DOWN", ready.json().getJsonObject("checks").getJsonObject("redis").getString("status"));
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
