package io.cligs.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Public redirect traffic: every request takes a case of the expectation file and checks the exact
 * status and Location the edge answers (redirects are not followed). Properties:
 * {@code -Dexpect=FILE} (required), {@code -DbaseUrl} (default http://127.0.0.1:8080),
 * {@code -Drps} (default 200), {@code -Dseconds} (default 30). Loopback only.
 */
public final class RedirectSimulation extends Simulation {

    private final String baseUrl = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private final int rps = Integer.getInteger("rps", 200);
    private final int seconds = Integer.getInteger("seconds", 30);

    private final HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
            .disableFollowRedirect()
            .disableCaching()
            .userAgentHeader("cligs-gatling");

    private final ScenarioBuilder redirects = scenario("redirect")
            .feed(listFeeder(ExpectFeeder.read(Path.of(requiredProperty("expect")))).circular())
            .exec(http("GET /{slug}")
                    .get("/#{slug}")
                    .header("X-Forwarded-For", "#{xff}")
                    .check(status().is(session -> session.getInt("status")))
                    .checkIf(session -> "-".equals(session.getString("location")))
                    .then(header("Location").notExists())
                    .checkIf(session -> !"-".equals(session.getString("location")))
                    .then(header("Location").is(session -> session.getString("location"))));

    {
        if (!baseUrl.startsWith("http://127.") && !baseUrl.startsWith("http://localhost") && !baseUrl.startsWith("http://[::1]")) {
            throw new IllegalArgumentException("baseUrl must be a loopback address, was " + baseUrl);
        }
        setUp(redirects.injectOpen(constantUsersPerSec(rps).during(Duration.ofSeconds(seconds))))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L));
    }

    private static String requiredProperty(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("set -D" + name + "=... (an expectation file from gen_legacy_dump.py --expect)");
        }
        return v;
    }
}
