package io.cligs.admin.testing;

import io.cligs.core.geo.CountryTable;
import io.cligs.edge.Edge;
import io.cligs.edge.config.EdgeConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** An edge in-process over the admin API's database and Redis prefix, and what it answers a visitor. */
public final class RunningEdge implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final Vertx vertx;
    private final String url;

    private RunningEdge(Vertx vertx, String url) {
        this.vertx = vertx;
        this.url = url;
    }

    /** Starts an edge with {@code env} (the admin API's variables) and waits for its eviction subscription. */
    public static RunningEdge start(Map<String, String> env) throws Exception {
        Map<String, String> vars = new HashMap<>(env);
        vars.put(EdgeConfig.HOST, "127.0.0.1");
        vars.put(EdgeConfig.PORT, "0");
        vars.put(EdgeConfig.INSTANCES, "1");
        Vertx vertx = Vertx.vertx();
        Edge edge = Edge.deploy(vertx, EdgeConfig.fromEnv(vars), CountryTable.openOrBundled(null)).await();
        if (!within(Duration.ofSeconds(10), edge::subscribed)) {
            vertx.close().await();
            throw new AssertionError("the edge did not subscribe to the eviction channel");
        }
        return new RunningEdge(vertx, "http://127.0.0.1:" + edge.port() + "/");
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

    @Override
    public void close() {
        vertx.close().await();
    }
}
