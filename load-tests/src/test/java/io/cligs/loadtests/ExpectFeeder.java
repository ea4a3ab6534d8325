package io.cligs.loadtests;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an expectation file (as written by {@code gen_legacy_dump.py --expect}: slug, country,
 * status, Location, TAB-separated) into Gatling feeder records, each with the
 * {@code X-Forwarded-For} address that plays a visitor from the case's country ({@code 192.0.2.1},
 * in no country, for {@code *}).
 */
public final class ExpectFeeder {

    /** An address of the TEST-NET-1 block: in no GeoIP country. */
    static final String NO_COUNTRY = "192.0.2.1";

    private ExpectFeeder() {
    }

    public static List<Map<String, Object>> read(Path expect) {
        CountryTable table;
        try {
            table = CountryTable.bundledTestDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> records = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(expect, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IllegalArgumentException(expect + ":" + lineNo + ": expected 4 TAB-separated fields, found " + f.length);
                }
                String xff = f[1].equals("*") ? NO_COUNTRY
                        : table.sampleAddress(CountryCode.parse(f[1])).orElseThrow(() ->
                                new IllegalArgumentException("no test-database address for country " + f[1]));
                records.add(Map.of("slug", f[0], "xff", xff, "status", Integer.parseInt(f[2]), "location", f[3]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + expect, e);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(expect + " holds no cases");
        }
        return records;
    }
}
