package io.cligs.edge.cache;

import io.cligs.core.geo.CountryCode;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * What a slug resolves to, with everything its response needs computed once, when the link enters
 * the cache, so a cache hit only copies references into the response. Immutable and thread-safe:
 * one instance serves every event loop.
 */
public sealed interface Resolution permits Resolution.Found, Resolution.Gone, Resolution.NotFound, Resolution.Unavailable {

    /** The slug is unknown: {@code 404}. */
    NotFound NOT_FOUND = new NotFound();

    /** Nobody could say (MySQL down or slow on a miss): {@code 503}, never cached. */
    Unavailable UNAVAILABLE = new Unavailable();

    /**
     * An active link: {@code 301} (no rules) or {@code 302} (Right Clig rules) to {@link #redirectFor}.
     *
     * @param byCountry precomputed redirects per rule country; empty without rules
     * @param expiresAtMs when the link expires (then it answers {@code 410}), epoch ms; {@link Long#MAX_VALUE}: never
     */
    record Found(long linkId, long version, int status, CharSequence cacheControl, Redirect fallback,
                 Map<CountryCode, Redirect> byCountry, long expiresAtMs) implements Resolution {

        /** Whether the link has expired at {@code nowMs} (core's {@code Link.expiredAt}, precomputed). */
        public boolean expiredAt(long nowMs) {
            return nowMs >= expiresAtMs;
        }

        public boolean hasRules() {
            return !byCountry.isEmpty();
        }

        /** The redirect for a visitor from {@code country} (null: unknown): its rule, else the default target. */
        public Redirect redirectFor(CountryCode country) {
            if (country == null) {
                return fallback;
            }
            Redirect r = byCountry.get(country);
            return r == null ? fallback : r;
        }
    }

    /** A disabled or deleted link: {@code 410}. */
    record Gone(long linkId, long version) implements Resolution {
    }

    /** See {@link #NOT_FOUND}. */
    record NotFound() implements Resolution {
    }

    /** See {@link #UNAVAILABLE}. */
    record Unavailable() implements Resolution {
    }

    /**
     * One precomputed redirect answer.
     *
     * @param location the {@code Location} value: the target's ASCII form, as an optimised header value
     * @param body the small HTML page a browser shows if it does not follow the redirect
     */
    record Redirect(CharSequence location, Buffer body) {
    }
}
