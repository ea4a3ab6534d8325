package io.cligs.store.link;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A link to create, its values already validated by core.
 *
 * @param title null: none
 * @param owner the owning account, null for an anonymous clig (the old API without a key)
 * @param expiresAt null: never
 */
public record NewLink(Slug slug, TargetUrl target, String title, Map<CountryCode, TargetUrl> rules, Long owner, Instant expiresAt) {

    /** A link that never expires. */
    public NewLink(Slug slug, TargetUrl target, String title, Map<CountryCode, TargetUrl> rules, Long owner) {
        this(slug, target, title, rules, owner, null);
    }

    public NewLink {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(target, "target");
        rules = rules == null ? Map.of() : Map.copyOf(rules);
    }
}
