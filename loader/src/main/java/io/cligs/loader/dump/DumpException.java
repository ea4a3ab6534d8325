package io.cligs.loader.dump;

/**
 * A dump that cannot be imported as a whole (unknown format, missing file, truncated gzip, row
 * counts that disagree with the MANIFEST). The message is meant for the operator, as it is.
 */
public final class DumpException extends Exception {

    public DumpException(String message) {
        super(message);
    }

    public DumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
