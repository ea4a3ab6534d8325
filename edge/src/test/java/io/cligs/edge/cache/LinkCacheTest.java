package io.cligs.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LinkCacheTest {

    /** Time that moves only when the test says so. */
    private static final class FakeTicker implements Ticker {
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration d) {
            nanos.addAndGet(d.toNanos());
        }
    }

    private final FakeTicker ticker = new FakeTicker();
    private final LinkCache cache = new LinkCache(100, Duration.ofMinutes(10), 100, Duration.ofSeconds(5), ticker);
    private final Resolution found = new Resolutions(90).of(
            new Link(1, Slug.parse("abc"), TargetUrl.of("https://example.com/"), LinkStatus.ACTIVE, Map.of(), 1));

    private void loadNow(String slug, Resolution r) {
        cache.load(slug, s -> CompletableFuture.completedFuture(r)).future().join();
    }

    @Test
    void unknownSlugIsRememberedForTheNegativeTtlOnly() {
        loadNow("nope", Resolution.NOT_FOUND);
        assertTrue(cache.knownUnknown("nope"));
        ticker.advance(Duration.ofMillis(4999));
        assertTrue(cache.knownUnknown("nope"));
        ticker.advance(Duration.ofMillis(2));
        assertFalse(cache.knownUnknown("nope"));
    }

    @Test
    void knownLinksExpireAfterTheirTtlAsASafetyNet() {
        loadNow("abc", found);
        assertSame(found, cache.link("abc"));
        ticker.advance(Duration.ofMinutes(10).plusMillis(1));
        assertNull(cache.link("abc"));
    }

    @Test
    void unavailableIsNeverCached() {
        loadNow("abc", Resolution.UNAVAILABLE);
        assertNull(cache.link("abc"));
        assertFalse(cache.knownUnknown("abc"));
    }

    @Test
    void invalidationDropsBothTiers() {
        loadNow("abc", found);
        loadNow("nope", Resolution.NOT_FOUND);
        cache.invalidate("abc");
        cache.invalidate("nope");
        assertNull(cache.link("abc"));
        assertFalse(cache.knownUnknown("nope"));
    }

    @Test
    void aLoadOvertakenByAnEvictionDoesNotStoreItsPossiblyStaleResult() {
        CompletableFuture<Resolution> slow = new CompletableFuture<>();
        CompletableFuture<Resolution> result = cache.load("abc", s -> slow).future();
        cache.invalidate("abc");             // the link changed while we were reading it
        slow.complete(found);
        assertSame(found, result.join());    // the waiting request is answered...
        assertNull(cache.link("abc"));       // ...but the answer is not kept
    }

    @Test
    void invalidateAllDropsEverything() {
        loadNow("abc", found);
        loadNow("nope", Resolution.NOT_FOUND);
        cache.invalidateAll();
        assertNull(cache.link("abc"));
        assertFalse(cache.knownUnknown("nope"));
    }

    @Test
    void aFoundLinkReplacesANegativeEntry() {
        loadNow("abc", Resolution.NOT_FOUND);
        ticker.advance(Duration.ofSeconds(6));
        loadNow("abc", found);
        assertFalse(cache.knownUnknown("abc"));
        assertSame(found, cache.link("abc"));
    }

    @Test
    void unavailableIsAnsweredToItsWaitersAndTheNextMissLoadsAgain() {
        AtomicInteger loads = new AtomicInteger();
        CompletableFuture<Resolution> slow = new CompletableFuture<>();
        LinkCache.Flight first = cache.load("abc", s -> {
            loads.incrementAndGet();
            return slow;
        });
        LinkCache.Flight second = cache.load("abc", s -> CompletableFuture.completedFuture(found));
        assertTrue(second.joined());
        slow.complete(Resolution.UNAVAILABLE);
        assertSame(Resolution.UNAVAILABLE, first.future().join());
        assertSame(Resolution.UNAVAILABLE, second.future().join());
        assertNull(cache.link("abc"));
        LinkCache.Flight third = cache.load("abc", s -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(found);
        });
        assertFalse(third.joined());
        assertSame(found, third.future().join());
        assertEquals(2, loads.get());
    }

    @Test
    void aFailingSourceIsUnavailable() {
        CompletableFuture<Resolution> failed = CompletableFuture.failedFuture(new IllegalStateException("down"));
        assertSame(Resolution.UNAVAILABLE, cache.load("abc", s -> failed).future().join());
        assertNull(cache.link("abc"));
        assertFalse(cache.knownUnknown("abc"));
    }

    @Test
    void anUnknownSlugOvertakenByAnEvictionIsNotRememberedAsUnknown() {
        CompletableFuture<Resolution> slow = new CompletableFuture<>();
        CompletableFuture<Resolution> result = cache.load("fresh", s -> slow).future();
        cache.invalidate("fresh");           // the link was created while we were reading it
        slow.complete(Resolution.NOT_FOUND);
        assertSame(Resolution.NOT_FOUND, result.join());
        assertFalse(cache.knownUnknown("fresh"));
        assertNull(cache.link("fresh"));
    }

    @Test
    void invalidateAllVoidsLoadsInFlight() {
        CompletableFuture<Resolution> slow = new CompletableFuture<>();
        cache.load("abc", s -> slow);
        cache.invalidateAll();
        assertFalse(cache.load("abc", s -> CompletableFuture.completedFuture(found)).joined());
        slow.complete(found);
        assertSame(found, cache.link("abc"));
    }

    /**
     * The measurement behind docs/adr/0009: Caffeine's AsyncCache gives one load per key however many
     * threads miss it at once. 16 threads each ask for the same 500 slugs (in different orders) while
     * every load is held open; then every load completes. The cache holds 100 links: loads in flight
     * weigh nothing, so they are not evicted (and loaded again) while the cache is full.
     */
    @Test
    void concurrentMissesForOneSlugMakeOneLoad() throws Exception {
        int threads = 16;
        int slugs = 500;
        Map<String, AtomicInteger> loadsPerSlug = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<Resolution>> held = new ConcurrentHashMap<>();
        AtomicInteger joined = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<java.util.concurrent.Future<List<CompletableFuture<Resolution>>>> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 31;
            calls.add(pool.submit(() -> {
                go.await();
                List<CompletableFuture<Resolution>> mine = new ArrayList<>();
                for (int i = 0; i < slugs; i++) {
                    String slug = "s" + ((i + offset) % slugs);
                    LinkCache.Flight f = cache.load(slug, s -> {
                        loadsPerSlug.computeIfAbsent(s, k -> new AtomicInteger()).incrementAndGet();
                        return held.computeIfAbsent(s, k -> new CompletableFuture<>());
                    });
                    joined.addAndGet(f.joined() ? 1 : 0);
                    mine.add(f.future());
                }
                return mine;
            }));
        }
        go.countDown();
        List<CompletableFuture<Resolution>> all = new ArrayList<>();
        for (var c : calls) {
            all.addAll(c.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        held.values().forEach(f -> f.complete(found));
        for (CompletableFuture<Resolution> f : all) {
            assertSame(found, f.get(5, TimeUnit.SECONDS));
        }
        assertEquals(slugs, loadsPerSlug.size());
        loadsPerSlug.forEach((slug, n) -> assertEquals(1, n.get(), "loads of " + slug));
        assertEquals(threads * slugs - slugs, joined.get());
    }
}
