package io.cligs.admin.link;

import static io.cligs.admin.testing.ProblemAssert.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.cligs.loader.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every clig call of the contract on its success path, each bad input with its status and type, and ownership. */
class CligsIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS);

    private static final Pattern BASE62 = Pattern.compile("[0-9A-Za-z]{7}");

    private static String alice;
    private static String bob;

    @BeforeAll
    static void accounts() {
        alice = API.newKey(API.signUpAndLogIn("alice"), "alice's app");
        bob = API.newKey(API.signUpAndLogIn("bob"), "bob's app");
    }

    @Test
    void aCligLivesThroughEveryCall() {
        Answer created = API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/a")
                .put("title", " A title ").put("rules", new JsonObject().put("uk", "https://example.co.uk/a")));
        assertEquals(201, created.status(), created::toString);
        JsonObject clig = created.json();
        String slug = clig.getString("slug");
        assertTrue(BASE62.matcher(slug).matches(), slug);
        assertEquals("http://127.0.0.1:8080/" + slug, clig.getString("short_url"));
        assertEquals("https://example.com/a", clig.getString("target"));
        assertEquals("A title", clig.getString("title"));
        assertEquals("active", clig.getString("status"));
        assertEquals(new JsonObject().put("GB", "https://example.co.uk/a"), clig.getJsonObject("rules"), "UK means GB");
        assertTrue(clig.containsKey("expires_at"));
        assertNotNull(clig.getString("created_at"));
        assertNotNull(clig.getString("updated_at"));

        assertEquals(clig.getString("target"), API.get("/api/v3/cligs/" + slug, alice).json().getString("target"));

        Answer patched = API.call("PATCH", "/api/v3/cligs/" + slug, alice, new JsonObject().put("target", "https://example.com/b")
                .put("status", "disabled").put("title", "").encode());
        assertEquals(200, patched.status(), patched::toString);
        assertEquals("https://example.com/b", patched.json().getString("target"));
        assertEquals("disabled", patched.json().getString("status"));
        assertNull(patched.json().getString("title"));

        Answer ruled = API.call("PUT", "/api/v3/cligs/" + slug + "/rules/fr", alice, new JsonObject().put("target", "https://example.fr/").encode());
        assertEquals(200, ruled.status(), ruled::toString);
        assertEquals("https://example.fr/", ruled.json().getJsonObject("rules").getString("FR"));
        Answer unruled = API.call("DELETE", "/api/v3/cligs/" + slug + "/rules/GB", alice, null);
        assertEquals(200, unruled.status(), unruled::toString);
        assertEquals(new JsonObject().put("FR", "https://example.fr/"), unruled.json().getJsonObject("rules"));

        Answer history = API.get("/api/v3/cligs/" + slug + "/history", alice);
        assertEquals(200, history.status(), history::toString);
        JsonArray items = history.json().getJsonArray("items");
        assertEquals(4, items.size(), history::toString);
        assertEquals("create", items.getJsonObject(3).getString("change"), "newest first");
        assertNull(items.getJsonObject(3).getValue("before"));
        JsonObject edit = items.getJsonObject(2);
        assertEquals("https://example.com/a", edit.getJsonObject("before").getString("target"));
        assertEquals("https://example.com/b", edit.getJsonObject("after").getString("target"));
        assertTrue(edit.getString("actor").contains(" key:"), edit::toString);
        assertNotNull(edit.getString("at"));

        assertEquals(204, API.call("DELETE", "/api/v3/cligs/" + slug, alice, null).status());
        assertProblem(API.get("/api/v3/cligs/" + slug, alice), 404, "not-found", null);
        assertEquals("delete", API.get("/api/v3/cligs/" + slug + "/history", alice).json().getJsonArray("items").getJsonObject(0)
                .getString("change"), "the history stays, with the deletion");
    }

    @Test
    void anExpiryIsKeptChangedAndCleared() {
        String in = API.clock().instant().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Answer created = API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/exp").put("expires_at", in));
        assertEquals(201, created.status(), created::toString);
        assertEquals(in, created.json().getString("expires_at"));
        String slug = created.json().getString("slug");
        assertEquals(in, API.get("/api/v3/cligs/" + slug, alice).json().getString("expires_at"));
        String later = API.clock().instant().plusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        assertEquals(later, API.call("PATCH", "/api/v3/cligs/" + slug, alice, new JsonObject().put("expires_at", later).encode())
                .json().getString("expires_at"));
        Answer cleared = API.call("PATCH", "/api/v3/cligs/" + slug, alice, new JsonObject().putNull("expires_at").encode());
        assertEquals(200, cleared.status(), cleared::toString);
        assertNull(cleared.json().getValue("expires_at"));
        String past = API.clock().instant().minusSeconds(1).toString();
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/").put("expires_at", past)),
                400, "invalid-request", "expires_at");
        assertProblem(API.call("PATCH", "/api/v3/cligs/" + slug, alice, new JsonObject().put("expires_at", "tomorrow").encode()),
                400, "invalid-request", "expires_at");
    }

    @Test
    void aCustomSlugIsKeptCaseSensitiveAndOnlyOnce() {
        Answer lower = API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/").put("slug", "my-Link_1.0"));
        assertEquals(201, lower.status(), lower::toString);
        assertEquals("my-Link_1.0", lower.json().getString("slug"));
        assertEquals(201, API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/").put("slug", "MY-Link_1.0")).status());
        assertProblem(API.post("/api/v3/cligs", bob, new JsonObject().put("target", "https://example.com/").put("slug", "my-Link_1.0")),
                409, "conflict", "slug");
    }

    @Test
    void badInputsAre400WithTheirField() {
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "javascript:alert(1)")), 400, "invalid-target", "target");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/").put("slug", "api")),
                400, "invalid-slug", "slug");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/").put("slug", "a/b")),
                400, "invalid-slug", "slug");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/")
                .put("rules", new JsonObject().put("EU", "https://example.eu/"))), 400, "invalid-country", "rules.EU");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/")
                .put("rules", new JsonObject().put("FR", "data:text/html,x"))), 400, "invalid-target", "rules.FR");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("slug", "x")), 400, "invalid-request", "target");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", 5)), 400, "invalid-request", "target");
        assertProblem(API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://e.com/").put("owner", 1)),
                400, "invalid-request", "owner");
        String slug = API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/r")).json().getString("slug");
        assertProblem(API.call("PUT", "/api/v3/cligs/" + slug + "/rules/A1", alice, new JsonObject().put("target", "https://e.com/").encode()),
                400, "invalid-country", "cc");
        assertProblem(API.call("PATCH", "/api/v3/cligs/" + slug, alice, new JsonObject().put("status", "deleted").encode()),
                400, "invalid-request", "status");
        assertProblem(API.call("PATCH", "/api/v3/cligs/" + slug, alice, new JsonObject().put("target", "//evil.example").encode()),
                400, "invalid-target", "target");
        assertProblem(API.get("/api/v3/cligs?limit=0", alice), 400, "invalid-request", "limit");
        assertProblem(API.get("/api/v3/cligs?cursor=zz", alice), 400, "invalid-request", "cursor");
    }

    @Test
    void anotherAccountsCligIs404OnEveryCallAndUnchanged() {
        String slug = API.post("/api/v3/cligs", alice, new JsonObject().put("target", "https://example.com/mine")
                .put("rules", new JsonObject().put("DE", "https://example.de/"))).json().getString("slug");
        assertProblem(API.get("/api/v3/cligs/" + slug, bob), 404, "not-found", null);
        assertProblem(API.call("PATCH", "/api/v3/cligs/" + slug, bob, new JsonObject().put("target", "https://evil.example/").encode()),
                404, "not-found", null);
        assertProblem(API.call("DELETE", "/api/v3/cligs/" + slug, bob, null), 404, "not-found", null);
        assertProblem(API.call("PUT", "/api/v3/cligs/" + slug + "/rules/US", bob, new JsonObject().put("target", "https://evil.example/").encode()),
                404, "not-found", null);
        assertProblem(API.call("DELETE", "/api/v3/cligs/" + slug + "/rules/DE", bob, null), 404, "not-found", null);
        assertProblem(API.get("/api/v3/cligs/" + slug + "/history", bob), 404, "not-found", null);
        assertProblem(API.get("/api/v3/cligs/no-such-slug", bob), 404, "not-found", null);
        JsonObject unchanged = API.get("/api/v3/cligs/" + slug, alice).json();
        assertEquals("https://example.com/mine", unchanged.getString("target"));
        assertEquals("active", unchanged.getString("status"));
        assertEquals(new JsonObject().put("DE", "https://example.de/"), unchanged.getJsonObject("rules"));
        assertEquals(1, API.get("/api/v3/cligs/" + slug + "/history", alice).json().getJsonArray("items").size());
    }

    @Test
    void anAdminMayActOnAnyAccountsClig() throws Exception {
        String slug = API.post("/api/v3/cligs", bob, new JsonObject().put("target", "https://example.com/bobs")).json().getString("slug");
        String adminSession = API.signUpAndLogIn("root-admin");
        StringWriter out = new StringWriter();
        assertEquals(1, Main.run(new String[] {"grant-admin", "no-such-user"}, API.env(), new PrintWriter(out), new PrintWriter(out)));
        assertEquals(0, Main.run(new String[] {"grant-admin", "root-admin"}, API.env(), new PrintWriter(out), new PrintWriter(out)),
                out::toString);
        assertEquals("admin", API.get("/api/v3/accounts/me", adminSession).json().getString("role"));
        assertEquals(200, API.get("/api/v3/cligs/" + slug, adminSession).status());
        Answer patched = API.call("PATCH", "/api/v3/cligs/" + slug, adminSession, new JsonObject().put("status", "disabled").encode());
        assertEquals("disabled", patched.json().getString("status"), patched::toString);
    }

    @Test
    void aListingShowsOnlyTheCallersCligsPageByPageAndSearches() {
        String carol = API.newKey(API.signUpAndLogIn("carol"), "c");
        for (int i = 0; i < 5; i++) {
            API.post("/api/v3/cligs", carol, new JsonObject().put("target", "https://example.com/page/" + i).put("title", i == 3 ? "needle" : "hay"));
        }
        API.post("/api/v3/cligs", bob, new JsonObject().put("target", "https://example.com/page/bob").put("title", "needle"));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Answer page = API.get("/api/v3/cligs?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), carol);
            assertEquals(200, page.status(), page::toString);
            page.json().getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("target")));
            cursor = page.json().getString("next_cursor");
        } while (cursor != null);
        assertEquals(List.of("https://example.com/page/0", "https://example.com/page/1", "https://example.com/page/2",
                "https://example.com/page/3", "https://example.com/page/4"), seen);
        JsonArray found = API.get("/api/v3/cligs?q=needle", carol).json().getJsonArray("items");
        assertEquals(1, found.size());
        assertEquals("https://example.com/page/3", found.getJsonObject(0).getString("target"));
    }

    @Test
    void aBatchAnswersEachItemOnItsOwn() {
        JsonArray items = new JsonArray()
                .add(new JsonObject().put("target", "https://example.com/batch/0"))
                .add(new JsonObject().put("target", "javascript:void(0)"))
                .add(new JsonObject().put("target", "https://example.com/batch/2").put("slug", "batch-two"))
                .add(new JsonObject().put("target", "https://example.com/batch/3").put("slug", "batch-two"));
        Answer batch = API.post("/api/v3/cligs/batch", alice, new JsonObject().put("cligs", items));
        assertEquals(200, batch.status(), batch::toString);
        JsonArray results = batch.json().getJsonArray("results");
        assertEquals(4, results.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(i, results.getJsonObject(i).getInteger("index"));
        }
        assertEquals(201, results.getJsonObject(0).getInteger("status"));
        assertEquals("https://example.com/batch/0", results.getJsonObject(0).getJsonObject("clig").getString("target"));
        assertEquals(400, results.getJsonObject(1).getInteger("status"));
        assertEquals("target", results.getJsonObject(1).getJsonObject("problem").getString("field"));
        assertEquals(Set.of(201, 409), Set.of(results.getJsonObject(2).getInteger("status"), results.getJsonObject(3).getInteger("status")),
                "one of the two items with one slug won, the other is 409: " + results);
    }

    @Test
    void aThousandConcurrentCreatesGetAThousandDistinctSlugs() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            inFlight.acquire();
            HttpRequest r = HttpRequest.newBuilder(URI.create(API.base() + "/api/v3/cligs"))
                    .header("Authorization", "Bearer " + alice).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("target", "https://example.com/many/" + i).encode()))
                    .build();
            all.add(http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((x, e) -> inFlight.release()));
        }
        Set<String> slugs = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            assertEquals(201, r.statusCode(), r::body);
            slugs.add(new JsonObject(r.body()).getString("slug"));
        }
        assertEquals(1000, slugs.size());
    }
}
