package io.cligs.edge.redirect;

import io.cligs.core.redis.RedisKeys;
import io.cligs.edge.cache.LinkCache;
import io.cligs.edge.cache.Resolutions;
import io.cligs.edge.cache.SubscriptionState;
import io.cligs.edge.click.ClickSink;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.geo.VisitorCountry;
import io.cligs.edge.metrics.EdgeMetrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every redirect verticle of one edge shares: configuration, the one Caffeine cache, the GeoIP
 * table, metrics, the click sink. All thread-safe.
 *
 * @param mysqlPoolName name of the shared MySQL pool of this edge (unique per edge in a JVM)
 * @param actualPort set by the first verticle listening (useful with port 0 in tests)
 */
public record EdgeParts(EdgeConfig config, RedisKeys keys, LinkCache cache, Resolutions resolutions,
                        VisitorCountry countries, EdgeMetrics metrics, ClickSink clicks,
                        SubscriptionState subscription, String mysqlPoolName, AtomicInteger actualPort) {
}
