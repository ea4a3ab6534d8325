package io.cligs.loader.dump;

/** The legacy export's ids as text: an INT UNSIGNED id of a row or a reference, and the BIGINT id of a click. */
public final class LegacyIds {

    private LegacyIds() {
    }

    /** An INT UNSIGNED id, 1..2^32-1; anything else is a {@code reason} naming {@code what}. */
    public static long intId(String text, String reason, String what) throws BadRowException {
        long v = digits(text, 10, reason, what);
        if (v < 1 || v > 0xFFFF_FFFFL) {
            throw new BadRowException(reason, what + " " + v + " is out of the legacy id range");
        }
        return v;
    }

    /** A BIGINT id, 1 and up; anything else is a {@code reason} naming {@code what}. */
    public static long bigintId(String text, String reason, String what) throws BadRowException {
        long v = digits(text, 19, reason, what);
        if (v < 0) {
            throw new BadRowException(reason, what + " '" + BadRowException.abbreviate(text) + "' is out of range");
        }
        if (v < 1) {
            throw new BadRowException(reason, what + " " + v + " is not positive");
        }
        return v;
    }

    /** Up to {@code max} decimal digits and nothing else (no sign, no blank). */
    private static long digits(String text, int max, String reason, String what) throws BadRowException {
        if (text == null || text.isEmpty() || text.length() > max) {
            throw new BadRowException(reason, what + " '" + BadRowException.abbreviate(text) + "' is not an id");
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadRowException(reason, what + " '" + BadRowException.abbreviate(text) + "' is not an id");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
