package io.cligs.edge;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cligs.core.config.EnvVar;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.redis.RedisKeys;
import io.cligs.edge.cache.InvalidationVerticle;
import io.cligs.edge.cache.LinkCache;
import io.cligs.edge.cache.LinkLookup;
import io.cligs.edge.cache.PipelinedRedis;
import io.cligs.edge.cache.Resolutions;
import io.cligs.edge.cache.SubscriptionState;
import io.cligs.core.click.EventIds;
import io.cligs.core.click.VisitorHash;
import io.cligs.edge.click.ClickConfig;
import io.cligs.edge.click.ClickDrainer;
import io.cligs.edge.click.ClickMetrics;
import io.cligs.edge.click.ClickPipeline;
import io.cligs.edge.click.ClickSink;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.geo.ClientAddress;
import io.cligs.edge.geo.VisitorCountry;
import io.cligs.edge.health.HealthHandlers;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.redirect.RedirectVerticle;
import io.cligs.store.Backends;
import io.cligs.store.click.ClickStream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running edge: the eviction listener and {@code CLIG_EDGE_INSTANCES} redirect verticles sharing
 * one cache, one GeoIP table and one set of metrics; each verticle has clients of its own (its event
 * loop's), the MySQL connections are one shared pool. {@link Main} deploys one; tests deploy several
 * in one Vert.x to play several edges.
 */
public final class Edge {

    private static final Logger LOG = LoggerFactory.getLogger(Edge.class);

    private final Vertx vertx;
    private final String listenerId;
    private final String serverId;
    private final LinkCache cache;
    private final EdgeMetrics metrics;
    private final SubscriptionState subscription;
    private final AtomicInteger port;
    private final AtomicInteger managementPort;
    private final String drainerId;
    private final ClickMetrics clickMetrics;

    private Edge(Vertx vertx, String listenerId, String serverId, LinkCache cache, EdgeMetrics metrics,
                 SubscriptionState subscription, AtomicInteger port, AtomicInteger managementPort, String drainerId,
                 ClickMetrics clickMetrics) {
        this.vertx = vertx;
        this.drainerId = drainerId;
        this.clickMetrics = clickMetrics;
        this.listenerId = listenerId;
        this.serverId = serverId;
        this.cache = cache;
        this.metrics = metrics;
        this.subscription = subscription;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Deploys an edge with the system clock and no click pipeline. */
    public static Future<Edge> deploy(Vertx vertx, EdgeConfig config, CountryTable countries) {
        return deploy(vertx, config, countries, Ticker.systemTicker(), ClickSink.NONE);
    }

    /**
     * Deploys an edge with the system clock and, unless {@code CLIG_CLICKS=off}, the click pipeline
     * ({@link ClickPipeline}, drained by a {@link ClickDrainer} on a worker thread): what {@link Main} runs.
     */
    public static Future<Edge> deployWithClicks(Vertx vertx, EdgeConfig config, CountryTable countries) {
        ClickConfig clicks = config.clicks();
        if (!clicks.enabled()) {
            LOG.info("click events off ({}=off)", EnvVar.CLIG_CLICKS.name());
            return deploy(vertx, config, countries);
        }
        ClickMetrics clickMetrics = new ClickMetrics();
        ClickPipeline pipeline = new ClickPipeline(clicks.queueCapacity(), clicks.batch(), clickMetrics);
        RedisKeys keys = new RedisKeys(config.redis().prefix());
        ClickDrainer drainer = new ClickDrainer(clicks, pipeline, new ClientAddress(config.trustedProxies()), countries,
                () -> new ClickStream(Backends.redis(vertx, config.redis(), 2, clicks.timeout()), keys,
                        clicks.streamShards(), clicks.timeout()),
                VisitorHash.of(visitorSecret(clicks)), new EventIds(clicks.edgeId(), System.currentTimeMillis()));
        return vertx.deployVerticle(drainer, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .compose(drainerId -> deploy(vertx, config, countries, Ticker.systemTicker(), pipeline, drainerId, clickMetrics)
                        .recover(e -> vertx.undeploy(drainerId).transform(undeployed -> Future.failedFuture(e))));
    }

    private static String visitorSecret(ClickConfig clicks) {
        if (clicks.visitorSecret() != null) {
            return clicks.visitorSecret();
        }
        LOG.warn("{} is unset: a random one for this run; unique visitors will not count across edges or restarts",
                EnvVar.CLIG_VISITOR_SECRET.name());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * Deploys an edge.
     *
     * @param countries the GeoIP table, opened beforehand (blocking) and shared
     * @param ticker the cache's clock (tests move it instead of sleeping)
     */
    public static Future<Edge> deploy(Vertx vertx, EdgeConfig config, CountryTable countries, Ticker ticker, ClickSink clicks) {
        return deploy(vertx, config, countries, ticker, clicks, null, null);
    }

    /** @param drainerId the click drainer's deployment, undeployed by {@link #close}, or null */
    private static Future<Edge> deploy(Vertx vertx, EdgeConfig config, CountryTable countries, Ticker ticker, ClickSink clicks,
                                       String drainerId, ClickMetrics clickMetrics) {
        EdgeMetrics metrics = new EdgeMetrics();
        if (clickMetrics != null) {
            metrics.section(clickMetrics::render);
        }
        LinkCache cache = new LinkCache(config.cacheSize(), config.cacheTtl(), config.negativeCacheSize(),
                config.negativeTtl(), ticker);
        metrics.cacheSizes(cache::size, cache::negativeSize);
        AtomicInteger openConnections = new AtomicInteger();
        metrics.openConnections(openConnections::get);
        RedisKeys keys = new RedisKeys(config.redis().prefix());
        Resolutions resolutions = new Resolutions(config.redirectMaxAge());
        VisitorCountry visitors = new VisitorCountry(countries, new ClientAddress(config.trustedProxies()));
        SubscriptionState subscription = new SubscriptionState();
        String mysqlPoolName = "cligs-edge-" + UUID.randomUUID();
        AtomicInteger port = new AtomicInteger();
        AtomicInteger managementPort = new AtomicInteger();
        return vertx.deployVerticle(() -> new InvalidationVerticle(
                                () -> Backends.redisFirstNode(vertx, config.redis(), config.redisTimeout()),
                                keys.evictChannel(), cache, metrics, subscription, config.redisTimeout(), config.pingInterval()),
                        new DeploymentOptions())
                .compose(listenerId -> vertx.deployVerticle(() -> {
                    // each verticle's own clients (used from its event loop); the MySQL pool is shared by name
                    Redis redis = Backends.redis(vertx, config.redis(), config.redisPoolSize(), config.redisTimeout());
                    Pool mysql = Backends.mysql(vertx, config.mysql(), config.mysqlPoolSize(), config.mysqlTimeout(),
                            config.mysqlIdleTimeout(), config.mysqlMaxLifetime(), mysqlPoolName);
                    PipelinedRedis lookups = new PipelinedRedis(vertx, redis,
                            () -> Backends.redis(vertx, config.redis(), 1, config.redisTimeout()), keys, config.redisTimeout(),
                            config.pingInterval(), metrics.lookupPingsUnanswered);
                    LinkLookup lookup = new LinkLookup(cache, lookups, mysql, resolutions, metrics,
                            config.redisTimeout(), config.mysqlTimeout());
                    HealthHandlers health = new HealthHandlers(redis, mysql, countries, subscription,
                            config.redisTimeout(), config.mysqlTimeout());
                    return new RedirectVerticle(config, lookup, health, visitors, metrics, clicks, openConnections,
                            (p, m) -> {
                                port.compareAndSet(0, p);
                                managementPort.compareAndSet(0, m);
                            });
                }, new DeploymentOptions().setInstances(config.instances()))
                        .map(serverId -> new Edge(vertx, listenerId, serverId, cache, metrics, subscription, port,
                                managementPort, drainerId, clickMetrics))
                        .recover(e -> vertx.undeploy(listenerId).transform(undeployed -> Future.failedFuture(e))));
    }

    /** The port the edge listens on (the actual one when configured with 0). */
    public int port() {
        return port.get();
    }

    /** The management port ({@code /-/metrics}, readiness details; ADR 0011), the actual one when configured with 0. */
    public int managementPort() {
        return managementPort.get();
    }

    public LinkCache cache() {
        return cache;
    }

    public EdgeMetrics metrics() {
        return metrics;
    }

    /** Whether the eviction subscription is live. */
    public boolean subscribed() {
        return subscription.subscribed();
    }

    /** The click pipeline's counters, or null when it runs without one. */
    public ClickMetrics clickMetrics() {
        return clickMetrics;
    }

    /**
     * Stops the redirect servers, then the click drainer (which ships or journals every event still
     * waiting), then the eviction listener.
     */
    public Future<Void> close() {
        return vertx.undeploy(serverId)
                .eventually(() -> drainerId == null ? Future.succeededFuture() : vertx.undeploy(drainerId))
                .eventually(() -> vertx.undeploy(listenerId));
    }
}
