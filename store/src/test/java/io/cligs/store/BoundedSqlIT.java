package io.cligs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.link.LinkReader;
import io.cligs.store.testing.FaultProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8's first finding: MySQL connections held open and silent by the network must not keep the
 * pool failing while a new connection would work. A call that misses its deadline drops its
 * connection; once the held ones are gone the pool answers again through new connections.
 */
class BoundedSqlIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @Test
    void heldConnectionsAreReplacedAfterOneMissedDeadlineEach() throws Exception {
        DB.execute("INSERT INTO cligs (id, slug, target, status, updated_at) VALUES (1, 'abc', 'https://example.com/', 'active', NOW())");
        Vertx vertx = Vertx.vertx();
        MysqlUrl real = DB.url();
        try (FaultProxy proxy = FaultProxy.start(real.host(), real.port())) {
            MysqlUrl viaProxy = new MysqlUrl(real.user(), real.password(), "127.0.0.1", proxy.port(), real.database());
            Pool pool = Backends.mysql(vertx, viaProxy, 4, Duration.ofSeconds(2), null);
            LinkReader patient = new LinkReader(pool, Duration.ofSeconds(5));
            List<Future<?>> warm = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                warm.add(patient.bySlug("abc"));
            }
            Future.all(warm).await();
            assertEquals(4, proxy.open(), "four pooled connections through the proxy");

            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            LinkReader reader = new LinkReader(pool, Duration.ofMillis(1000));
            int failures = 0;
            boolean answered = false;
            for (int i = 0; i < 12 && !answered; i++) {
                try {
                    answered = reader.bySlug("abc").await() != null;
                } catch (Exception e) { // await() rethrows the checked TimeoutException as it is
                    failures++;
                }
            }
            assertTrue(answered, "a new connection answered while the old ones were held");
            // one missed deadline per held connection; on a loaded machine a fresh connection's handshake
            // may miss one more (without the fix every call fails: the held connections are lent again)
            assertTrue(failures <= 4 + 2, "about one missed deadline per held connection, was " + failures);
            assertTrue(proxy.accepted() > 4, "new connections were opened");
        } finally {
            vertx.close().await();
        }
    }
}
