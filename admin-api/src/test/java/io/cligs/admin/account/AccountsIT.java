package io.cligs.admin.account;

import static io.cligs.admin.testing.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sign-up, log-in (the three legacy schemes upgraded to Argon2id), log-out, the caller's account, password change, login throttling. */
class AccountsIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS, Map.of(EnvVar.CLIG_LOGIN_FAILURES_PER_MIN.name(), "3"));

    @Test
    void signUpAndLogInAndLogOut() {
        Answer created = API.post("/api/v3/accounts", null, new JsonObject().put("username", "alice")
                .put("email", "alice@example.com").put("password", "correct horse battery"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("alice", created.json().getString("username"));
        assertEquals("alice@example.com", created.json().getString("email"));
        long id = created.json().getLong("id");
        assertTrue(id >= 4294967296L, "new ids are above the legacy range");

        Answer session = API.post("/api/v3/sessions", null, new JsonObject().put("username", "alice").put("password", "correct horse battery"));
        assertEquals(201, session.status(), session::toString);
        String token = session.json().getString("token");
        assertNotNull(session.json().getString("expires_at"));

        Answer me = API.get("/api/v3/accounts/me", token);
        assertEquals(200, me.status(), me::toString);
        assertEquals(new JsonObject().put("id", id).put("username", "alice").put("email", "alice@example.com").put("role", "user"), me.json());

        assertEquals(204, API.call("DELETE", "/api/v3/sessions/current", token, null).status());
        assertProblem(API.get("/api/v3/accounts/me", token), 401, "unauthorized", null);
    }

    @Test
    void aTakenUsernameIs409() {
        API.signUpAndLogIn("taken");
        assertProblem(API.post("/api/v3/accounts", null, new JsonObject().put("username", "taken")
                .put("email", "other@example.com").put("password", "another password")), 409, "conflict", "username");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        API.signUpAndLogIn("bob");
        Answer wrong = API.post("/api/v3/sessions", null, new JsonObject().put("username", "bob").put("password", "not bob's password"));
        Answer unknown = API.post("/api/v3/sessions", null, new JsonObject().put("username", "nobody-at-all").put("password", "whatever it is"));
        assertProblem(wrong, 401, "unauthorized", null);
        assertEquals(wrong.body(), unknown.body());
        assertEquals(wrong.status(), unknown.status());
    }

    @Test
    void aPasswordChangeEndsEverySessionAndTheNewPasswordWorks() {
        String first = API.signUpAndLogIn("carol");
        String second = API.logIn("carol", "password-carol");
        assertProblem(API.call("PUT", "/api/v3/accounts/me/password", first, new JsonObject()
                .put("current_password", "wrong one").put("new_password", "a brand new password").encode()), 400, "invalid-request",
                "current_password");
        Answer changed = API.call("PUT", "/api/v3/accounts/me/password", first, new JsonObject()
                .put("current_password", "password-carol").put("new_password", "a brand new password").encode());
        assertEquals(204, changed.status(), changed::toString);
        assertProblem(API.get("/api/v3/accounts/me", first), 401, "unauthorized", null);
        assertProblem(API.get("/api/v3/accounts/me", second), 401, "unauthorized", null);
        assertEquals(401, API.post("/api/v3/sessions", null, new JsonObject().put("username", "carol")
                .put("password", "password-carol")).status());
        assertEquals(200, API.get("/api/v3/accounts/me", API.logIn("carol", "a brand new password")).status());
    }

    @Test
    void anExpiredSessionIs401() {
        String token = API.signUpAndLogIn("dave");
        assertEquals(200, API.get("/api/v3/accounts/me", token).status());
        API.clock().advance(Duration.ofDays(2));
        try {
            assertProblem(API.get("/api/v3/accounts/me", token), 401, "unauthorized", null);
        } finally {
            API.clock().advance(Duration.ofDays(-2));
        }
    }

    @Test
    void eachLegacySchemeLogsInAndBecomesArgon2id() throws Exception {
        String md5 = hex("MD5", "pw-1");
        String sha1 = "sha1$s4lt$" + hex("SHA-1", "s4lt" + "pw-2");
        String bcrypt = BcryptFunction.getInstance(Bcrypt.Y, 6).hash("pw-3").getResult();
        assertTrue(bcrypt.startsWith("$2y$"), bcrypt);
        DB.execute("INSERT INTO accounts (id, username, email, password_scheme, password_hash, status) VALUES "
                + "(1, 'user1', NULL, 'md5', '" + md5 + "', 'active'), "
                + "(2, 'user2', NULL, 'sha1', '" + sha1 + "', 'active'), "
                + "(3, 'user3', NULL, 'bcrypt', '" + bcrypt + "', 'active')");
        for (int n = 1; n <= 3; n++) {
            assertEquals(401, API.post("/api/v3/sessions", null, new JsonObject().put("username", "user" + n)
                    .put("password", "pw-" + (n % 3 + 1))).status(), "another user's password fails for user" + n);
            String token = API.logIn("user" + n, "pw-" + n);
            assertEquals("user" + n, API.get("/api/v3/accounts/me", token).json().getString("username"));
            String[] stored = stored(n);
            assertEquals("argon2id", stored[0], "user" + n + "'s hash was upgraded");
            assertTrue(stored[1].startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored[1]);
            API.logIn("user" + n, "pw-" + n); // and the upgraded hash verifies
            assertEquals(stored[1], stored(n)[1], "an Argon2id hash is not replaced again");
        }
    }

    @Test
    void failedLoginsAreThrottledPerAccount() {
        API.signUpAndLogIn("erin");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, API.post("/api/v3/sessions", null, new JsonObject().put("username", "erin").put("password", "guess " + i)).status());
        }
        Answer throttled = API.post("/api/v3/sessions", null, new JsonObject().put("username", "erin").put("password", "password-erin"));
        assertProblem(throttled, 429, "rate-limited", null);
        assertNotNull(throttled.header("Retry-After"));
        API.clock().advance(Duration.ofMinutes(1));
        assertNotEquals(429, API.post("/api/v3/sessions", null, new JsonObject().put("username", "erin")
                .put("password", "password-erin")).status());
    }

    private static String[] stored(long id) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT password_scheme, password_hash FROM accounts WHERE id = " + id)) {
            r.next();
            return new String[] {r.getString(1), r.getString(2)};
        }
    }

    private static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
