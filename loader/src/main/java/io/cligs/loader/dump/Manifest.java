package io.cligs.loader.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code MANIFEST} of a legacy dump: its format, the zone its DATETIMEs were written in, when it
 * was exported, and how many rows each table file holds.
 */
public record Manifest(String format, ZoneId zone, Instant exportedAt, Map<String, Long> rows, String since) {

    /** The only format this loader reads. */
    public static final String FORMAT = "cligs-legacy-1";

    public Manifest {
        rows = Map.copyOf(rows);
    }

    public static Manifest read(Path dir) throws DumpException {
        Path file = dir.resolve("MANIFEST");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DumpException(dir + " is not a legacy dump: it has no MANIFEST");
        } catch (IOException e) {
            throw new DumpException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new DumpException("MANIFEST line " + n + " is not key=value: '" + abbreviate(line) + "'");
            }
            values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        String format = values.get("format");
        if (format == null) {
            throw new DumpException("MANIFEST has no format= line (expected format=" + FORMAT + ")");
        }
        if (!FORMAT.equals(format)) {
            throw new DumpException("unknown dump format '" + abbreviate(format) + "' in MANIFEST: this loader reads " + FORMAT);
        }
        String tz = values.get("timezone");
        if (tz == null || tz.isEmpty()) {
            throw new DumpException("MANIFEST has no timezone= line: the zone the legacy DATETIMEs were written in is needed");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw new DumpException("MANIFEST timezone '" + abbreviate(tz) + "' is not an IANA time zone");
        }
        String exported = values.get("exported_at");
        if (exported == null) {
            throw new DumpException("MANIFEST has no exported_at= line");
        }
        Instant exportedAt = LegacyTime.parse(exported, zone);
        if (exportedAt == null) {
            throw new DumpException("MANIFEST exported_at '" + abbreviate(exported) + "' is not a YYYY-MM-DD HH:MM:SS time");
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith("rows.")) {
                try {
                    long count = Long.parseLong(e.getValue());
                    if (count < 0) {
                        throw new NumberFormatException();
                    }
                    rows.put(e.getKey().substring(5), count);
                } catch (NumberFormatException ex) {
                    throw new DumpException("MANIFEST " + e.getKey() + "='" + abbreviate(e.getValue()) + "' is not a row count");
                }
            }
        }
        return new Manifest(format, zone, exportedAt, rows, values.get("since"));
    }

    /** The row count the MANIFEST announces for a table. */
    public OptionalLong rowsOf(String table) {
        Long n = rows.get(table);
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
