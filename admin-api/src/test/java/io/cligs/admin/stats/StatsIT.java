package io.cligs.admin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cligs.admin.aggregate.AgentClassifier;
import io.cligs.admin.aggregate.ClickEvents;
import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.admin.testing.ProblemAssert;
import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Known events written to the click stream, rolled up by the admin API's own aggregator, and read back
 * through the stats API: every breakdown, bots left out by default, ownership, ranges, orphans.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS, Map.of(EnvVar.CLIG_AGGREGATOR_BLOCK_MS.name(), "200"));

    private static final String RANGE = "?from=2026-11-30&to=2026-12-01";
    private static Vertx vertx;
    private static ClickEvents events;
    private static String alice;
    private static String bob;
    private static String admin;
    private static long linkId;

    @BeforeAll
    static void clicks() throws Exception {
        alice = API.newKey(API.signUpAndLogIn("alice"), "alice's app");
        bob = API.newKey(API.signUpAndLogIn("bob"), "bob's app");
        admin = API.newKey(API.signUpAndLogIn("carol"), "ops");
        DB.execute("UPDATE accounts SET role = 'admin' WHERE username = 'carol'");
        API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/a").put("slug", "counted"));
        try (Connection c = DB.connect()) {
            linkId = ClickEvents.number(c, "SELECT id FROM cligs WHERE slug = 'counted'");
        }
        vertx = Vertx.vertx();
        events = new ClickEvents(vertx, REDIS.url(), REDIS.prefix());
        List<StreamEvent> known = new ArrayList<>();
        // 30 Nov: 3 clicks by 2 visitors on Chrome/Windows from the US via news.example
        known.add(events.click(linkId, "2026-11-30T10:00:00Z", 1, "US", "news.example", ClickEvents.CHROME));
        known.add(events.click(linkId, "2026-11-30T11:00:00Z", 1, "US", "news.example", ClickEvents.CHROME));
        known.add(events.click(linkId, "2026-11-30T23:59:59Z", 2, "US", "news.example", ClickEvents.CHROME));
        // 1 Dec: 2 clicks by one iPhone visitor from Germany without a referrer, and one from nowhere known
        ClickRecord twice = events.click(linkId, "2026-12-01T00:00:00Z", 3, "DE", null, ClickEvents.IPHONE);
        known.add(twice);
        known.add(events.click(linkId, "2026-12-01T08:00:00Z", 3, "DE", null, ClickEvents.IPHONE));
        known.add(events.click(linkId, "2026-12-01T09:00:00Z", 4, null, "news.example", ClickEvents.CHROME));
        known.add(twice); // the edge delivered it again: counted once
        // bots: a link preview and a crawler
        known.add(events.click(linkId, "2026-12-01T09:00:00Z", 5, "US", null, ClickEvents.SLACK));
        known.add(events.click(linkId, "2026-12-01T09:01:00Z", 6, "US", null, ClickEvents.GOOGLEBOT));
        // a click outside the range
        known.add(events.click(linkId, "2026-12-02T09:01:00Z", 6, "US", null, ClickEvents.CHROME));
        known.add(events.orphan("nope", "2026-12-01T01:00:00Z"));
        known.add(events.orphan("nope", "2026-12-01T02:00:00Z"));
        known.add(events.orphan("nope", "2026-11-30T02:00:00Z"));
        known.add(events.orphan("gone", "2026-12-01T03:00:00Z"));
        events.append(known);
        // the process's user agent analyzer takes seconds to build (ADR 0015): not part of the wait below
        AgentClassifier.analyzer().get(120, TimeUnit.SECONDS);
        ClickEvents.await("the bots rolled up", Duration.ofSeconds(30), () -> stats(alice, RANGE + "&include_bots=true")
                .json().getLong("total") == 8);
    }

    @AfterAll
    static void close() {
        events.close();
        vertx.close().await();
    }

    private static Answer stats(String key, String query) {
        return API.get("/api/v3/cligs/counted/stats" + query, key);
    }

    @Test
    void eachBreakdownCountsTheKnownEventsWithoutBots() {
        Answer a = stats(alice, RANGE);
        assertEquals(200, a.status(), a::toString);
        JsonObject s = a.json();
        assertEquals(6, s.getLong("total"));
        assertEquals(4, s.getLong("uniques"), "2 on 30 Nov, 2 on 1 Dec");
        assertEquals(new JsonArray().add(day("2026-11-30", 3, 2)).add(day("2026-12-01", 3, 2)), s.getJsonArray("series"));
        assertEquals(counts("US", 3, "DE", 2, "unknown", 1), s.getJsonArray("countries"));
        assertEquals(counts("news.example", 4, "direct", 2), s.getJsonArray("referrers"));
        assertEquals(counts("Chrome", 4, "Safari", 2), s.getJsonArray("browsers"));
        assertEquals(counts("Windows", 4, "iOS", 2), s.getJsonArray("oses"));
        assertEquals(counts("desktop", 4, "mobile", 2), s.getJsonArray("devices"));
    }

    @Test
    void botsIncludingALinkPreviewCountOnlyWhenAskedFor() {
        JsonObject s = stats(alice, RANGE + "&include_bots=true").json();
        assertEquals(8, s.getLong("total"));
        assertEquals(counts("desktop", 4, "bot", 2, "mobile", 2), s.getJsonArray("devices"));
        assertEquals(6, stats(alice, RANGE + "&include_bots=false").json().getLong("total"));
    }

    @Test
    void anotherAccountsLinkIsNotFoundButAnAdminSeesIt() {
        ProblemAssert.assertProblem(stats(bob, RANGE), 404, "not-found", null);
        assertEquals(6, stats(admin, RANGE).json().getLong("total"));
        ProblemAssert.assertProblem(API.get("/api/v3/cligs/nosuch/stats", alice), 404, "not-found", null);
    }

    @Test
    void badReversedOrTooLongRangesAreProblems() {
        ProblemAssert.assertProblem(stats(alice, "?from=2026-12-01&to=2026-11-30"), 400, "invalid-request", "from");
        ProblemAssert.assertProblem(stats(alice, "?from=2025-01-01&to=2026-12-01"), 400, "invalid-request", "to");
        ProblemAssert.assertProblem(stats(alice, "?from=yesterday"), 400, "invalid-request", "from");
        ProblemAssert.assertProblem(stats(alice, "?include_bots=maybe"), 400, "invalid-request", "include_bots");
        assertEquals(400, stats(alice, "?from=2025-10-28&to=2026-12-01").json().getJsonArray("series").size());
    }

    @Test
    void orphanHitsAreCountedForAdminsOnly() throws Exception {
        String path = "/api/v3/stats/orphans" + RANGE;
        ClickEvents.await("orphans rolled up", Duration.ofSeconds(30), () -> API.get(path, admin).json()
                .getJsonArray("items").size() == 2);
        assertEquals(new JsonArray().add(new JsonObject().put("slug", "nope").put("hits", 3))
                .add(new JsonObject().put("slug", "gone").put("hits", 1)), API.get(path, admin).json().getJsonArray("items"));
        ProblemAssert.assertProblem(API.get(path, alice), 404, "not-found", null);
    }

    @Test
    void theStreamIsTrimmedOnceApplied() throws Exception {
        ClickEvents.await("the stream emptied", Duration.ofSeconds(30), () -> events.length() == 0);
    }

    private static JsonObject day(String day, long clicks, long uniques) {
        return new JsonObject().put("day", day).put("clicks", clicks).put("uniques", uniques);
    }

    private static JsonArray counts(Object... keyAndClicks) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < keyAndClicks.length; i += 2) {
            out.add(new JsonObject().put("key", keyAndClicks[i]).put("clicks", ((Integer) keyAndClicks[i + 1]).longValue()));
        }
        return out;
    }
}
