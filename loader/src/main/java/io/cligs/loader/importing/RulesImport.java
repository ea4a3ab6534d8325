package io.cligs.loader.importing;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.InvalidCountryException;
import io.cligs.core.link.InvalidTargetException;
import io.cligs.core.link.TargetUrl;
import io.cligs.loader.dump.BadRowException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rightclig.tsv.gz} into {@code rightclig_rules}. Checked in the order the legacy rules give:
 * a rule whose clig is missing or was itself rejected is {@code rightclig_orphan}; then the country
 * ({@link CountryCode#parse}: {@code uk} → GB, pseudo-codes rejected, {@code rightclig_bad_country});
 * then the URL. Among several rules for one clig and country the highest legacy id wins, whatever
 * the order of the rows or batches: each batch compares with what is stored and writes only rules
 * that win and differ, then bumps the version of the cligs whose rules changed.
 */
final class RulesImport extends TableImport<RulesImport.Row> {

    record Row(long line, long id, long cligId, String country, String countryError, String target,
                       String targetError) {
    }

    private record Stored(String target, Long legacyId) {
    }

    private static final String UPSERT_HEAD = "INSERT INTO rightclig_rules (clig_id, country, target, legacy_id) VALUES ";
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE target = VALUES(target), legacy_id = VALUES(legacy_id)";

    RulesImport(ImportContext ctx) {
        super(ctx, "rightclig", "rightclig", 5);
    }

    @Override
    void accept(String[] f, long line) throws BadRowException {
        long id = ImportContext.id(f[0], "bad_id", "id");
        long cligId = ImportContext.id(f[1], "bad_clig_id", "clig_id");
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
        batch.add(new Row(line, id, cligId, country, countryError, target, targetError));
        pendingBytes += 60 + (target == null ? 0 : target.length());
    }

    @Override
    void flush(List<Row> batch) throws SQLException {
        Set<Long> inDb = cligsFoundInDatabase(batch);
        Map<String, Row> winners = new LinkedHashMap<>();
        for (Row r : batch) {
            if (!ctx.cligIds.contains(r.cligId) && (ctx.rejectedCligIds.contains(r.cligId) || !inDb.contains(r.cligId))) {
                reject(r.line, Long.toString(r.id), "orphan", ctx.rejectedCligIds.contains(r.cligId)
                        ? "clig " + r.cligId + " was rejected" : "clig " + r.cligId + " does not exist");
            } else if (r.countryError != null) {
                reject(r.line, Long.toString(r.id), "bad_country", r.countryError);
            } else if (r.targetError != null) {
                reject(r.line, Long.toString(r.id), "bad_url", r.targetError);
            } else {
                String key = r.cligId + "\t" + r.country;
                Row other = winners.get(key);
                if (other == null || r.id > other.id) {
                    winners.put(key, r);
                }
                if (other != null) {
                    stats.unchanged++;
                    stats.note("superseded_by_higher_id", 1);
                }
            }
        }
        batch.clear();
        if (winners.isEmpty()) {
            return;
        }
        Map<String, Stored> stored = stored(winners.values());
        List<Row> write = new ArrayList<>();
        Set<Long> changedCligs = new LinkedHashSet<>();
        for (Row r : winners.values()) {
            Stored s = stored.get(r.cligId + "\t" + r.country);
            if (s == null) {
                stats.inserted++;
            } else if (s.legacyId == null || s.legacyId > r.id || (s.legacyId == r.id && s.target.equals(r.target))) {
                // a rule set in the new system, a higher legacy id, or this very rule: nothing to do
                stats.unchanged++;
                if (s.legacyId != null && s.legacyId > r.id) {
                    stats.note("superseded_by_higher_id", 1);
                }
                continue;
            } else {
                stats.updated++;
            }
            write.add(r);
            changedCligs.add(r.cligId);
        }
        if (write.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = ctx.db.prepareStatement(UPSERT_HEAD + Sql.tuples(write.size(), 4) + UPSERT_TAIL)) {
            int i = 1;
            for (Row r : write) {
                ps.setLong(i++, r.cligId);
                ps.setString(i++, r.country);
                ps.setString(i++, r.target);
                ps.setLong(i++, r.id);
            }
            ps.executeLargeUpdate();
        }
        try (PreparedStatement ps = ctx.db.prepareStatement("UPDATE cligs SET version = version + 1 WHERE id IN ("
                + Sql.marks(changedCligs.size()) + ")")) {
            int i = 1;
            for (Long id : changedCligs) {
                ps.setLong(i++, id);
            }
            ps.executeLargeUpdate();
        }
    }

    /** Cligs that neither this run imported nor rejected: are they in the database (an earlier import)? */
    private Set<Long> cligsFoundInDatabase(List<Row> batch) throws SQLException {
        Set<Long> unknown = new LinkedHashSet<>();
        for (Row r : batch) {
            if (!ctx.cligIds.contains(r.cligId) && !ctx.rejectedCligIds.contains(r.cligId)) {
                unknown.add(r.cligId);
            }
        }
        return ctx.existing("cligs", new ArrayList<>(unknown));
    }

    private Map<String, Stored> stored(Iterable<Row> rows) throws SQLException {
        Set<Long> cligs = new LinkedHashSet<>();
        for (Row r : rows) {
            cligs.add(r.cligId);
        }
        Map<String, Stored> out = new HashMap<>();
        try (PreparedStatement ps = ctx.db.prepareStatement("SELECT clig_id, country, target, legacy_id FROM rightclig_rules"
                + " WHERE clig_id IN (" + Sql.marks(cligs.size()) + ")")) {
            int i = 1;
            for (Long id : cligs) {
                ps.setLong(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long legacy = rs.getLong(4);
                    out.put(rs.getLong(1) + "\t" + rs.getString(2), new Stored(rs.getString(3), rs.wasNull() ? null : legacy));
                }
            }
        }
        return out;
    }
}
