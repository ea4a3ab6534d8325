package io.cligs.edge.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.testing.TestDatabase;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.store.testing.FaultProxy;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 8, finding 1, at the edge: every MySQL connection of the edge held open and silent by the
 * network (a proxy that holds the connections open at the switch and passes new ones), under a load of
 * misses for slugs only MySQL has. The edge answers {@code 503} only while no connection can work:
 * each held connection costs one MySQL timeout, then misses are answered {@code 301} through new
 * connections. Before the store closed a connection that missed its deadline, every miss answered 503
 * for as long as the hold lasted (20 of 20 over 20 s).
 */
class MysqlHeldIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static final int LINKS = 20_000;
    static final int POOL = 4;
    static final int CLIENTS = 6;
    /** Each client's pause between misses: at most a few hundred misses a second, for the whole run. */
    static final long PACE_MS = 10;
    /** Generous for a loaded 2-core machine: the hold costs about one 1 s timeout per held connection. */
    static final long RECOVERY_BOUND_MS = 10_000;
    /** How long misses must be answered 301 without a break for the edge to count as recovered. */
    static final long STEADY_MS = 3_000;

    @Test
    void heldConnectionsCost503sOnlyUntilNewConnectionsAnswer() throws Exception {
        StringBuilder rows = new StringBuilder("INSERT INTO cligs (id, slug, target, status, updated_at, version) VALUES ");
        for (int i = 0; i < LINKS; i++) {
            rows.append(i == 0 ? "" : ",").append("(").append(i + 1).append(", 'held").append(i)
                    .append("', 'https://example.com/").append(i).append("', 'active', NOW(3), 1)");
        }
        DB.execute(rows.toString());
        MysqlUrl real = DB.url();
        Vertx vertx = Vertx.vertx();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (FaultProxy proxy = FaultProxy.start(real.host(), real.port())) {
            String viaProxy = EdgeFixtures.mysqlUrl(new MysqlUrl(real.user(), real.password(), "127.0.0.1", proxy.port(),
                    real.database()));
            Edge edge = Edge.deploy(vertx, EdgeFixtures.config(viaProxy, REDIS.url(), REDIS.prefix(),
                    Map.of("CLIG_MYSQL_POOL_SIZE", Integer.toString(POOL))), CountryTable.bundledTestDatabase()).await();
            AtomicInteger next = new AtomicInteger();

            // concurrent misses open the pool's connections, all through the proxy
            List<Future<Integer>> warm = new ArrayList<>();
            for (int i = 0; i < 4 * POOL; i++) {
                warm.add(clients.submit(() -> RawHttp.get(edge.port(), "/held" + next.getAndIncrement()).status()));
            }
            for (Future<Integer> f : warm) {
                assertEquals(301, f.get(30, TimeUnit.SECONDS));
            }
            int held = proxy.open();
            assertTrue(held >= 2, "the misses opened several MySQL connections, " + held);

            proxy.mode(FaultProxy.Mode.HOLD_EXISTING);
            long holdNanos = System.nanoTime();
            ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>(); // {ms after the hold, status}
            long endNanos = holdNanos + TimeUnit.MILLISECONDS.toNanos(RECOVERY_BOUND_MS + STEADY_MS);
            List<Future<?>> load = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                load.add(clients.submit(() -> {
                    while (System.nanoTime() < endNanos && next.get() < LINKS) {
                        int status = RawHttp.get(edge.port(), "/held" + next.getAndIncrement()).status();
                        answers.add(new long[] {(System.nanoTime() - holdNanos) / 1_000_000, status});
                        Thread.sleep(PACE_MS); // a steady load that lasts the whole run without running out of links
                    }
                    return null;
                }));
            }
            for (Future<?> f : load) {
                f.get(60, TimeUnit.SECONDS);
            }

            long last503 = -1;
            long lastAnswer = 0;
            int unavailable = 0;
            int redirected = 0;
            for (long[] a : answers) {
                lastAnswer = Math.max(lastAnswer, a[0]);
                if (a[1] == 503) {
                    unavailable++;
                    last503 = Math.max(last503, a[0]);
                } else {
                    assertEquals(301, a[1], "a miss for a link MySQL has is 301 or 503, nothing else");
                    redirected++;
                }
            }
            System.out.printf("MySQL held (%d connections): %d x 503, the last %d ms after the hold; %d x 301; "
                    + "%d connections accepted by the proxy%n", held, unavailable, last503, redirected, proxy.accepted());
            assertTrue(last503 < RECOVERY_BOUND_MS, "503s went on " + last503 + " ms after the hold (" + unavailable
                    + " of " + answers.size() + ")");
            assertTrue(lastAnswer - Math.max(last503, 0) >= STEADY_MS,
                    "misses were answered 301 without a break afterwards (last 503 at " + last503 + " ms, last answer at "
                            + lastAnswer + " ms)");
            assertTrue(proxy.accepted() > held, "new MySQL connections replaced the held ones");
            edge.close().await();
        } finally {
            clients.shutdownNow();
            vertx.close().await();
        }
    }
}
