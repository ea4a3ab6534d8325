package io.cligs.core.link;

import io.cligs.core.geo.CountryCode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A short link as the edge needs it: where it goes, whether it is live, and its Right Clig rules
 * (country → target). {@code version} grows with every change, so a cache can tell old from new.
 *
 * @param rules per-country targets; empty when the link has no Right Clig rules
 * @param expiresAt when the link stops redirecting (it then answers 410 like a disabled one), or null: never
 */
public record Link(long id, Slug slug, TargetUrl target, LinkStatus status, Map<CountryCode, TargetUrl> rules, long version,
                   Instant expiresAt) {

    /** A link that never expires. */
    public Link(long id, Slug slug, TargetUrl target, LinkStatus status, Map<CountryCode, TargetUrl> rules, long version) {
        this(id, slug, target, status, rules, version, null);
    }

    public Link {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        if (id <= 0) {
            throw new IllegalArgumentException("link id must be positive, was " + id);
        }
        if (version < 0) {
            throw new IllegalArgumentException("link version must not be negative, was " + version);
        }
        rules = rules == null || rules.isEmpty() ? Map.of() : Map.copyOf(rules);
    }

    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /**
     * The status rule (DESIGN.md, "A link's response"), written once for every module: an active link
     * without rules answers {@code 301}; with Right Clig rules {@code 302} (the answer depends on the
     * visitor); a disabled or deleted link {@code 410}.
     */
    public int httpStatus() {
        if (status != LinkStatus.ACTIVE) {
            return 410;
        }
        return rules.isEmpty() ? 301 : 302;
    }

    /** Whether the expiry has passed at {@code epochMillis} (never, without one). */
    public boolean expiredAt(long epochMillis) {
        return expiresAt != null && epochMillis >= expiresAt.toEpochMilli();
    }

    /** {@link #httpStatus()} at a moment: {@code 410} once the link has expired. */
    public int httpStatusAt(long epochMillis) {
        return expiredAt(epochMillis) ? 410 : httpStatus();
    }

    /** Whether the link redirects at all ({@link #httpStatus()} is 301 or 302). */
    public boolean redirects() {
        return status == LinkStatus.ACTIVE;
    }

    /** The target for a visitor from {@code country} (null: unknown), the default target when no rule matches. */
    public TargetUrl targetFor(CountryCode country) {
        if (country == null || rules.isEmpty()) {
            return target;
        }
        TargetUrl t = rules.get(country);
        return t == null ? target : t;
    }
}
