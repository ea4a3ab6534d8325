package io.cligs.loader.importing;

import java.sql.Connection;
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
 * Writes a batch of Right Clig rules. A rule whose clig was rejected by this run or is not in the
 * database is {@code rightclig_orphan}; then a bad country, then a bad URL are rejects. Among several
 * rules for one clig and country the highest legacy id wins, whatever the order of the rows or
 * batches: a rule that loses to a higher id (in the batch, or already stored) is counted as
 * superseded; a winner is written only if it differs from what is stored (a rule set in the new
 * system, {@code legacy_id} NULL, is kept), and the cligs whose rules changed get a new version.
 *
 * <p>Not thread-safe: used only by the import's writer thread. {@code rejectedCligs} is complete
 * and no longer changes while rules are written (cligs are fully imported first).
 */
final class RulesWriter implements BatchWriter<RulesTable.Row> {

    private record Stored(String target, Long legacyId) {
    }

    private static final String UPSERT_HEAD = "INSERT INTO rightclig_rules (clig_id, country, target, legacy_id) VALUES ";
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE target = VALUES(target), legacy_id = VALUES(legacy_id)";

    private final IdSet rejectedCligs;

    RulesWriter(IdSet rejectedCligs) {
        this.rejectedCligs = rejectedCligs;
    }

    @Override
    public Written write(List<RulesTable.Row> rows, Connection db) throws SQLException {
        Set<Long> cligs = new LinkedHashSet<>();
        rows.forEach(r -> cligs.add(r.cligId()));
        Set<Long> inDb = Sql.existing(db, "cligs", cligs);
        List<Reject> rejects = new ArrayList<>();
        Map<String, RulesTable.Row> winners = new LinkedHashMap<>();
        long superseded = 0;
        for (RulesTable.Row r : rows) {
            if (rejectedCligs.contains(r.cligId()) || !inDb.contains(r.cligId())) {
                rejects.add(Reject.of(r, "orphan", rejectedCligs.contains(r.cligId())
                        ? "clig " + r.cligId() + " was rejected" : "clig " + r.cligId() + " does not exist"));
            } else if (r.countryError() != null) {
                rejects.add(Reject.of(r, "bad_country", r.countryError()));
            } else if (r.targetError() != null) {
                rejects.add(Reject.of(r, "bad_url", r.targetError()));
            } else {
                String key = r.cligId() + "\t" + r.country();
                RulesTable.Row other = winners.get(key);
                if (other == null || r.id() > other.id()) {
                    winners.put(key, r);
                }
                if (other != null) {
                    superseded++;
                }
            }
        }
        if (winners.isEmpty()) {
            return new Written(0, 0, 0, superseded, rejects, Map.of());
        }
        Map<String, Stored> stored = stored(cligs, db);
        List<RulesTable.Row> write = new ArrayList<>();
        Set<Long> changedCligs = new LinkedHashSet<>();
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        for (RulesTable.Row r : winners.values()) {
            Stored s = stored.get(r.cligId() + "\t" + r.country());
            if (s == null) {
                inserted++;
            } else if (s.legacyId() != null && s.legacyId() > r.id()) {
                superseded++;
                continue;
            } else if (s.legacyId() == null || (s.legacyId() == r.id() && s.target().equals(r.target()))) {
                unchanged++; // a rule set in the new system, or this very rule
                continue;
            } else {
                updated++;
            }
            write.add(r);
            changedCligs.add(r.cligId());
        }
        if (!write.isEmpty()) {
            upsert(write, changedCligs, db);
        }
        return new Written(inserted, updated, unchanged, superseded, rejects, Map.of());
    }

    private static void upsert(List<RulesTable.Row> write, Set<Long> changedCligs, Connection db) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(UPSERT_HEAD + Sql.tuples(write.size(), 4) + UPSERT_TAIL)) {
            int i = 1;
            for (RulesTable.Row r : write) {
                ps.setLong(i++, r.cligId());
                ps.setString(i++, r.country());
                ps.setString(i++, r.target());
                ps.setLong(i++, r.id());
            }
            ps.executeLargeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("UPDATE cligs SET version = version + 1 WHERE id IN ("
                + Sql.marks(changedCligs.size()) + ")")) {
            int i = 1;
            for (Long id : changedCligs) {
                ps.setLong(i++, id);
            }
            ps.executeLargeUpdate();
        }
    }

    private static Map<String, Stored> stored(Set<Long> cligs, Connection db) throws SQLException {
        Map<String, Stored> out = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT clig_id, country, target, legacy_id FROM rightclig_rules"
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
