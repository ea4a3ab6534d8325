package io.cligs.store.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.StoreFixture;
import io.cligs.store.testing.TestRedis;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionStoreIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    static final StoreFixture STORE = new StoreFixture(DB, REDIS);

    @Test
    void expiredSessionsArePurgedInBatchesAndLiveOnesStay() throws Exception {
        DB.execute("INSERT INTO accounts (id, username, email, password_scheme, password_hash) VALUES "
                + "(1, 'carol', NULL, 'md5', '0cc175b9c0f1b6a831c399e269772661')");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        SessionStore then = new SessionStore(STORE.store().mysql(), Clock.fixed(t0, ZoneOffset.UTC), Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            then.create(1, "old-token-" + i, Duration.ofHours(1)).await();
        }
        then.create(1, "long-token", Duration.ofDays(30)).await();
        SessionStore now = new SessionStore(STORE.store().mysql(), Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC),
                Duration.ofSeconds(10));

        assertEquals(3, now.purgeExpired(3).await(), "a batch is at most the limit");
        assertEquals(2, now.purgeExpired(3).await(), "then the rest");
        assertEquals(0, now.purgeExpired(3).await());

        assertEquals(1, sessions(), "the live session stays");
        assertNotNull(now.find("long-token").await());
        assertNull(now.find("old-token-0").await());
    }

    private static int sessions() throws Exception {
        try (var c = DB.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sessions")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
