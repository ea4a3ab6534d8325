package io.cligs.edge;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.redis.RedisKeys;
import io.cligs.edge.cache.Backends;
import io.cligs.edge.cache.InvalidationVerticle;
import io.cligs.edge.cache.LinkCache;
import io.cligs.edge.cache.SubscriptionState;
import io.cligs.edge.click.ClickSink;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.geo.ClientAddress;
import io.cligs.edge.geo.VisitorCountry;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.redirect.EdgeParts;
import io.cligs.edge.cache.Resolutions;
import io.cligs.edge.redirect.RedirectVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running edge: the eviction listener and {@code CLIG_EDGE_INSTANCES} redirect verticles sharing
 * one cache, one GeoIP table and one set of metrics. {@link Main} deploys one; tests deploy several
 * in one Vert.x to play several edges.
 */
public final class Edge {

    private final Vertx vertx;
    private final String listenerId;
    private final String serverId;
    private final EdgeParts parts;

    private Edge(Vertx vertx, String listenerId, String serverId, EdgeParts parts) {
        this.vertx = vertx;
        this.listenerId = listenerId;
        this.serverId = serverId;
        this.parts = parts;
    }

    /** Deploys an edge with the system clock and no click pipeline. */
    public static Future<Edge> deploy(Vertx vertx, EdgeConfig config, CountryTable countries) {
        return deploy(vertx, config, countries, Ticker.systemTicker(), ClickSink.NONE);
    }

    /**
     * Deploys an edge.
     *
     * @param countries the GeoIP table, opened beforehand (blocking) and shared
     * @param ticker the cache's clock (tests move it instead of sleeping)
     */
    public static Future<Edge> deploy(Vertx vertx, EdgeConfig config, CountryTable countries, Ticker ticker, ClickSink clicks) {
        EdgeMetrics metrics = new EdgeMetrics();
        LinkCache cache = new LinkCache(config.cacheSize(), config.cacheTtl(), config.negativeCacheSize(),
                config.negativeTtl(), ticker);
        metrics.cacheSizes(cache::size, cache::negativeSize);
        RedisKeys keys = new RedisKeys(config.redis().prefix());
        EdgeParts parts = new EdgeParts(config, keys, cache, new Resolutions(config.redirectMaxAge()),
                new VisitorCountry(countries, new ClientAddress(config.trustedProxies())), metrics, clicks,
                new SubscriptionState(), "cligs-edge-" + UUID.randomUUID(), new AtomicInteger());
        return vertx.deployVerticle(() -> new InvalidationVerticle(() -> Backends.redisSubscriber(vertx, config),
                        keys.evictChannel(), cache, metrics, parts.subscription(), config.redisTimeout()), new DeploymentOptions())
                .compose(listenerId -> vertx.deployVerticle(() -> new RedirectVerticle(parts),
                                new DeploymentOptions().setInstances(config.instances()))
                        .map(serverId -> new Edge(vertx, listenerId, serverId, parts)));
    }

    /** The port the edge listens on (the actual one when configured with 0). */
    public int port() {
        return parts.actualPort().get();
    }

    public LinkCache cache() {
        return parts.cache();
    }

    public EdgeMetrics metrics() {
        return parts.metrics();
    }

    /** Whether the eviction subscription is live. */
    public boolean subscribed() {
        return parts.subscription().subscribed();
    }

    /** Stops the redirect servers, then the eviction listener. */
    public Future<Void> close() {
        return vertx.undeploy(serverId).eventually(() -> vertx.undeploy(listenerId));
    }
}
