package io.cligs.edge.cache;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
}
