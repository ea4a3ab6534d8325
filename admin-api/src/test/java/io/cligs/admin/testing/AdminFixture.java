package io.cligs.admin.testing;

import io.cligs.admin.AdminApi;
import io.cligs.admin.AdminConfig;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: an admin API in-process on 127.0.0.1, port 0, over a {@link TestDatabase} and a
 * {@link TestRedis} or an {@link io.cligs.store.testing.KillableRedis} (register it after both), with a {@link MutableClock}; and a blocking HTTP client for
 * the test thread. {@code extra} variables override the defaults (limits, say).
 */
public final class AdminFixture implements BeforeAllCallback, AfterAllCallback {

    /** An answer: status, headers, body text. */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final TestDatabase db;
    private final Supplier<String> redisUrl;
    private final Supplier<String> redisPrefix;
    private final Map<String, String> extra;
    private final MutableClock clock = new MutableClock();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private AdminApi api;
    private Map<String, String> env;

    public AdminFixture(TestDatabase db, TestRedis redis) {
        this(db, redis, Map.of());
    }

    public AdminFixture(TestDatabase db, TestRedis redis, Map<String, String> extra) {
        this(db, redis::url, redis::prefix, extra);
    }

    /** On a Redis of the test's own (one it kills, say) rather than a {@link TestRedis} prefix; read at start. */
    public AdminFixture(TestDatabase db, Supplier<String> redisUrl, Supplier<String> redisPrefix, Map<String, String> extra) {
        this.db = db;
        this.redisUrl = redisUrl;
        this.redisPrefix = redisPrefix;
        this.extra = extra;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        env = new HashMap<>();
        env.put(EnvVar.CLIG_ADMIN_HOST.name(), "127.0.0.1");
        env.put(EnvVar.CLIG_ADMIN_PORT.name(), "0");
        env.put(EnvVar.CLIG_MYSQL_URL.name(), db.url().url());
        env.put(EnvVar.CLIG_REDIS_URL.name(), redisUrl.get());
        env.put(EnvVar.CLIG_REDIS_PREFIX.name(), redisPrefix.get());
        env.put(EnvVar.CLIG_PUBLIC_BASE_URL.name(), "http://127.0.0.1:8080");
        env.put(EnvVar.CLIG_RATE_READS_PER_MIN.name(), "100000");
        env.put(EnvVar.CLIG_RATE_WRITES_PER_MIN.name(), "100000");
        env.put(EnvVar.CLIG_LOGIN_FAILURES_PER_MIN.name(), "1000");
        env.putAll(extra);
        vertx = Vertx.vertx();
        api = AdminApi.deploy(vertx, AdminConfig.fromEnv(env), clock).await();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (vertx != null) {
            if (api != null) {
                api.close().await();
            }
            vertx.close().await();
        }
    }

    /** The variables the API runs with (the edge of a test reads the same database and prefix). */
    public Map<String, String> env() {
        return env;
    }

    public AdminApi api() {
        return api;
    }

    public MutableClock clock() {
        return clock;
    }

    public String base() {
        return "http://127.0.0.1:" + api.port();
    }

    /** Sends a request; {@code token} null: no Authorization; {@code body} null: none. */
    public Answer call(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers(), r.body());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    public Answer get(String path, String token) {
        return call("GET", path, token, null);
    }

    public Answer post(String path, String token, JsonObject body) {
        return call("POST", path, token, body.encode());
    }

    /** Signs up {@code username} (password {@code "password-" + username}) and logs in; the session token. */
    public String signUpAndLogIn(String username) {
        Answer created = post("/api/v3/accounts", null, new JsonObject().put("username", username)
                .put("email", username + "@example.com").put("password", "password-" + username));
        if (created.status() != 201) {
            throw new AssertionError("sign-up of " + username + ": " + created);
        }
        return logIn(username, "password-" + username);
    }

    public String logIn(String username, String password) {
        Answer session = post("/api/v3/sessions", null, new JsonObject().put("username", username).put("password", password));
        if (session.status() != 201) {
            throw new AssertionError("log-in of " + username + ": " + session);
        }
        return session.json().getString("token");
    }

    /** A new API key of the session's account. */
    public String newKey(String session, String name) {
        Answer key = post("/api/v3/keys", session, new JsonObject().put("name", name));
        if (key.status() != 201) {
            throw new AssertionError("key " + name + ": " + key);
        }
        return key.json().getString("key");
    }
}
