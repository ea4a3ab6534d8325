/**
 * The edge's lookup of a slug and everything behind it: what a slug resolves to ({@link
 * io.cligs.edge.cache.Resolution}, precomputed once per link), the shared Caffeine caches (known and
 * unknown slugs), single-flight loading, Redis then MySQL with a timeout on every call, and the pub/sub
 * eviction listener that keeps every edge's cache in step with changes. Nothing here knows HTTP
 * requests: {@code redirect} imports this package, never the reverse.
 */
package io.cligs.edge.cache;
