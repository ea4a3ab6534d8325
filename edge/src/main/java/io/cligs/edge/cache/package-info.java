/**
 * The lookup tiers behind the redirect path: the shared Caffeine caches (known and unknown slugs),
 * single-flight loading, Redis then MySQL with a timeout on every call, and the pub/sub eviction
 * listener that keeps every edge's cache in step with changes.
 */
package io.cligs.edge.cache;
