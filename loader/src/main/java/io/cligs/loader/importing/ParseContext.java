package io.cligs.loader.importing;

import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyTime;
import io.cligs.loader.dump.Manifest;

/**
 * What a {@link RowParser} may use: the dump's clock (its zone and export time) and the table's
 * notes. Not thread-safe: owned by the reading thread of one table.
 */
final class ParseContext {

    private final Manifest manifest;
    private final TableStats stats;

    ParseContext(Manifest manifest, TableStats stats) {
        this.manifest = manifest;
        this.stats = stats;
    }

    /** A legacy DATETIME as UTC text for a DATETIME column; null for NULL and the zero date. */
    String utc(String legacy, String what) throws BadRowException {
        if (legacy == null) {
            return null;
        }
        try {
            return LegacyTime.utcText(LegacyTime.toInstant(legacy, manifest.zone()));
        } catch (IllegalArgumentException e) {
            throw new BadRowException("bad_date", what + ": " + e.getMessage());
        }
    }

    /** The MANIFEST's export time in UTC text (an upper bound for times the dump left unknown). */
    String exportedAtUtc() {
        return LegacyTime.utcText(manifest.exportedAt());
    }

    /** Counts a row imported with a remark ({@code updated_at_unknown}, ...). */
    void note(String what) {
        stats.note(what, 1);
    }

    /** Text longer than {@code max} code points (a VARCHAR(max) column would not hold it). */
    static boolean tooLong(String s, int max) {
        return s != null && s.codePointCount(0, s.length()) > max;
    }
}
