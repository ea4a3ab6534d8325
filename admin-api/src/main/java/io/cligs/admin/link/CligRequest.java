package io.cligs.admin.link;

import io.cligs.admin.http.ApiException;
import io.cligs.admin.http.Problem;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.InvalidCountryException;
import io.cligs.core.link.InvalidSlugException;
import io.cligs.core.link.InvalidTargetException;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * A clig to create, checked by core's rules: the target normalised ({@link TargetUrl}), the custom slug
 * parsed ({@link Slug}), each rule's country ({@link CountryCode}: {@code UK} is {@code GB}, pseudo-codes
 * refused) and target. A refusal is a 400 naming the field and saying why.
 *
 * @param slug null: generate one
 * @param title null: none
 * @param expiresAt null: never
 */
public record CligRequest(TargetUrl target, Slug slug, String title, Map<CountryCode, TargetUrl> rules, Instant expiresAt) {

    public CligRequest {
        rules = Map.copyOf(rules);
    }

    /** Parses a body the OpenAPI document has already shaped ({@code target}, {@code slug?}, {@code title?}, {@code rules?}). */
    public static CligRequest parse(JsonObject body, Instant now) {
        TargetUrl target = target("target", body.getString("target"));
        String rawSlug = body.getString("slug");
        Slug slug = rawSlug == null ? null : slug(rawSlug);
        Map<CountryCode, TargetUrl> rules = new TreeMap<>();
        JsonObject rawRules = body.getJsonObject("rules");
        if (rawRules != null) {
            for (String cc : rawRules.fieldNames()) {
                rules.put(country("rules." + cc, cc), target("rules." + cc, rawRules.getString(cc)));
            }
        }
        String expires = body.getString("expires_at");
        return new CligRequest(target, slug, title(body.getString("title")), rules, expires == null ? null : expiry(expires, now));
    }

    static TargetUrl target(String field, String raw) {
        try {
            return TargetUrl.normalize(raw);
        } catch (InvalidTargetException e) {
            throw ApiException.field(Problem.Type.INVALID_TARGET, field, e.getMessage());
        }
    }

    static Slug slug(String raw) {
        try {
            return Slug.parse(raw);
        } catch (InvalidSlugException e) {
            throw ApiException.field(Problem.Type.INVALID_SLUG, "slug", e.getMessage());
        }
    }

    static CountryCode country(String field, String raw) {
        try {
            return CountryCode.parse(raw);
        } catch (InvalidCountryException e) {
            throw ApiException.field(Problem.Type.INVALID_COUNTRY, field, e.getMessage());
        }
    }

    /** An RFC 3339 time in the future (ms precision, as stored). */
    static Instant expiry(String raw, Instant now) {
        Instant at;
        try {
            at = OffsetDateTime.parse(raw).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw ApiException.field(Problem.Type.INVALID_REQUEST, "expires_at", "not an RFC 3339 time such as 2030-01-01T00:00:00Z: '"
                    + raw + "'");
        }
        if (!at.isAfter(now)) {
            throw ApiException.field(Problem.Type.INVALID_REQUEST, "expires_at", "the expiry " + at + " is not in the future");
        }
        return at;
    }

    /** Trimmed; blank is no title. */
    static String title(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip();
        return t.isEmpty() ? null : t;
    }
}
