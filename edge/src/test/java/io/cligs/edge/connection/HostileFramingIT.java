package io.cligs.edge.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.edge.Edge;
import io.cligs.edge.metrics.ThrottledLog;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.edge.testing.RawHttp.Reply;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request framing an attacker or a confused proxy sends (issue 8), each answered on a raw socket: obs-fold
 * in any header, two {@code Host} headers, cleartext HTTP/2 by upgrade and by prior knowledge, and
 * connections that idle or never finish their request head.
 */
@ExtendWith(VertxExtension.class)
class HostileFramingIT {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static final String PLAIN = "GET /plain HTTP/1.1\r\nHost: x\r\n\r\n";

    static Edge edge;
    static Edge h2cEdge;

    @BeforeAll
    static void deploy(Vertx vertx, VertxTestContext ctx) throws Exception {
        EdgeFixtures.putInRedis(REDIS, new Link(1, Slug.parse("plain"), TargetUrl.of("https://example.com/plain"),
                LinkStatus.ACTIVE, Map.of(), 1));
        String closed = "mysql://root@127.0.0.1:" + EdgeFixtures.freePort() + "/cligs";
        CountryTable countries = CountryTable.bundledTestDatabase();
        Edge.deploy(vertx, EdgeFixtures.config(closed, REDIS.url(), REDIS.prefix(), Map.of(
                                "CLIG_EDGE_IDLE_TIMEOUT_MS", "1500", "CLIG_EDGE_HEAD_TIMEOUT_MS", "1000")), countries)
                .compose(e -> {
                    edge = e;
                    return Edge.deploy(vertx, EdgeFixtures.config(closed, REDIS.url(), REDIS.prefix(),
                            Map.of("CLIG_EDGE_H2C", "true", "CLIG_EDGE_HEAD_TIMEOUT_MS", "1000")), countries);
                })
                .onComplete(ctx.succeeding(e -> {
                    h2cEdge = e;
                    ctx.completeNow();
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /plain HTTP/1.1\r\nHost: x\r\nX-a: b\r\n Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        "GET /plain HTTP/1.1\r\nHost: x\r\nX-a: b\r\n\tfolded\r\n\r\n",
        "GET /plain HTTP/1.1\r\nX-a: b\r\n folded\r\nHost: x\r\n\r\n",
        "GET /plain HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET /plain HTTP/1.1\r\n X-a: b\r\nHost: x\r\n\r\n",
        "GET /plain HTTP/1.1\nHost: x\nX-a: b\n folded\n\n"})
    void obsFoldInAnyHeaderIs400AndTheConnectionCloses(String request) throws Exception {
        long folds = edge.metrics().obsFolds.sum();
        assertRefused(RawHttp.send(edge.port(), request + PLAIN));
        assertEquals(folds + 1, edge.metrics().obsFolds.sum());
    }

    @Test
    void aFoldSplitAcrossTwoWritesIsSeen() throws Exception {
        try (Socket s = new Socket("127.0.0.1", edge.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(ascii("GET /plain HTTP/1.1\r\nHost: x\r\nX-a: b\r\n"));
            out.flush();
            Thread.sleep(100);
            out.write(ascii(" Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + PLAIN));
            out.flush();
            String all = readUntilClosed(s.getInputStream());
            assertTrue(all.startsWith("HTTP/1.1 400 "), all);
            assertEquals(all.indexOf("HTTP/1.1"), all.lastIndexOf("HTTP/1.1"), "the smuggled request was answered: " + all);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: x\r\nHost: x", "Host: x\r\nhost: y", "HOST: x\r\nX-a: b\r\nhOsT: y"})
    void twoHostHeadersAre400AndTheConnectionCloses(String hosts) throws Exception {
        long counted = edge.metrics().twoHosts.sum();
        assertRefused(RawHttp.send(edge.port(), "GET /plain HTTP/1.1\r\n" + hosts + "\r\n\r\n" + PLAIN));
        assertEquals(counted + 1, edge.metrics().twoHosts.sum());
    }

    @Test
    void oneHostPerRequestOnAKeptConnectionIsFine() throws Exception {
        Reply r = RawHttp.send(edge.port(), PLAIN + PLAIN + "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String all = new String(r.raw(), StandardCharsets.ISO_8859_1);
        assertEquals(3, all.split("HTTP/1.1 301 ", -1).length - 1, all);
    }

    @Test
    void requestsWithoutHostAre400AndLoggedOncePerInterval() throws Exception {
        ThrottledLog log = edge.metrics().requestLog;
        long suppressed = log.suppressed(ThrottledLog.Kind.HOST_MISSING);
        long answered = edge.metrics().requests(400);
        long start = System.nanoTime();
        int n = 200;
        for (int i = 0; i < n; i++) {
            Reply r = RawHttp.send(edge.port(), "GET " + (i % 2 == 0 ? "/plain" : "/-/health/live") + " HTTP/1.1\r\n\r\n");
            assertEquals(400, r.status());
            assertEquals("https://cli.gs/problems/bad-request", new JsonObject(r.bodyText()).getString("type"));
            assertEquals("close", r.header("Connection"));
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(answered + n, edge.metrics().requests(400));
        long logged = n - (log.suppressed(ThrottledLog.Kind.HOST_MISSING) - suppressed);
        assertTrue(logged <= 1 + seconds / 10 + 1, logged + " lines logged for " + n + " requests in " + seconds + " s");
    }

    @Test
    void upgradeToH2cIsIgnored() throws Exception {
        Reply r = RawHttp.send(edge.port(), "GET /plain HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertEquals(301, r.status());
        assertNull(r.header("Upgrade"));
    }

    @Test
    void anHttp2PrefaceGetsNoSettingsAnswerAndTheConnectionCloses() throws Exception {
        // read as an HTTP/1 request of version 2.0, which Vert.x answers 501 and closes; an HTTP/2 server
        // would answer with a SETTINGS frame (binary, no status line)
        String all = exchangePreface(edge.port());
        assertTrue(all.startsWith("HTTP/2.0 501 "), all);
    }

    @Test
    void withH2cOnAnHttp2PrefaceIsAnsweredWithSettings() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h2cEdge.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            byte[] frame = s.getInputStream().readNBytes(9);
            assertEquals(4, frame[3], "frame type SETTINGS");
        }
    }

    @Test
    void withH2cOnTheUpgradeIsAnswered101() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h2cEdge.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ascii("GET /plain HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"));
            byte[] head = new byte[12];
            int n = s.getInputStream().readNBytes(head, 0, head.length);
            assertEquals("HTTP/1.1 101", new String(head, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void withH2cOnAnUpgradedConnectionOutlivesTheHeadDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h2cEdge.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(ascii("GET /plain HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"));
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                head += (char) in.read();
            }
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            out.write(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            Thread.sleep(2500);
            // PING (type 6) on stream 0; the answer is a PING with the ACK flag
            out.write(new byte[] {0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
            boolean acked = false;
            for (int frames = 0; frames < 20 && !acked; frames++) {
                byte[] header = in.readNBytes(9);
                assertEquals(9, header.length, "the upgraded connection was closed");
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
                in.readNBytes(length);
                acked = header[3] == 6 && (header[4] & 1) == 1;
            }
            assertTrue(acked, "no PING ACK");
        }
    }

    @Test
    void anIdleConnectionIsClosedAndCounted() throws Exception {
        long idle = edge.metrics().idleTimeouts.sum();
        try (Socket s = new Socket("127.0.0.1", edge.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(ascii(PLAIN));
            long start = System.nanoTime();
            String all = readUntilClosed(s.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(all.startsWith("HTTP/1.1 301 "), all);
            assertTrue(ms >= 1000 && ms < 5000, "closed after " + ms + " ms, idle timeout 1500 ms");
        }
        assertTrue(EdgeFixtures.await(java.time.Duration.ofSeconds(2), () -> edge.metrics().idleTimeouts.sum() > idle));
    }

    @Test
    void aHeadDribbledByteByByteIsClosedAtTheHeadDeadline() throws Exception {
        long late = edge.metrics().headTimeouts.sum();
        try (Socket s = new Socket("127.0.0.1", edge.port())) {
            s.setSoTimeout(200);
            byte[] slow = ascii("GET /plain HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200));
            long start = System.nanoTime();
            boolean closed = false;
            // one byte every 100 ms: the idle timeout (1,500 ms) never fires
            for (int i = 0; i < slow.length && !closed; i++) {
                try {
                    s.getOutputStream().write(slow[i]);
                    closed = s.getInputStream().read() < 0;
                } catch (SocketTimeoutException e) {
                    // nothing to read yet
                } catch (java.io.IOException e) {
                    closed = true;
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed, "the dribbling connection stayed open");
            assertTrue(ms >= 900 && ms < 3000, "closed after " + ms + " ms, head deadline 1000 ms");
        }
        assertEquals(late + 1, edge.metrics().headTimeouts.sum());
    }

    private static void assertRefused(Reply r) {
        assertEquals(400, r.status(), r.head());
        assertEquals("close", r.header("Connection"));
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals("https://cli.gs/problems/bad-request", new JsonObject(r.bodyText()).getString("type"));
        String all = new String(r.raw(), StandardCharsets.ISO_8859_1);
        assertEquals(all.indexOf("HTTP/1.1"), all.lastIndexOf("HTTP/1.1"), "a request after it was answered: " + all);
        assertFalse(all.contains("location:"), all);
    }

    /** The HTTP/2 connection preface and an empty SETTINGS frame (RFC 9113 §3.4). */
    static String exchangePreface(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            s.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
            return readUntilClosed(s.getInputStream());
        }
    }

    static String readUntilClosed(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
