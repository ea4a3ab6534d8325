package io.cligs.core.geo;

import java.util.Locale;
import java.util.Set;

/**
 * A country as ISO 3166-1 alpha-2, upper case. {@link #parse} takes what the old form took: lower
 * case and {@code UK} (meaning GB) are accepted; pseudo-codes ({@code EU}, {@code A1}, {@code --},
 * {@code XX}, empty...) and codes ISO 3166-1 does not assign are rejected with a reason.
 */
public record CountryCode(String value) implements Comparable<CountryCode> {

    /** ISO 3166-1 alpha-2 codes as the JDK knows them. */
    private static final Set<String> ISO = Set.of(Locale.getISOCountries());

    private static final CountryCode[] INTERNED = new CountryCode[26 * 26];

    static {
        for (String code : ISO) {
            INTERNED[index(code)] = new CountryCode(code);
        }
    }

    public CountryCode {
        if (value == null || value.length() != 2 || !ISO.contains(value)) {
            throw new InvalidCountryException(value, "not an ISO 3166-1 alpha-2 country code");
        }
    }

    /** Parses a country code as typed; {@code uk} → GB. */
    public static CountryCode parse(String raw) {
        if (raw == null) {
            throw new InvalidCountryException(null, "no country code");
        }
        String code = raw.trim().toUpperCase(Locale.ROOT);
        if (code.equals("UK")) {
            code = "GB";
        }
        if (code.isEmpty()) {
            throw new InvalidCountryException(raw, "empty country code");
        }
        if (code.length() != 2 || !ISO.contains(code)) {
            throw new InvalidCountryException(raw,
                    "not an ISO 3166-1 alpha-2 country code (pseudo-codes such as EU, A1, -- or XX are not countries)");
        }
        return INTERNED[index(code)];
    }

    /** The shared instance for an upper-case alpha-2 code, or null when it is none. Allocation-free. */
    public static CountryCode ofIsoOrNull(String upperCode) {
        if (upperCode == null || upperCode.length() != 2) {
            return null;
        }
        char a = upperCode.charAt(0);
        char b = upperCode.charAt(1);
        if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') {
            return null;
        }
        return INTERNED[(a - 'A') * 26 + (b - 'A')];
    }

    private static int index(String code) {
        return (code.charAt(0) - 'A') * 26 + (code.charAt(1) - 'A');
    }

    @Override
    public int compareTo(CountryCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
