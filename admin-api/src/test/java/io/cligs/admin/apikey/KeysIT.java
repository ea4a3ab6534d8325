package io.cligs.admin.apikey;

import static io.cligs.admin.testing.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** API keys: shown once, stored hashed with a visible prefix, listed, revoked; old keys work; their last use kept cheaply. */
class KeysIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS);

    @Test
    void aKeyIsShownOnceListedWithoutItAndRevoked() throws Exception {
        String session = API.signUpAndLogIn("keyholder");
        Answer created = API.post("/api/v3/keys", session, new JsonObject().put("name", "my app"));
        assertEquals(201, created.status(), created::toString);
        String key = created.json().getString("key");
        String prefix = created.json().getString("prefix");
        assertTrue(key.startsWith(prefix) && key.length() > 40, created::toString);
        assertEquals("my app", created.json().getString("name"));
        assertNotNull(created.json().getString("created_at"));

        assertEquals("keyholder", API.get("/api/v3/accounts/me", key).json().getString("username"), "the key authenticates");
        Answer list = API.get("/api/v3/keys", session);
        assertEquals(200, list.status());
        JsonObject listed = list.json().getJsonArray("items").getJsonObject(0);
        assertEquals(prefix, listed.getString("prefix"));
        assertFalse(list.body().contains(key), "a listing never shows the key");
        assertNull(listed.getString("revoked_at"));
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM api_keys WHERE key_sha256 = UNHEX(SHA2('" + key + "', 256))")) {
            r.next();
            assertEquals(1, r.getInt(1), "stored as its SHA-256");
        }

        long id = created.json().getLong("id");
        assertEquals(204, API.call("DELETE", "/api/v3/keys/" + id, session, null).status());
        assertProblem(API.get("/api/v3/accounts/me", key), 401, "unauthorized", null);
        assertNotNull(API.get("/api/v3/keys", session).json().getJsonArray("items").getJsonObject(0).getString("revoked_at"));
    }

    @Test
    void anotherAccountsKeyCannotBeRevoked() {
        String owner = API.signUpAndLogIn("owner1");
        String other = API.signUpAndLogIn("other1");
        long id = API.post("/api/v3/keys", owner, new JsonObject().put("name", "k")).json().getLong("id");
        assertProblem(API.call("DELETE", "/api/v3/keys/" + id, other, null), 404, "not-found", null);
        assertProblem(API.call("DELETE", "/api/v3/keys/99999999", owner, null), 404, "not-found", null);
    }

    @Test
    void anImportedLegacyKeyWorksUntilRevoked() throws Exception {
        String legacy = "0123456789abcdef0123456789abcdef";
        DB.execute("INSERT INTO accounts (id, username, password_scheme, password_hash) VALUES (77, 'olduser', 'md5', "
                        + "'5f4dcc3b5aa765d61d8327deb882cf99')",
                "INSERT INTO api_keys (id, account_id, key_sha256, key_prefix, app_name) VALUES (5, 77, UNHEX(SHA2('" + legacy
                        + "', 256)), '01234567', 'old app')");
        assertEquals("olduser", API.get("/api/v3/accounts/me", legacy).json().getString("username"));
        DB.execute("UPDATE api_keys SET revoked_at = NOW() WHERE id = 5");
        assertProblem(API.get("/api/v3/accounts/me", legacy), 401, "unauthorized", null);
    }

    @Test
    void lastUseIsWrittenAtMostOnceAMinute() throws Exception {
        String session = API.signUpAndLogIn("busy");
        String key = API.newKey(session, "busy app");
        long id = API.get("/api/v3/keys", session).json().getJsonArray("items").getJsonObject(0).getLong("id");
        assertNull(lastUsed(id));
        API.get("/api/v3/accounts/me", key);
        API.api().flushKeyUse().await();
        Timestamp first = lastUsed(id);
        assertNotNull(first, "written at the flush");
        API.clock().advance(Duration.ofSeconds(5));
        API.get("/api/v3/accounts/me", key);
        API.api().flushKeyUse().await();
        assertEquals(first, lastUsed(id), "not written again within a minute");
        API.clock().advance(Duration.ofMinutes(2));
        API.get("/api/v3/accounts/me", key);
        API.api().flushKeyUse().await();
        assertNotEquals(first, lastUsed(id), "written again after a minute");
    }

    private static Timestamp lastUsed(long id) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT last_used_at FROM api_keys WHERE id = " + id)) {
            r.next();
            return r.getTimestamp(1);
        }
    }
}
