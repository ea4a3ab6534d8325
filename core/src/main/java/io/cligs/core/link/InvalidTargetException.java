package io.cligs.core.link;

/** A target URL that must not be forwarded to; {@link #reason()} is stable, the message says why. */
public final class InvalidTargetException extends IllegalArgumentException {

    /** Why a URL was rejected; {@link #code()} is stable (API problem types, loader reject reasons). */
    public enum Reason {
        EMPTY("empty"),
        FORBIDDEN_SCHEME("forbidden-scheme"),
        UNSUPPORTED_SCHEME("unsupported-scheme"),
        MISSING_HOST("missing-host"),
        BAD_HOST("bad-host"),
        CREDENTIALS("credentials"),
        BAD_CHARACTER("bad-character"),
        TOO_LONG("too-long");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public InvalidTargetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
