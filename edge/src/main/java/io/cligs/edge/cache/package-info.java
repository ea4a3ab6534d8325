/**
 * The edge's lookup of a slug and everything behind it: what a slug resolves to ({@link
 * io.cligs.edge.cache.Resolution}, precomputed once per link), the lookup itself ({@link
 * io.cligs.edge.cache.LinkLookup}: the tiers and their metrics), the shared Caffeine caches with
 * single-flight loading ({@link io.cligs.edge.cache.LinkCache}), Redis (pipelined on each event loop's
 * kept connection, {@link io.cligs.edge.cache.PipelinedRedis}) then MySQL through {@code store}, with a
 * timeout on every call, and the pub/sub eviction listener that keeps every edge's cache in step with
 * changes. Nothing here knows HTTP requests: {@code redirect} imports this package, never the reverse.
 */
package io.cligs.edge.cache;
