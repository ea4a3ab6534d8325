package io.cligs.core.link;

import java.util.Set;

/**
 * The path part of a short link. Slugs are case-sensitive ({@code abc} and {@code ABC} are two
 * links), 1 to 64 characters of {@code [A-Za-z0-9._-]}, and never one of the paths the edge or the
 * API keep for themselves. Generated slugs use base62 only ({@link SlugGenerator}).
 */
public record Slug(String value) {

    public static final int MAX_LENGTH = 64;

    /** Paths that belong to the service itself: {@code /-/...} (edge), {@code /api/...} (legacy API). */
    private static final Set<String> RESERVED = Set.of("-", ".", "..", "api");

    public Slug {
        String problem = problem(value);
        if (problem != null) {
            throw new InvalidSlugException(value, problem);
        }
    }

    /** Parses a custom or stored slug, with a reason when it is not one. */
    public static Slug parse(String value) {
        return new Slug(value);
    }

    /** Allocation-free check for the redirect hot path: could this path segment be a slug? */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "a slug must not be empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "a slug has at most " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isSlugChar(value.charAt(i))) {
                return "a slug may hold only A-Z, a-z, 0-9, '.', '_' and '-'";
            }
        }
        if (RESERVED.contains(value)) {
            return "'" + value + "' is reserved for the service's own paths";
        }
        return null;
    }

    static boolean isSlugChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    @Override
    public String toString() {
        return value;
    }
}
