package io.cligs.edge.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.edge.Edge;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slowloris (issue 8): 2,000 connections each sending one byte of a request head per second. The
 * descriptor limit that locked normal clients out is played by {@code CLIG_EDGE_MAX_CONNECTIONS}, set
 * below the number of slow connections; the head deadline closes the slow ones, and a normal client
 * keeps being answered. Loopback only; every loop is bounded and the test ends in seconds.
 */
@ExtendWith(VertxExtension.class)
class SlowClientsIT {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static final int SLOW = 2_000;
    static final byte[] HEAD = ("GET /plain HTTP/1.1\r\nHost: x\r\nX-Slow: " + "s".repeat(100)).getBytes(StandardCharsets.ISO_8859_1);

    static String closedMysql;

    @BeforeAll
    static void links() throws Exception {
        long descriptors = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        assumeTrue(descriptors > 2 * SLOW + 1_000, "needs ulimit -n above " + (2 * SLOW + 1_000) + ", have " + descriptors);
        EdgeFixtures.putInRedis(REDIS, new Link(1, Slug.parse("plain"), TargetUrl.of("https://example.com/plain"),
                LinkStatus.ACTIVE, Map.of(), 1));
        closedMysql = "mysql://root@127.0.0.1:" + EdgeFixtures.freePort() + "/cligs";
    }

    /** An edge whose cache already holds the link, so answers take no Redis round trip. */
    private static Edge deploy(Vertx vertx, Map<String, String> vars) throws Exception {
        Edge edge = Edge.deploy(vertx, EdgeFixtures.config(closedMysql, REDIS.url(), REDIS.prefix(), vars),
                CountryTable.bundledTestDatabase()).await();
        assertEquals(301, RawHttp.get(edge.port(), "/plain").status());
        return edge;
    }

    @Test
    void beyondTheConnectionCapSlowHeadsAreClosedAndANormalClientIsAnsweredWithinTheDeadline(Vertx vertx) throws Exception {
        Edge edge = deploy(vertx, Map.of("CLIG_EDGE_MAX_CONNECTIONS", "1000", "CLIG_EDGE_HEAD_TIMEOUT_MS", "2000"));
        Outcome o = attack(edge);
        assertEquals(SLOW, o.closedSlow, "slow connections closed by the edge");
        assertTrue(o.firstAnswerMs >= 0 && o.firstAnswerMs < 2_000 * 1.2 + 1_000 + 1_500,
                "a normal client was first answered after " + o.firstAnswerMs + " ms");
        assertTrue(o.answered >= 3, "normal answers: " + o.answered);
        // the normal client's own connections may be refused at the cap too
        assertTrue(edge.metrics().connectionsRefused.sum() + edge.metrics().headTimeouts.sum() >= SLOW);
        assertTrue(edge.metrics().connectionsRefused.sum() >= SLOW - 1_000);
        assertTrue(EdgeFixtures.await(java.time.Duration.ofSeconds(2), () -> edge.metrics().render()
                .contains("cligs_edge_connections_open 0\n")), edge.metrics().render());
        edge.close().await();
    }

    @Test
    void belowTheCapANormalClientIsAnsweredWhileSlowHeadsAreHeld(Vertx vertx) throws Exception {
        Edge edge = deploy(vertx, Map.of("CLIG_EDGE_HEAD_TIMEOUT_MS", "5000"));
        Outcome o = attack(edge);
        assertEquals(SLOW, o.closedSlow);
        assertTrue(o.firstAnswerMs >= 0, "no normal answer");
        assertEquals(0, o.timedOutAtFirstAnswer, "slow connections closed before the first normal answer, after "
                + o.firstAnswerMs + " ms");
        assertEquals(SLOW, edge.metrics().headTimeouts.sum());
        assertEquals(0, edge.metrics().connectionsRefused.sum());
        edge.close().await();
    }

    /** @param timedOutAtFirstAnswer slow heads the edge had closed when the normal client was first answered */
    record Outcome(int closedSlow, long firstAnswerMs, int answered, long timedOutAtFirstAnswer) {
    }

    /**
     * Opens {@link #SLOW} connections, then sends each a byte a second while a normal client asks every
     * 200 ms; the client's times count from its start, when every slow connection is open.
     */
    private static Outcome attack(Edge edge) throws Exception {
        int port = edge.port();
        List<SocketChannel> slow = new ArrayList<>();
        CompletableFuture<long[]> normal;
        try {
            for (int i = 0; i < SLOW; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.configureBlocking(false);
                slow.add(ch);
            }
            normal = CompletableFuture.supplyAsync(() -> normalClient(port, edge.metrics().headTimeouts::sum));
            int closed = 0;
            ByteBuffer in = ByteBuffer.allocate(256);
            boolean[] gone = new boolean[SLOW];
            // one byte a second, for at most 12 seconds
            for (int second = 0; second < 12 && closed < SLOW; second++) {
                for (int i = 0; i < SLOW; i++) {
                    if (gone[i]) {
                        continue;
                    }
                    SocketChannel ch = slow.get(i);
                    try {
                        in.clear();
                        if (ch.read(in) < 0) {
                            gone[i] = true;
                        } else {
                            ch.write(ByteBuffer.wrap(HEAD, second, 1));
                        }
                    } catch (IOException e) {
                        gone[i] = true;
                    }
                    if (gone[i]) {
                        closed++;
                    }
                }
                Thread.sleep(1000);
            }
            long[] n = normal.get(20, TimeUnit.SECONDS);
            return new Outcome(closed, n[0], (int) n[1], n[2]);
        } finally {
            for (SocketChannel ch : slow) {
                ch.close();
            }
        }
    }

    /** Asks every 200 ms for 6 s; returns {ms to the first 301 or -1, number of 301s, timeouts at the first}. */
    private static long[] normalClient(int port, LongSupplier timedOut) {
        long start = System.nanoTime();
        long first = -1;
        long answered = 0;
        long timedOutAtFirst = -1;
        for (int i = 0; i < 30; i++) {
            try {
                if (RawHttp.get(port, "/plain").status() == 301) {
                    answered++;
                    if (first < 0) {
                        first = (System.nanoTime() - start) / 1_000_000;
                        timedOutAtFirst = timedOut.getAsLong();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // refused at the cap: closed at once
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new long[] {first, answered, timedOutAtFirst};
    }
}
