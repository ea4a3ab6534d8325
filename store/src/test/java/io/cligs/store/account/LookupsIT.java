package io.cligs.store.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.apikey.ApiKeyHash;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.apikey.ApiKey;
import io.cligs.store.testing.StoreFixture;
import io.cligs.store.testing.TestRedis;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LookupsIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    static final StoreFixture STORE = new StoreFixture(DB, REDIS);

    @BeforeAll
    static void rows() throws Exception {
        DB.execute("INSERT INTO accounts (id, username, email, password_scheme, password_hash) VALUES "
                + "(7, 'alice', 'a@example.com', 'md5', '0cc175b9c0f1b6a831c399e269772661'), (8, 'Bob', NULL, 'bcrypt', '$2y$x')");
        try (var c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_keys (id, account_id, key_sha256, key_prefix, app_name, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, 1);
            ps.setLong(2, 7);
            ps.setBytes(3, ApiKeyHash.sha256("key-one-0123456789"));
            ps.setString(4, "key-one-");
            ps.setString(5, "app");
            ps.setObject(6, null);
            ps.executeUpdate();
            ps.setLong(1, 2);
            ps.setBytes(3, ApiKeyHash.sha256("key-two-0123456789"));
            ps.setString(4, "key-two-");
            ps.setObject(6, java.time.LocalDateTime.of(2020, 1, 1, 0, 0));
            ps.executeUpdate();
        }
    }

    @Test
    void findsAccountsByUsernameCaseSensitivelyAndById() {
        Account alice = STORE.accounts().byUsername("alice").await();
        assertEquals(7, alice.id());
        assertEquals("md5", alice.passwordScheme());
        assertTrue(alice.active());
        assertFalse(alice.toString().contains("0cc175"), "toString must not show the hash");
        assertNull(STORE.accounts().byUsername("Alice").await());
        assertEquals("Bob", STORE.accounts().byId(8).await().username());
        assertNull(STORE.accounts().byId(9).await());
    }

    @Test
    void findsKeysByTheirHashAndTellsRevokedOnes() {
        ApiKey one = STORE.apiKeys().byKey("key-one-0123456789").await();
        assertEquals(7, one.accountId());
        assertEquals("key-one-", one.prefix());
        assertFalse(one.revoked());
        assertTrue(STORE.apiKeys().byKey("key-two-0123456789").await().revoked());
        assertNull(STORE.apiKeys().byKey("key-one-012345678").await());
    }
}
