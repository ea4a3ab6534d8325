package io.cligs.edge.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The edge's in-process tiers, shared by all its event loops: a size-bounded Caffeine cache of known
 * slugs ({@link Resolution.Found} and {@link Resolution.Gone}, expiring after {@code CLIG_EDGE_CACHE_TTL_MS}
 * as a safety net besides invalidation) and a separate, smaller negative cache of unknown slugs (short
 * TTL, so a flood of random slugs cannot push real links out).
 *
 * <p>Single-flight is Caffeine's own: the known-slug cache is an {@link AsyncCache}, and a load puts its
 * future in it with {@link AsyncCache#get(Object, java.util.function.BiFunction)}, so every concurrent
 * miss for a slug, from any event loop, gets the one future in flight (docs/adr/0009). A result that
 * must not stay ({@link Resolution.NotFound}, which goes to the negative cache, and
 * {@link Resolution.Unavailable}) is removed as soon as its waiters have it.
 *
 * <p>Invalidation and loads race: a load that started before an eviction may bring the old value.
 * An eviction removes the future in flight, and Caffeine keeps a completed future only while it is still
 * the one mapped, so the old value is answered to its waiters but never kept; a load that finds its
 * slug unknown keeps the negative entry only if its future is still the one mapped (checked after
 * storing, so an eviction in between still wins). Thread-safe.
 */
public final class LinkCache {

    /** A load in flight: its future, and whether this call joined one already started. */
    public record Flight(CompletableFuture<Resolution> future, boolean joined) {
    }

    private final AsyncCache<String, Resolution> links;
    private final Cache<String, Resolution> ready;
    private final Cache<String, Boolean> unknown;

    public LinkCache(long maxSize, Duration ttl, long negativeMaxSize, Duration negativeTtl, Ticker ticker) {
        // Maintenance (replaying the read and write buffers, evicting) runs on the thread that fills a
        // buffer, under Caffeine's own try-lock, instead of being handed to ForkJoinPool.commonPool():
        // the hand-off woke a pool thread (a futex call and a context switch on the event loop's core)
        // every few dozen hits, more than the amortised work itself costs.
        // Counted by weight, one per link: Caffeine weighs a load in flight 0, so a burst of misses on a
        // full cache cannot evict loads in flight (which would let the next miss load again).
        this.links = Caffeine.newBuilder().maximumWeight(maxSize).weigher((String slug, Resolution r) -> 1)
                .expireAfterWrite(ttl).ticker(ticker).executor(Runnable::run).buildAsync();
        this.ready = links.synchronous();
        this.unknown = Caffeine.newBuilder().maximumSize(negativeMaxSize).expireAfterWrite(negativeTtl).ticker(ticker)
                .executor(Runnable::run).build();
    }

    /**
     * A cached answer, or null (also while its load is in flight). Normally a known link; for the
     * instant between a load's completion and its removal, that load's answer, whatever it is.
     */
    public Resolution link(String slug) {
        return ready.getIfPresent(slug);
    }

    /** Whether the slug was recently confirmed unknown. */
    public boolean knownUnknown(String slug) {
        return unknown.getIfPresent(slug) != null;
    }

    /**
     * Loads {@code slug} through {@code source} unless a load for it is already in flight (then joins
     * it). The result is stored where it belongs before the future completes. {@code source} is called
     * after the flight is registered, never under a lock of the cache, and should not fail (a failure
     * is answered as {@link Resolution#UNAVAILABLE}).
     */
    public Flight load(String slug, Function<String, CompletionStage<Resolution>> source) {
        CompletableFuture<Resolution> mine = new CompletableFuture<>();
        CompletableFuture<Resolution> flight = links.get(slug, (key, executor) -> mine);
        if (flight != mine) {
            return new Flight(flight, true);
        }
        CompletionStage<Resolution> load;
        try {
            load = source.apply(slug);
        } catch (RuntimeException e) {
            load = CompletableFuture.completedFuture(Resolution.UNAVAILABLE);
        }
        load.whenComplete((r, failure) -> settle(slug, mine, failure == null && r != null ? r : Resolution.UNAVAILABLE));
        return new Flight(mine, false);
    }

    private void settle(String slug, CompletableFuture<Resolution> mine, Resolution r) {
        boolean keep = r instanceof Resolution.Found || r instanceof Resolution.Gone;
        if (keep) {
            unknown.invalidate(slug);
        } else if (r instanceof Resolution.NotFound) {
            unknown.put(slug, Boolean.TRUE);
            if (links.asMap().get(slug) != mine) {
                unknown.invalidate(slug); // evicted while loading: the answer may be stale
            }
        }
        mine.complete(r); // waiters answered; Caffeine keeps it only if still mapped
        if (!keep) {
            links.asMap().remove(slug, mine);
        }
    }

    /** Drops what the edge knows of {@code slug}, in every tier; a load in flight is answered but not kept. */
    public void invalidate(String slug) {
        ready.invalidate(slug);
        unknown.invalidate(slug);
    }

    /** Drops everything (an evict-all message, or missed invalidations after a lost subscription). */
    public void invalidateAll() {
        ready.invalidateAll();
        unknown.invalidateAll();
    }

    public long size() {
        return ready.estimatedSize();
    }

    public long negativeSize() {
        return unknown.estimatedSize();
    }
}
