package io.cligs.admin.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code /-/health/live} (the process answers), {@code /-/health/ready} (MySQL answers: every call needs
 * it; Redis is reported, a limiter without it lets requests through) and {@code /-/metrics}.
 */
public final class Health {

    private final Pool mysql;
    private final Redis redis;
    private final ApiMetrics metrics;
    private final long timeoutMs;

    public Health(Pool mysql, Redis redis, ApiMetrics metrics, Duration timeout) {
        this.mysql = mysql;
        this.redis = redis;
        this.metrics = metrics;
        this.timeoutMs = timeout.toMillis();
    }

    public void live(RoutingContext ctx) {
        Json.send(ctx, 200, new JsonObject().put("status", "UP"));
    }

    public void ready(RoutingContext ctx) {
        Future<JsonObject> db = check(mysql.query("SELECT 1").execute());
        Future<JsonObject> cache = check(redis.send(Request.cmd(Command.PING)));
        Future.join(db, cache).onComplete(done -> {
            boolean up = "UP".equals(db.result().getString("status"));
            Json.send(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN")
                    .put("checks", new JsonObject().put("mysql", db.result()).put("redis", cache.result())));
        });
    }

    public void metrics(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(metrics.prometheus());
    }

    private Future<JsonObject> check(Future<?> probe) {
        return probe.timeout(timeoutMs, TimeUnit.MILLISECONDS).map(ok -> new JsonObject().put("status", "UP"))
                .otherwise(e -> new JsonObject().put("status", "DOWN").put("error", String.valueOf(e.getMessage())));
    }
}
