package io.cligs.loader.dump;

/**
 * One line that cannot be read as a row. {@link #reason()} is the stable suffix of the reject
 * reason ({@code bad_field_count}, {@code bad_utf8}, ...); the table name is put in front by the
 * caller.
 */
public final class BadRowException extends Exception {

    private final String reason;

    public BadRowException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /** A bad value as a reject's detail shows it: NULL, or its first 40 characters. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "NULL";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
