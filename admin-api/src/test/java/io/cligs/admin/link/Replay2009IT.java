package io.cligs.admin.link;

import static io.cligs.admin.testing.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.admin.testing.RunningEdge;
import io.cligs.core.testing.TestDatabase;
import io.cligs.loader.Main;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * June 2009, replayed: account A's key tries to rewrite account B's links (every call 404, nothing
 * changes); then A's own links are hijacked through A's key, and {@code loader rollback} puts every one
 * back, seen at a running edge. A few hundred links here; {@code -Dcligs.replay.links=5000} replays the
 * issue's full size (docs/PERFORMANCE.md has the command and its timings).
 */
class Replay2009IT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS);

    private static final int A_LINKS = Integer.getInteger("cligs.replay.links", 300);
    /** Items per batch call: well under the 64 KiB body limit. */
    private static final int BATCH = 500;
    private static final int B_LINKS = 30;

    @Test
    void anAttackerCannotTouchOtherAccountsAndHijackedLinksAreRolledBack() throws Exception {
        String a = API.newKey(API.signUpAndLogIn("account-a"), "a");
        String b = API.newKey(API.signUpAndLogIn("account-b"), "b");
        long aId = API.get("/api/v3/accounts/me", a).json().getLong("id");
        Map<String, String> aLinks = create(a, "a", A_LINKS);
        Map<String, String> bLinks = create(b, "b", B_LINKS);

        for (String slug : bLinks.keySet()) {
            assertProblem(API.call("PATCH", "/api/v3/cligs/" + slug, a, new JsonObject().put("target", "https://evil.example/").encode()),
                    404, "not-found", null);
            assertProblem(API.call("PUT", "/api/v3/cligs/" + slug + "/rules/US", a,
                    new JsonObject().put("target", "https://evil.example/").encode()), 404, "not-found", null);
            assertProblem(API.call("DELETE", "/api/v3/cligs/" + slug, a, null), 404, "not-found", null);
        }
        assertEquals(bLinks, targets("account-b"), "B's links are untouched");
        assertEquals(0, count("SELECT COUNT(*) FROM link_history WHERE change_kind <> 'create'"), "and no change was recorded");

        Instant before = API.clock().instant().truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
        API.clock().advance(Duration.ofMillis(5));
        try (RunningEdge edge = RunningEdge.start(API.env())) {
            String first = aLinks.keySet().iterator().next();
            assertEquals("301 " + aLinks.get(first), edge.visit(first), "cached at the edge before the attack");
            long hijackStart = System.nanoTime();
            for (String slug : aLinks.keySet()) {
                Answer hijacked = API.call("PATCH", "/api/v3/cligs/" + slug, a, new JsonObject().put("target", "https://evil.example/" + slug)
                        .put("title", "pwned").encode());
                assertEquals(200, hijacked.status(), hijacked::toString);
            }
            System.out.printf("hijack of %d links, one PATCH at a time: %.1f s%n", A_LINKS, (System.nanoTime() - hijackStart) / 1e9);
            String late = API.post("/api/v3/cligs", a, new JsonObject().put("target", "https://evil.example/new")).json().getString("slug");
            assertTrue(RunningEdge.within(Duration.ofSeconds(1), () -> edge.visit(first).equals("301 https://evil.example/" + first)));

            String dry = rollback("--since", before.toString(), "--account", Long.toString(aId), "--dry-run");
            assertTrue(dry.contains((A_LINKS + 1) + " would be restored"), dry);
            assertEquals("https://evil.example/" + first, targets("account-a").get(first), "a dry run changes nothing");

            long started = System.nanoTime();
            String out = rollback("--since", before.toString(), "--account", Long.toString(aId));
            System.out.printf("rollback of %d links: %.1f s%n", A_LINKS + 1, (System.nanoTime() - started) / 1e9);
            assertTrue(out.contains((A_LINKS + 1) + " restored"), out);
            assertEquals(aLinks, targets("account-a"), "every hijacked link is back (the late one is deleted)");
            assertEquals(bLinks, targets("account-b"));
            assertTrue(RunningEdge.within(Duration.ofSeconds(1), () -> edge.visit(first).equals("301 " + aLinks.get(first))),
                    "the edge answers the restored target within 1 s: " + edge.visit(first));
            for (Map.Entry<String, String> e : aLinks.entrySet()) {
                assertEquals("301 " + e.getValue(), edge.visit(e.getKey()), "at the edge: " + e.getKey());
            }
            assertEquals("410 -", edge.visit(late), "created after the time: deleted");
            assertTrue(title(first).startsWith("a"), "the title is back too: " + title(first));

            String again = rollback("--since", before.toString(), "--account", Long.toString(aId));
            assertTrue(again.contains("0 restored"), again);
        }
    }

    private static Map<String, String> create(String key, String tag, int n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < n; from += BATCH) {
            JsonArray items = new JsonArray();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                items.add(new JsonObject().put("target", "https://example.com/" + tag + "/" + i).put("title", tag + i));
            }
            Answer batch = API.post("/api/v3/cligs/batch", key, new JsonObject().put("cligs", items));
            assertEquals(200, batch.status(), batch::toString);
            for (Object o : batch.json().getJsonArray("results")) {
                JsonObject clig = ((JsonObject) o).getJsonObject("clig");
                out.put(clig.getString("slug"), clig.getString("target"));
            }
        }
        assertEquals(n, out.size());
        return out;
    }

    private static String rollback(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("rollback"));
        all.addAll(List.of(args));
        int code = Main.run(all.toArray(String[]::new), API.env(), new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "\n" + err);
        return out.toString();
    }

    /** slug → target of the account's cligs that are not deleted. */
    private static Map<String, String> targets(String username) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT c.slug, c.target FROM cligs c JOIN accounts a ON a.id = c.account_id "
                     + "WHERE a.username = '" + username + "' AND c.status <> 'deleted' ORDER BY c.id")) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }

    private static String title(String slug) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT title FROM cligs WHERE slug = '" + slug + "'")) {
            r.next();
            return r.getString(1);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
