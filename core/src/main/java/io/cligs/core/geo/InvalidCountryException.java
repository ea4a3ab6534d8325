package io.cligs.core.geo;

/** A country code that is not one; the message says why. */
public final class InvalidCountryException extends IllegalArgumentException {

    public InvalidCountryException(String input, String reason) {
        super("invalid country '" + (input == null ? "null" : input) + "': " + reason);
    }
}
