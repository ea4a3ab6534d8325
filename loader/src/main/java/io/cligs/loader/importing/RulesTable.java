package io.cligs.loader.importing;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.InvalidCountryException;
import io.cligs.core.link.InvalidTargetException;
import io.cligs.core.link.TargetUrl;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyIds;

/**
 * {@code rightclig.tsv.gz} into {@code rightclig_rules}, written by {@link RulesWriter} (the highest
 * legacy id wins). A row is read whole; its faults are judged at write time in the order the legacy
 * rules give (orphan first, which needs the database, then country, then URL). Stateless.
 */
final class RulesTable {

    /** A rule as read; {@code countryError} or {@code targetError} is set when that field is bad. */
    record Row(long line, long id, long cligId, String country, String countryError, String target,
               String targetError) implements DumpRow {
    }

    private RulesTable() {
    }

    /** @param rejectedCligs the ids of cligs this run rejected (complete: cligs are imported first) */
    static TableSpec<Row> spec(IdSet rejectedCligs) {
        return new TableSpec<>("rightclig", "rightclig", 5, RulesTable::parse,
                r -> 60 + (r.target() == null ? 0 : r.target().length()), () -> new RulesWriter(rejectedCligs), reject -> { });
    }

    static Row parse(String[] f, long line, ParseContext c) throws BadRowException {
        long id = LegacyIds.intId(f[0], "bad_id", "id");
        long cligId = LegacyIds.intId(f[1], "bad_clig_id", "clig_id");
        String country = null;
        String countryError = null;
        try {
            country = CountryCode.parse(f[2]).value();
        } catch (InvalidCountryException e) {
            countryError = e.getMessage();
        }
        String target = null;
        String targetError = null;
        try {
            target = TargetUrl.normalize(f[3]).value();
        } catch (InvalidTargetException e) {
            targetError = e.reason().code() + ": " + e.getMessage();
        }
        return new Row(line, id, cligId, country, countryError, target, targetError);
    }
}
