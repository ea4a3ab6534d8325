package io.cligs.store.link;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.TargetUrl;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A change of one link, each part optional: a new target, title or status, Right Clig rules to set
 * (country → target) and countries whose rule goes. Values are already validated by core
 * ({@link TargetUrl}, {@link CountryCode}); what a change may do (ownership, limits) is decided before.
 *
 * @param target null: unchanged
 * @param title null: unchanged; empty: no title
 * @param status null: unchanged
 * @param expiresAt null: unchanged; empty: never expires; else the new expiry
 */
public record LinkChange(TargetUrl target, String title, LinkStatus status, Map<CountryCode, TargetUrl> setRules,
                         Set<CountryCode> removeRules, Optional<Instant> expiresAt) {

    /** A change that leaves the expiry as it is. */
    public LinkChange(TargetUrl target, String title, LinkStatus status, Map<CountryCode, TargetUrl> setRules,
                      Set<CountryCode> removeRules) {
        this(target, title, status, setRules, removeRules, null);
    }

    public LinkChange {
        setRules = setRules == null ? Map.of() : Map.copyOf(setRules);
        removeRules = removeRules == null ? Set.of() : Set.copyOf(removeRules);
        for (CountryCode c : removeRules) {
            if (setRules.containsKey(c)) {
                throw new IllegalArgumentException("a change cannot both set and remove the rule of " + c.value());
            }
        }
    }

    public static LinkChange target(TargetUrl target) {
        return new LinkChange(target, null, null, null, null);
    }

    public static LinkChange status(LinkStatus status) {
        return new LinkChange(null, null, status, null, null);
    }

    public static LinkChange setRule(CountryCode country, TargetUrl target) {
        return new LinkChange(null, null, null, Map.of(country, target), null);
    }

    public static LinkChange removeRule(CountryCode country) {
        return new LinkChange(null, null, null, null, Set.of(country));
    }
}
