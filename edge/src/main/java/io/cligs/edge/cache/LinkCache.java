package io.cligs.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The edge's in-process tiers, shared by all its event loops: a size-bounded Caffeine cache of known
 * slugs ({@link Resolution.Found} and {@link Resolution.Gone}, expiring after {@code CLIG_EDGE_CACHE_TTL_MS}
 * as a safety net besides invalidation), a separate, smaller negative cache of unknown slugs (short
 * TTL, so a flood of random slugs cannot push real links out), and single-flight loading.
 *
 * <p>Invalidation and loads race: a load that started before an eviction may bring the old value.
 * Every eviction bumps an epoch first; a load stores its result only if the epoch did not move while
 * it ran, and re-checks after storing (so an eviction between check and store still wins). Coarse
 * (any eviction voids all loads in flight) but never keeps a stale entry. Thread-safe.
 */
public final class LinkCache {

    private final Cache<String, Resolution> links;
    private final Cache<String, Boolean> unknown;
    private final SingleFlight<String, Resolution> flights = new SingleFlight<>();
    private final AtomicLong epoch = new AtomicLong();

    public LinkCache(long maxSize, Duration ttl, long negativeMaxSize, Duration negativeTtl, Ticker ticker) {
        // Maintenance (replaying the read and write buffers, evicting) runs on the thread that fills a
        // buffer, under Caffeine's own try-lock, instead of being handed to ForkJoinPool.commonPool():
        // the hand-off woke a pool thread (a futex call and a context switch on the event loop's core)
        // every few dozen hits, more than the amortised work itself costs.
        this.links = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).ticker(ticker)
                .executor(Runnable::run).build();
        this.unknown = Caffeine.newBuilder().maximumSize(negativeMaxSize).expireAfterWrite(negativeTtl).ticker(ticker)
                .executor(Runnable::run).build();
    }

    /** A cached known link, or null. */
    public Resolution link(String slug) {
        return links.getIfPresent(slug);
    }

    /** Whether the slug was recently confirmed unknown. */
    public boolean knownUnknown(String slug) {
        return unknown.getIfPresent(slug) != null;
    }

    /**
     * Loads {@code slug} through {@code source} unless a load for it is already in flight, and stores
     * a cacheable result (not {@link Resolution.Unavailable}) before the future completes.
     */
    public SingleFlight.Flight<Resolution> load(String slug, Function<String, CompletionStage<Resolution>> source) {
        return flights.run(slug, s -> {
            long started = epoch.get();
            return source.apply(s).thenApply(r -> {
                store(s, r, started);
                return r;
            });
        });
    }

    private void store(String slug, Resolution r, long started) {
        if (epoch.get() != started) {
            return;
        }
        if (r instanceof Resolution.NotFound) {
            unknown.put(slug, Boolean.TRUE);
            if (epoch.get() != started) {
                unknown.invalidate(slug);
            }
        } else if (r instanceof Resolution.Found || r instanceof Resolution.Gone) {
            links.put(slug, r);
            unknown.invalidate(slug);
            if (epoch.get() != started) {
                links.invalidate(slug);
            }
        }
    }

    /** Drops what the edge knows of {@code slug}, in every tier, and voids loads in flight. */
    public void invalidate(String slug) {
        epoch.incrementAndGet();
        flights.forget(slug);
        links.invalidate(slug);
        unknown.invalidate(slug);
    }

    /** Drops everything (after missed invalidations, e.g. a lost subscription). */
    public void invalidateAll() {
        epoch.incrementAndGet();
        flights.forgetAll();
        links.invalidateAll();
        unknown.invalidateAll();
    }

    public long size() {
        return links.estimatedSize();
    }

    public long negativeSize() {
        return unknown.estimatedSize();
    }
}
