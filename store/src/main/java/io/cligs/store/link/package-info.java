/**
 * Links in MySQL and Redis: {@link io.cligs.store.link.LinkReader} reads a link with its Right Clig rules
 * (the edge's fallback, {@code loader warm}); {@link io.cligs.store.link.RedisLinks} is the link cache in
 * Redis (its keys and the eviction channel); {@link io.cligs.store.link.LinkPublisher} is the one step that
 * writes links through to Redis and publishes them so that every edge evicts them;
 * {@link io.cligs.store.link.LinkStore} is the link write: one MySQL transaction with its history, then
 * that step ({@code create} for a new link). {@link io.cligs.store.link.LinkQueries} is what the admin API
 * reads; {@link io.cligs.store.link.Rollback} puts links back to a point in time through the link write.
 * Row ↔ {@link io.cligs.core.link.Link} lives in {@link io.cligs.store.link.LinkSql} only.
 */
package io.cligs.store.link;
