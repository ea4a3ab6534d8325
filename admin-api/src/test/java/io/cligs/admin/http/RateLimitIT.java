package io.cligs.admin.http;

import static io.cligs.admin.testing.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Limits: writes and reads apart, 429 with Retry-After and the RateLimit headers, allowed again once the bucket refills (the clock moves; nothing sleeps). */
class RateLimitIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS, Map.of(
            EnvVar.CLIG_RATE_WRITES_PER_MIN.name(), "4", EnvVar.CLIG_RATE_READS_PER_MIN.name(), "1000"));

    @Test
    void writesOverTheLimitAre429UntilTheBucketRefills() {
        String session = API.signUpAndLogIn("hasty");
        String key = API.newKey(session, "k"); // the sign-up and this: the address's bucket has 2 left
        for (int i = 0; i < 2; i++) {
            Answer ok = API.post("/api/v3/cligs", key, new JsonObject().put("target", "https://example.com/" + i));
            assertEquals(201, ok.status(), ok::toString);
            assertEquals("4", ok.header("RateLimit-Limit"));
            assertEquals(Integer.toString(1 - i), ok.header("RateLimit-Remaining"), "the tighter bucket: " + ok);
            assertNotNull(ok.header("RateLimit-Reset"));
        }
        Answer limited = API.post("/api/v3/cligs", key, new JsonObject().put("target", "https://example.com/over"));
        assertProblem(limited, 429, "rate-limited", null);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 15, limited.header("Retry-After"));
        assertEquals("0", limited.header("RateLimit-Remaining"));
        assertEquals(200, API.get("/api/v3/cligs", key).status(), "reads have their own bucket");

        API.clock().advance(Duration.ofSeconds(retryAfter));
        assertEquals(201, API.post("/api/v3/cligs", key, new JsonObject().put("target", "https://example.com/again")).status());
        assertTrue(API.api().metrics().prometheus().contains("cligs_admin_rate_limited_total 1"), API.api().metrics().prometheus());

        API.clock().advance(Duration.ofMinutes(1));
        for (int i = 0; i < 4; i++) {
            API.post("/api/v3/accounts", null, new JsonObject().put("username", "spam" + i).put("email", "s@e.com").put("password", "0123456789"));
        }
        assertProblem(API.post("/api/v3/accounts", null, new JsonObject().put("username", "spam9").put("email", "s@e.com")
                .put("password", "0123456789")), 429, "rate-limited", null);
    }
}
