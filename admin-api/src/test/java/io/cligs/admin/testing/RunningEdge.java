package io.cligs.admin.testing;

import io.cligs.core.geo.CountryTable;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** An edge in-process over the admin API's database and Redis prefix, and what it answers a visitor. */
public final class RunningEdge implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final Vertx vertx;
    private final Edge edge;
    private final String url;

    private RunningEdge(Vertx vertx, Edge edge) {
        this.vertx = vertx;
        this.edge = edge;
        this.url = "http://127.0.0.1:" + edge.port() + "/";
    }

    /** Starts an edge with {@code env} (the admin API's variables) and waits for its eviction subscription. */
    public static RunningEdge start(Map<String, String> env) throws Exception {
        return start(env, false);
    }

    /**
     * Starts an edge with its click pipeline ({@code Edge.deployWithClicks}, as {@code Main} runs it) with
     * {@code env}: the admin API's variables and the click ones ({@code CLIG_CLICK_JOURNAL_DIR}, ...).
     */
    public static RunningEdge startWithClicks(Map<String, String> env) throws Exception {
        return start(env, true);
    }

    private static RunningEdge start(Map<String, String> env, boolean clicks) throws Exception {
        Map<String, String> vars = new HashMap<>(env);
        vars.put(EdgeConfig.HOST, "127.0.0.1");
        vars.put(EdgeConfig.PORT, "0");
        vars.putIfAbsent(EdgeConfig.INSTANCES, "1");
        Vertx vertx = Vertx.vertx();
        EdgeConfig config = EdgeConfig.fromEnv(vars);
        CountryTable countries = CountryTable.openOrBundled(null);
        Edge edge = (clicks ? Edge.deployWithClicks(vertx, config, countries) : Edge.deploy(vertx, config, countries)).await();
        if (!within(Duration.ofSeconds(10), edge::subscribed)) {
            vertx.close().await();
            throw new AssertionError("the edge did not subscribe to the eviction channel");
        }
        return new RunningEdge(vertx, edge);
    }

    public Edge edge() {
        return edge;
    }

    /**
     * Sends {@code n} GETs of {@code slugs} in turn with {@code userAgent}, {@code parallel} at a time on
     * kept-alive connections, and returns how many were answered with a redirect (301/302). Vert.x's
     * client sends every request once: {@code java.net.http.HttpClient} may send a {@code GET} again when
     * its connection ends before the answer (edge's {@code ClickChecks} tells how that counted a click
     * twice), and tests that count clicks exactly cannot have that. A request that fails fails the call.
     */
    public int redirects(List<String> slugs, int n, int parallel, String userAgent) {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(edge.port()).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(parallel));
        try {
            AtomicInteger next = new AtomicInteger();
            AtomicInteger redirected = new AtomicInteger();
            List<Future<Void>> chains = new ArrayList<>(parallel);
            for (int c = 0; c < parallel; c++) {
                chains.add(visits(client, slugs, n, userAgent, next, redirected));
            }
            Future.all(chains).await(10L + n / 100, TimeUnit.SECONDS);
            return redirected.get();
        } catch (TimeoutException e) {
            throw new AssertionError("redirects not answered in time: " + e, e);
        } finally {
            client.close().await();
        }
    }

    /** One request after the other until {@code n} were sent (by all chains together); each from the last one's callback. */
    private static Future<Void> visits(io.vertx.core.http.HttpClient client, List<String> slugs, int n, String userAgent,
                                       AtomicInteger next, AtomicInteger redirected) {
        Promise<Void> done = Promise.promise();
        visit(client, slugs, n, userAgent, next, redirected, done);
        return done.future();
    }

    private static void visit(io.vertx.core.http.HttpClient client, List<String> slugs, int n, String userAgent,
                              AtomicInteger next, AtomicInteger redirected, Promise<Void> done) {
        int i = next.getAndIncrement();
        if (i >= n) {
            done.tryComplete();
            return;
        }
        client.request(HttpMethod.GET, "/" + slugs.get(i % slugs.size()))
                .compose(request -> request.putHeader("User-Agent", userAgent).send())
                .compose(response -> response.end().map(v -> response.statusCode()))
                .onComplete(answered -> {
                    if (answered.failed()) {
                        done.tryFail(answered.cause());
                        return;
                    }
                    int status = answered.result();
                    if (status == 301 || status == 302) {
                        redirected.incrementAndGet();
                    }
                    visit(client, slugs, n, userAgent, next, redirected, done);
                });
    }

    /** {@code "<status> <Location or ->"} for a visit of {@code slug}. */
    public String visit(String slug) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + slug)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() + " " + r.headers().firstValue("Location").orElse("-");
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /** Polls {@code check} until it holds or {@code limit} passes; whether it held. */
    public static boolean within(Duration limit, BooleanSupplier check) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (check.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return check.getAsBoolean();
    }

    /** Closes the edge (its click drainer ships or journals what waits), then its Vert.x. */
    @Override
    public void close() {
        try {
            edge.close().await();
        } finally {
            vertx.close().await();
        }
    }
}
