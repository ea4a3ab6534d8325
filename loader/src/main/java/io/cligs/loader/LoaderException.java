package io.cligs.loader;

/** A failure the operator can act on; its message is printed as it is, without a stack trace. */
public final class LoaderException extends Exception {

    public LoaderException(String message) {
        super(message);
    }

    public LoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
