package io.cligs.core.link;

/** A slug that breaks the slug rules; {@link #reason()} says which. */
public final class InvalidSlugException extends IllegalArgumentException {

    private final String reason;

    public InvalidSlugException(String input, String reason) {
        super("invalid slug '" + abbreviate(input) + "': " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
