package io.cligs.core.click;

/** A stream event that breaks a rule of its format; the message names the field and what was wrong. */
public final class InvalidEventException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEventException(String field, String problem) {
        super(field + ": " + problem);
    }
}
