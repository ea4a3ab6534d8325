package io.cligs.edge.redirect;

import static io.cligs.edge.testing.EdgeFixtures.insertLink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryTable;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.testing.EdgeFixtures;
import io.cligs.edge.testing.RawHttp;
import io.cligs.edge.testing.RawHttp.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class RedirectIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static final String ODD_TARGET = "https://xn--bcher-kva.example/p%C3%A4th?q=%E2%80%A8&a='1'#frag";

    static Edge edge;
    static Edge untrusting;

    @BeforeAll
    static void deploy(Vertx vertx, VertxTestContext ctx) throws Exception {
        insertLink(DB, 1, "plain", "https://example.com/plain", "active");
        insertLink(DB, 2, "rc", "https://example.com/default", "active",
                "GB", "https://example.co.uk/", "SE", "https://example.se/", "DE", "https://example.de/");
        insertLink(DB, 3, "off", "https://example.com/off", "disabled");
        insertLink(DB, 4, "del", "https://example.com/del", "deleted");
        insertLink(DB, 5, "odd", ODD_TARGET, "active");
        insertLink(DB, 6, "popular", "https://example.com/popular", "active");
        insertLink(DB, 7, "Case", "https://example.com/upper", "active");
        EdgeFixtures.putInRedis(REDIS, new Link(99, Slug.parse("onlyinredis"), TargetUrl.of("https://example.com/from-redis"),
                LinkStatus.ACTIVE, Map.of(), 1));
        CountryTable countries = CountryTable.bundledTestDatabase();
        EdgeConfig trusting = EdgeFixtures.config(DB, REDIS, Map.of());
        EdgeConfig notTrusting = EdgeFixtures.config(DB, REDIS, Map.of(EdgeConfig.TRUSTED_PROXIES, "10.0.0.0/8"));
        Edge.deploy(vertx, trusting, countries)
                .compose(e -> {
                    edge = e;
                    return Edge.deploy(vertx, notTrusting, countries);
                })
                .onComplete(ctx.succeeding(e -> {
                    untrusting = e;
                    ctx.completeNow();
                }));
    }

    private static Reply get(String path, String... headers) throws Exception {
        return RawHttp.get(edge.port(), path, headers);
    }

    @Test
    void activeLinkAnswers301WithCacheControlLocationAndBody() throws Exception {
        Reply r = get("/plain");
        assertEquals(301, r.status());
        assertEquals("https://example.com/plain", r.header("Location"));
        assertEquals("private, max-age=90", r.header("Cache-Control"));
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertTrue(r.bodyText().contains("<a href=\"https://example.com/plain\">"), r.bodyText());
        assertEquals(Integer.toString(r.body().length), r.header("Content-Length"));
    }

    @Test
    void aMysqlHitIsWrittenBackToRedisAndThenServedFromCaffeine() throws Exception {
        EdgeMetrics m = edge.metrics();
        assertEquals(301, get("/Case").status());
        String stored = (String) REDIS.command("GET", new RedisKeys(REDIS.prefix()).link("Case"));
        assertEquals("https://example.com/upper", LinkCodec.decode(stored).target().value());
        long queries = m.mysqlQueries.sum();
        long gets = m.redisGets.sum();
        for (int i = 0; i < 5; i++) {
            assertEquals(301, get("/Case").status());
        }
        assertEquals(queries, m.mysqlQueries.sum());
        assertEquals(gets, m.redisGets.sum());
    }

    @Test
    void slugsAreCaseSensitive() throws Exception {
        assertEquals(404, get("/case").status());
        assertEquals(404, get("/CASE").status());
    }

    @Test
    void aLinkOnlyInRedisIsServedFromRedis() throws Exception {
        long queries = edge.metrics().mysqlQueries.sum();
        Reply r = get("/onlyinredis");
        assertEquals(301, r.status());
        assertEquals("https://example.com/from-redis", r.header("Location"));
        assertEquals(queries, edge.metrics().mysqlQueries.sum());
    }

    @Test
    void rightCligSendsEachCountryToItsTargetThroughATrustedProxy() throws Exception {
        assertRightClig(edge, "2.125.160.217", "https://example.co.uk/");
        assertRightClig(edge, "89.160.20.113", "https://example.se/");
        assertRightClig(edge, "2a02:d180::1", "https://example.de/");
        assertRightClig(edge, "192.0.2.1", "https://example.com/default");
        assertRightClig(edge, null, "https://example.com/default");
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        assertRightClig(untrusting, "2.125.160.217", "https://example.com/default");
        assertRightClig(untrusting, "89.160.20.113", "https://example.com/default");
    }

    private static void assertRightClig(Edge e, String forwardedFor, String expected) throws Exception {
        Reply r = forwardedFor == null ? RawHttp.get(e.port(), "/rc")
                : RawHttp.get(e.port(), "/rc", "X-Forwarded-For: " + forwardedFor);
        assertEquals(302, r.status(), "for " + forwardedFor);
        assertEquals(expected, r.header("Location"), "for " + forwardedFor);
        assertEquals("private, max-age=0", r.header("Cache-Control"));
    }

    @Test
    void disabledLinkAnswers410() throws Exception {
        assertProblem(get("/off"), 410, "https://cli.gs/problems/link-gone");
    }

    @Test
    void deletedLinkAnswers410() throws Exception {
        assertProblem(get("/del"), 410, "https://cli.gs/problems/link-gone");
    }

    @Test
    void unknownSlugAnswers404() throws Exception {
        assertProblem(get("/never-made"), 404, "https://cli.gs/problems/link-not-found");
    }

    private static void assertProblem(Reply r, int status, String type) {
        assertEquals(status, r.status());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertNull(r.header("Location"));
        JsonObject problem = new JsonObject(r.bodyText());
        assertEquals(type, problem.getString("type"));
        assertEquals(status, problem.getInteger("status"));
        assertTrue(problem.getString("title").length() > 0);
        assertTrue(problem.getString("detail").length() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/plain", "/rc", "/off", "/del", "/never-made-either"})
    void headAnswersAsGetWithoutABody(String path) throws Exception {
        Reply g = get(path);
        Reply h = RawHttp.exchange(edge.port(), "HEAD", path);
        assertEquals(g.status(), h.status());
        assertEquals(g.header("Location"), h.header("Location"));
        assertEquals(g.header("Cache-Control"), h.header("Cache-Control"));
        assertEquals(g.header("Content-Type"), h.header("Content-Type"));
        assertEquals(0, h.body().length, "HEAD must not carry a body: " + new String(h.raw(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void locationOnTheWireIsTheExactAsciiTarget() throws Exception {
        Reply r = get("/odd");
        assertEquals(301, r.status());
        String head = new String(r.raw(), 0, r.head().length(), StandardCharsets.ISO_8859_1);
        assertTrue(head.contains("\r\nlocation: " + ODD_TARGET + "\r\n"), head);
        for (int i = 0; i < r.head().length(); i++) {
            int b = r.raw()[i] & 0xff;
            assertTrue(b < 0x80 && (b >= 0x20 || b == '\r' || b == '\n'), "byte " + b + " at " + i);
        }
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndTheConnectionCloses() throws Exception {
        Reply r = RawHttp.send(edge.port(), "GET /plain HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /plain HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(400, r.status());
        assertEquals("close", r.header("Connection"));
        String all = new String(r.raw(), StandardCharsets.ISO_8859_1);
        assertEquals(all.indexOf("HTTP/1.1"), all.lastIndexOf("HTTP/1.1"), "the smuggled request was answered: " + all);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void otherMethodsAnswer405WithAllow(String method) throws Exception {
        Reply r = RawHttp.exchange(edge.port(), method, "/plain", "Content-Length: 0");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%20b", "/%2e%2e", "/api", "/-", "/a%2Fb", "/caf%C3%A9",
        "/x2345678901234567890123456789012345678901234567890123456789012345"})
    void aPathThatIsNoSlugIs404WithoutTouchingAnyTier(String path) throws Exception {
        EdgeMetrics m = edge.metrics();
        long lookups = m.caffeineHits.sum() + m.caffeineMisses.sum();
        long gets = m.redisGets.sum();
        assertEquals(404, get(path).status());
        assertEquals(lookups, m.caffeineHits.sum() + m.caffeineMisses.sum());
        assertEquals(gets, m.redisGets.sum());
    }

    @Test
    void aFloodOfOneUnknownSlugCostsAtMostOneRedisAndOneMysqlLookup() throws Exception {
        EdgeMetrics m = edge.metrics();
        long queries = m.mysqlQueries.sum();
        long gets = m.redisGets.sum();
        for (int i = 0; i < 200; i++) {
            assertEquals(404, get("/ghost-slug").status());
        }
        assertTrue(m.mysqlQueries.sum() - queries <= 1, "MySQL lookups: " + (m.mysqlQueries.sum() - queries));
        assertTrue(m.redisGets.sum() - gets <= 1, "Redis lookups: " + (m.redisGets.sum() - gets));
        assertTrue(m.negativeHits.sum() >= 199);
    }

    @Test
    void concurrentMissesForOneSlugMakeOneLookup() throws Exception {
        EdgeMetrics m = edge.metrics();
        long queries = m.mysqlQueries.sum();
        long gets = m.redisGets.sum();
        int n = 48;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(pool.submit(() -> {
                go.await();
                return get("/popular");
            }));
        }
        go.countDown();
        for (Future<Reply> r : replies) {
            assertEquals("https://example.com/popular", r.get(10, TimeUnit.SECONDS).header("Location"));
        }
        pool.shutdown();
        assertEquals(1, m.mysqlQueries.sum() - queries);
        assertEquals(1, m.redisGets.sum() - gets);
    }

    @Test
    void healthSaysWhatEachDependencyIsDoing() throws Exception {
        assertEquals(200, get("/-/health/live").status());
        Reply ready = get("/-/health/ready");
        assertEquals(200, ready.status());
        JsonObject checks = new JsonObject(ready.bodyText()).getJsonObject("checks");
        assertEquals("UP", checks.getJsonObject("mysql").getString("status"));
        assertEquals("UP", checks.getJsonObject("redis").getString("status"));
        assertEquals("UP", checks.getJsonObject("geoip").getString("status"));
        assertEquals("UP", checks.getJsonObject("invalidation").getString("status"));
    }

    @Test
    void metricsAreExposedInPrometheusText() throws Exception {
        get("/plain");
        Reply r = get("/-/metrics");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        assertTrue(r.bodyText().contains("# TYPE cligs_edge_requests_total counter"), r.bodyText());
        assertTrue(r.bodyText().contains("cligs_edge_cache_lookups_total{tier=\"caffeine\",result=\"hit\"}"));
    }

    @Test
    void aFiveThousandCharacterPathIs414ProblemJsonAndCounted() throws Exception {
        long counted = edge.metrics().requests(414);
        Reply r = get("/" + "a".repeat(5000));
        assertProblem(r, 414, "https://cli.gs/problems/uri-too-long");
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("close", r.header("Connection"));
        assertEquals(counted + 1, edge.metrics().requests(414));
        assertTrue(get("/-/metrics").bodyText().contains("cligs_edge_requests_total{status=\"414\"} " + (counted + 1) + "\n"));
    }

    @Test
    void headersLargerThanTheEdgeReadsAre431ProblemJson() throws Exception {
        Reply r = get("/plain", "X-Big: " + "b".repeat(9000));
        assertProblem(r, 431, "https://cli.gs/problems/headers-too-large");
        assertEquals(1, edge.metrics().requests(431));
    }
}
