package io.cligs.core.link;

import io.cligs.core.geo.CountryCode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compact Redis encoding of a {@link Link}: one string value per link, TAB-separated,
 * {@code 1 id version status slug target [country target]...} with the status as one character
 * ({@link LinkStatus#code()}). Targets and slugs never hold a TAB (both are printable ASCII without
 * white space), so no escaping is needed. The leading {@code 1} is the format version. A link with an
 * expiry is written in format {@code 2}: {@code 2 id version status slug target expiresAtMillis [country
 * target]...}; links without one keep format 1 byte for byte, so a reader that knows only format 1 still
 * reads them (and treats a format-2 value as unreadable, which it answers from MySQL). The version stays
 * the third field in both (the store's write script reads it there).
 */
public final class LinkCodec {

    private static final String FORMAT = "1";
    private static final String FORMAT_WITH_EXPIRY = "2";

    private LinkCodec() {
    }

    public static String encode(Link link) {
        StringBuilder b = new StringBuilder(64 + link.target().value().length());
        b.append(link.expiresAt() == null ? FORMAT : FORMAT_WITH_EXPIRY).append('\t').append(link.id()).append('\t')
                .append(link.version()).append('\t').append(link.status().code()).append('\t').append(link.slug().value())
                .append('\t').append(link.target().value());
        if (link.expiresAt() != null) {
            b.append('\t').append(link.expiresAt().toEpochMilli());
        }
        for (Map.Entry<CountryCode, TargetUrl> rule : new TreeMap<>(link.rules()).entrySet()) {
            b.append('\t').append(rule.getKey().value()).append('\t').append(rule.getValue().value());
        }
        return b.toString();
    }

    /**
     * The version field of an encoded link without decoding the rest, or -1 when the value is not one
     * {@link #encode} wrote (a writer comparing what it replaced needs only this).
     */
    public static long versionOf(String value) {
        if (value == null || !(value.startsWith(FORMAT + "\t") || value.startsWith(FORMAT_WITH_EXPIRY + "\t"))) {
            return -1;
        }
        int idEnd = value.indexOf('\t', FORMAT.length() + 1);
        int versionEnd = idEnd < 0 ? -1 : value.indexOf('\t', idEnd + 1);
        if (versionEnd < 0) {
            return -1;
        }
        try {
            return Long.parseLong(value, idEnd + 1, versionEnd, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Decodes a value written by {@link #encode}; a malformed value is an {@link IllegalArgumentException}. */
    public static Link decode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("no link value");
        }
        String[] f = value.split("\t", -1);
        boolean expiring = FORMAT_WITH_EXPIRY.equals(f[0]);
        int rulesFrom = expiring ? 7 : 6;
        if (f.length < rulesFrom || (f.length - rulesFrom) % 2 != 0 || !(expiring || FORMAT.equals(f[0])) || f[3].length() != 1) {
            throw new IllegalArgumentException("malformed link value (" + f.length + " fields)");
        }
        try {
            Map<CountryCode, TargetUrl> rules = new HashMap<>();
            for (int i = rulesFrom; i < f.length; i += 2) {
                rules.put(CountryCode.parse(f[i]), TargetUrl.of(f[i + 1]));
            }
            return new Link(Long.parseLong(f[1]), Slug.parse(f[4]), TargetUrl.of(f[5]),
                    LinkStatus.fromCode(f[3].charAt(0)), rules, Long.parseLong(f[2]),
                    expiring ? Instant.ofEpochMilli(Long.parseLong(f[6])) : null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed link value: " + e.getMessage(), e);
        }
    }
}
