package io.cligs.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.cligs.admin.testing.ProblemAssert.assertProblem;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The skeleton's promises: health, metrics, the served OpenAPI document, and problem JSON for every bad request. */
class ContractIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS);

    @Test
    void healthAndMetricsAnswer() {
        assertEquals(200, API.get("/-/health/live", null).status());
        Answer ready = API.get("/-/health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        assertEquals("UP", ready.json().getJsonObject("checks").getJsonObject("redis").getString("status"));
        Answer metrics = API.get("/-/metrics", null);
        assertTrue(metrics.body().contains("cligs_admin_responses_total{class=\"2xx\"}"), metrics::toString);
    }

    @Test
    void cleartextHttp2IsNotSpoken() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", java.net.URI.create(API.base()).getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /-/health/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 200 OK", status);
        }
    }

    @Test
    void healthAnswersHeadAsGetWithoutABody() {
        for (String path : new String[] {"/-/health/live", "/-/health/ready"}) {
            Answer head = API.call("HEAD", path, null, null);
            assertEquals(200, head.status(), path + ": " + head);
            assertEquals("", head.body(), path);
        }
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Answer spec = API.get("/api/v3/openapi.json", null);
        assertEquals(200, spec.status());
        assertEquals("3.1.0", spec.json().getString("openapi"));
        assertTrue(spec.json().getJsonObject("paths").containsKey("/api/v3/cligs/{slug}/rules/{cc}"));
    }

    @Test
    void anUnknownPathIsAProblem404() {
        Answer a = API.get("/api/v3/nothing-here", null);
        assertProblem(a, 404, "not-found", null);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(API.call("POST", "/api/v3/accounts", null, "{\"username\": "), 400, "invalid-request", null);
    }

    @Test
    void aMissingFieldIs400NamingIt() {
        assertProblem(API.post("/api/v3/accounts", null, new JsonObject().put("username", "someone")
                .put("password", "long enough password")), 400, "invalid-request", "email");
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        assertProblem(API.post("/api/v3/accounts", null, new JsonObject().put("username", "someone").put("email", "a@b.c")
                .put("password", "long enough password").put("admin", true)), 400, "invalid-request", "admin");
    }

    @Test
    void aWrongTypeIs400NamingTheField() {
        assertProblem(API.post("/api/v3/accounts", null, new JsonObject().put("username", 42).put("email", "a@b.c")
                .put("password", "long enough password")), 400, "invalid-request", "username");
    }

    @Test
    void aTooShortPasswordIs400NamingIt() {
        assertProblem(API.post("/api/v3/accounts", null, new JsonObject().put("username", "someone").put("email", "a@b.c")
                .put("password", "short")), 400, "invalid-request", "password");
    }

    @Test
    void aBodyOver64KiBIs413() {
        String big = "{\"username\":\"x\",\"email\":\"a@b.c\",\"password\":\"" + "p".repeat(70 * 1024) + "\"}";
        assertProblem(API.call("POST", "/api/v3/accounts", null, big), 413, "body-too-large", null);
    }

    @Test
    void noTokenIs401() {
        assertProblem(API.get("/api/v3/accounts/me", null), 401, "unauthorized", null);
        assertProblem(API.get("/api/v3/accounts/me", "cs_not-a-session"), 401, "unauthorized", null);
        assertProblem(API.get("/api/v3/cligs", "ck_not-a-key"), 401, "unauthorized", null);
    }
}
