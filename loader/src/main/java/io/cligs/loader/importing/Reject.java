package io.cligs.loader.importing;

import java.util.Objects;

/**
 * One row that was not imported, as an immutable value handed from the writer thread to the
 * reading one, which counts it and writes it to the rejects file.
 *
 * @param reason the reason without the table's prefix ({@code bad_url}, {@code duplicate_id}, ...)
 */
record Reject(long line, String id, String reason, String detail) {

    Reject {
        Objects.requireNonNull(reason, "reason");
        if (line < 1) {
            throw new IllegalArgumentException("line " + line + " is not a line number");
        }
    }

    static Reject of(DumpRow row, String reason, String detail) {
        return new Reject(row.line(), Long.toString(row.id()), reason, detail);
    }
}
