package io.cligs.admin;

import io.cligs.admin.account.AccountHandlers;
import io.cligs.admin.aggregate.RunningAggregator;
import io.cligs.admin.account.LoginThrottle;
import io.cligs.admin.account.Passwords;
import io.cligs.admin.account.SessionPurge;
import io.cligs.admin.apikey.KeyHandlers;
import io.cligs.admin.apikey.KeyUsage;
import io.cligs.admin.http.ApiMetrics;
import io.cligs.admin.http.ApiVerticle;
import io.cligs.admin.http.Authenticator;
import io.cligs.admin.http.Health;
import io.cligs.admin.http.Limits;
import io.cligs.admin.http.RateLimiter;
import io.cligs.admin.http.Routes;
import io.cligs.admin.legacy.LegacyApi;
import io.cligs.admin.link.CligHandlers;
import io.cligs.admin.link.Cligs;
import io.cligs.admin.stats.StatsHandlers;
import io.cligs.admin.stats.StatsQueries;
import io.cligs.core.link.SlugGenerator;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.Backends;
import io.cligs.store.account.AccountStore;
import io.cligs.store.account.AccountWrites;
import io.cligs.store.account.SessionStore;
import io.cligs.store.apikey.ApiKeyWrites;
import io.cligs.store.link.LinkPublisher;
import io.cligs.store.link.LinkQueries;
import io.cligs.store.link.LinkReader;
import io.cligs.store.link.LinkStore;
import io.cligs.store.link.RedisLinks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running admin API: the clients (one MySQL pool, one Redis client), the store's parts, the handlers,
 * and the HTTP verticle. {@link Main} deploys one; tests deploy one in-process on port 0, with their own
 * clock (rate limits) when they need to move time.
 */
public final class AdminApi {

    /** A key's {@code last_used_at} is written at most this often. */
    static final Duration KEY_USE_INTERVAL = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final String deploymentId;
    private final AtomicInteger port;
    private final Pool mysql;
    private final Redis redis;
    private final WorkerExecutor hashing;
    private final ApiMetrics metrics;
    private final KeyUsage keyUsage;
    private final long flushTimer;
    private final RunningAggregator aggregator;

    private AdminApi(Vertx vertx, String deploymentId, AtomicInteger port, Pool mysql, Redis redis, WorkerExecutor hashing,
                     ApiMetrics metrics, KeyUsage keyUsage, long flushTimer, RunningAggregator aggregator) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.port = port;
        this.mysql = mysql;
        this.redis = redis;
        this.hashing = hashing;
        this.metrics = metrics;
        this.keyUsage = keyUsage;
        this.flushTimer = flushTimer;
        this.aggregator = aggregator;
    }

    public static Future<AdminApi> deploy(Vertx vertx, AdminConfig config) {
        return deploy(vertx, config, Clock.systemUTC());
    }

    /** @param clock the time of sessions, history, rate limits and key use (tests move it) */
    public static Future<AdminApi> deploy(Vertx vertx, AdminConfig config, Clock clock) {
        Duration timeout = config.timeout();
        Pool mysql = Backends.mysql(vertx, config.mysql(), config.poolSize(), timeout, null);
        Redis redis = Backends.redis(vertx, config.redis(), config.poolSize(), timeout);
        RedisKeys keys = new RedisKeys(config.redis().prefix());
        LinkReader reader = new LinkReader(mysql, timeout);
        RedisLinks redisLinks = RedisLinks.over(redis, keys, timeout);
        LinkStore links = new LinkStore(mysql, new LinkPublisher(redisLinks, reader), clock, timeout);
        ApiMetrics metrics = new ApiMetrics();
        WorkerExecutor hashing = vertx.createSharedWorkerExecutor("cligs-passwords", config.passwordWorkers(), 30, TimeUnit.SECONDS);
        Passwords passwords = new Passwords(hashing, config.passwordQueue(), metrics);
        RateLimiter limiter = new RateLimiter(redis, keys, clock, Duration.ofMillis(Math.min(500, timeout.toMillis())));
        ApiKeyWrites apiKeys = new ApiKeyWrites(mysql, clock, timeout);
        KeyUsage keyUsage = new KeyUsage(apiKeys, clock, KEY_USE_INTERVAL);
        SessionStore sessions = new SessionStore(mysql, clock, timeout);
        Cligs cligs = new Cligs(links, new LinkQueries(mysql, timeout), SlugGenerator.secure(7), clock);
        Routes routes = new Routes(
                new Health(mysql, redis, metrics, timeout),
                new Authenticator(sessions, apiKeys, keyUsage),
                new Limits(limiter, metrics, config.readsPerMinute(), config.writesPerMinute()),
                new AccountHandlers(new AccountStore(mysql, timeout), new AccountWrites(mysql, clock, timeout), sessions, passwords,
                        new LoginThrottle(limiter, metrics, config.loginFailuresPerMinute()), config.sessionTtl()),
                new KeyHandlers(apiKeys),
                new CligHandlers(cligs, config::shortUrl),
                new StatsHandlers(cligs, new StatsQueries(mysql), clock),
                new LegacyApi(cligs, apiKeys, limiter, metrics, config.writesPerMinute(), config::shortUrl),
                metrics);
        AtomicInteger port = new AtomicInteger();
        SessionPurge purge = new SessionPurge(sessions);
        long timer = vertx.setPeriodic(10_000, id -> {
            keyUsage.flush();
            purge.tick();
        });
        return vertx.deployVerticle(new ApiVerticle(routes, config.host(), config.port(), port))
                .compose(id -> (config.aggregator().enabled()
                        ? RunningAggregator.deploy(vertx, config.aggregator(), config.redis(), mysql, clock, timeout)
                        : Future.<RunningAggregator>succeededFuture(null))
                        .map(aggregator -> new AdminApi(vertx, id, port, mysql, redis, hashing, metrics, keyUsage, timer,
                                aggregator)))
                .onFailure(e -> {
                    vertx.cancelTimer(timer);
                    hashing.close();
                    mysql.close();
                    redis.close();
                });
    }

    /** The port it listens on (the actual one when configured with 0). */
    public int port() {
        return port.get();
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    /** Writes the keys' pending {@code last_used_at} now (tests; otherwise a timer does it every 10 s). */
    public Future<Void> flushKeyUse() {
        return keyUsage.flush();
    }

    public Future<Void> close() {
        vertx.cancelTimer(flushTimer);
        Future<Void> aggregation = aggregator == null ? Future.succeededFuture() : aggregator.close();
        return aggregation.eventually(() -> vertx.undeploy(deploymentId))
                .eventually(keyUsage::flush)
                .eventually(hashing::close)
                .eventually(mysql::close)
                .eventually(() -> {
                    redis.close();
                    return Future.succeededFuture();
                });
    }
}
