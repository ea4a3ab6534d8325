package io.cligs.core.account;

/**
 * The legacy password hash schemes (FORMAT.md), recognised by their form: the loader keeps each hash
 * with its scheme, and the admin API verifies old passwords by it (then replaces the hash with a
 * modern one). Unsalted md5 hex, {@code sha1$salt$hex}, and bcrypt ({@code $2a$}/{@code $2y$}/{@code $2b$}).
 * Hex digits are lower case ({@link LegacyHex}). Immutable and thread-safe.
 */
public enum PasswordScheme {
    MD5("md5"),
    SHA1("sha1"),
    BCRYPT("bcrypt");

    private final String dbName;

    PasswordScheme(String dbName) {
        this.dbName = dbName;
    }

    /** The {@code accounts.password_scheme} value. */
    public String dbName() {
        return dbName;
    }

    /** The scheme of a stored legacy hash, or null when it is none of them. */
    public static PasswordScheme of(String hash) {
        if (hash == null) {
            return null;
        }
        if (hash.length() == 32 && LegacyHex.isHex(hash, 0, 32, LegacyHex.Letters.LOWER)) {
            return MD5;
        }
        if (hash.startsWith("sha1$")) {
            int second = hash.indexOf('$', 5);
            if (second > 5 && hash.length() - second - 1 == 40 && LegacyHex.isHex(hash, second + 1, hash.length(), LegacyHex.Letters.LOWER)
                    && printable(hash, 5, second)) {
                return SHA1;
            }
            return null;
        }
        // $2a$NN$ + 22 salt + 31 hash characters of bcrypt's base64 alphabet (60 in all)
        if (hash.length() == 60 && (hash.startsWith("$2a$") || hash.startsWith("$2y$") || hash.startsWith("$2b$"))
                && digit(hash.charAt(4)) && digit(hash.charAt(5)) && hash.charAt(6) == '$') {
            for (int i = 7; i < 60; i++) {
                char c = hash.charAt(i);
                if (!(c == '.' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || digit(c))) {
                    return null;
                }
            }
            return BCRYPT;
        }
        return null;
    }

    private static boolean printable(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
