package io.cligs.core.account;

/**
 * The one hex check of legacy values. Which letters count follows what the old system would have
 * matched (FORMAT.md): a password hash is PHP's {@code md5()}/{@code sha1()} output, always lower
 * case, so an upper-case "hash" never matched a password and is no hash; an API key was compared
 * as stored, so a key in upper case is a working key and must not be lost.
 *
 * <p>Stateless and thread-safe.
 */
public final class LegacyHex {

    /** Which letters a hex value may use. */
    public enum Letters {
        /** {@code 0-9a-f}: password hashes. */
        LOWER,
        /** {@code 0-9a-fA-F}: API keys. */
        ANY
    }

    private LegacyHex() {
    }

    /** Whether {@code s[from, to)} is non-empty and only hex digits of the given letters. */
    public static boolean isHex(CharSequence s, int from, int to, Letters letters) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    || (letters == Letters.ANY && c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A legacy API key: exactly 32 hex digits, either case (FORMAT.md {@code api_keys.api_key}). */
    public static boolean isApiKey(String key) {
        return key != null && key.length() == 32 && isHex(key, 0, 32, Letters.ANY);
    }
}
