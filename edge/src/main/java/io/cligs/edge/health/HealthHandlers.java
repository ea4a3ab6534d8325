package io.cligs.edge.health;

import io.cligs.core.geo.CountryTable;
import io.cligs.edge.cache.SubscriptionState;
import io.cligs.store.BoundedRedis;
import io.cligs.store.BoundedSql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * {@code /-/health/live} (the process answers) and {@code /-/health/ready} (state per dependency, as
 * JSON). Ready means the edge can answer correctly: the GeoIP table is loaded and MySQL, the truth,
 * answers. Redis down only makes the edge slower and is reported, not fatal; nor is a lost eviction
 * subscription (the cache was dropped and is rebuilt from MySQL and Redis).
 */
public final class HealthHandlers {

    private final Redis redis;
    private final Pool mysql;
    private final CountryTable countries;
    private final SubscriptionState subscription;
    private final long redisTimeoutMs;
    private final long mysqlTimeoutMs;

    public HealthHandlers(Redis redis, Pool mysql, CountryTable countries, SubscriptionState subscription,
                          Duration redisTimeout, Duration mysqlTimeout) {
        this.redis = redis;
        this.mysql = mysql;
        this.countries = countries;
        this.subscription = subscription;
        this.redisTimeoutMs = redisTimeout.toMillis();
        this.mysqlTimeoutMs = mysqlTimeout.toMillis();
    }

    public void live(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("status", "UP").toBuffer());
    }

    public void ready(RoutingContext ctx) {
        Future<JsonObject> redisCheck = check(BoundedRedis.send(redis, Request.cmd(Command.PING), redisTimeoutMs));
        Future<JsonObject> mysqlCheck = check(BoundedSql.withConnection(mysql, mysqlTimeoutMs, c -> c.query("SELECT 1").execute()));
        Future.join(redisCheck, mysqlCheck).onComplete(done -> {
            JsonObject geoip = new JsonObject().put("status", countries.size() > 0 ? "UP" : "DOWN")
                    .put("source", countries.source()).put("ranges", countries.size());
            boolean ready = countries.size() > 0 && "UP".equals(mysqlCheck.result().getString("status"));
            JsonObject body = new JsonObject()
                    .put("status", ready ? "UP" : "DOWN")
                    .put("checks", new JsonObject()
                            .put("mysql", mysqlCheck.result())
                            .put("redis", redisCheck.result())
                            .put("geoip", geoip)
                            .put("invalidation", new JsonObject().put("status", subscription.subscribed() ? "UP" : "DOWN")));
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store").end(body.toBuffer());
        });
    }

    /** A check's state; never fails. */
    private static Future<JsonObject> check(Future<?> probe) {
        long start = System.nanoTime();
        return probe.map(ok -> new JsonObject().put("status", "UP").put("ms", (System.nanoTime() - start) / 1_000_000))
                .otherwise(e -> new JsonObject().put("status", "DOWN").put("error", String.valueOf(e.getMessage())));
    }
}
