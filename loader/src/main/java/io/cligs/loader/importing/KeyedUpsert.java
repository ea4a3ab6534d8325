package io.cligs.loader.importing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The careful upsert of a {@link Keyed} table, batch by batch (ADR 0004, 0007). While the table
 * was empty when its import began, a batch is first tried as one plain multi-row {@code INSERT}
 * (nothing can be there yet); a duplicate key (in the dump, or rows of an interrupted run) fails
 * that statement alone and sends it, and every later batch, down the careful path: look the batch
 * up by id and by its unique key, reject a row whose key belongs to another id ({@code duplicate_*})
 * or whose id came earlier in the batch ({@code duplicate_id}) rather than let
 * {@code ON DUPLICATE KEY UPDATE} silently change the other row, then upsert the rest and count
 * inserted / updated / unchanged from the real affected rows ({@code useAffectedRows=true}: 1 per new
 * row, 2 per changed row, 0 per unchanged one).
 *
 * <p>Not thread-safe: one instance per run of a table, used only by the import's writer thread.
 */
final class KeyedUpsert<R extends DumpRow> implements BatchWriter<R> {

    private final Keyed<R> table;
    /** Null until the first batch looked; then whether plain INSERTs are still worth a try. */
    private Boolean optimistic;

    KeyedUpsert(Keyed<R> table) {
        this.table = table;
    }

    @Override
    public Written write(List<R> rows, Connection db) throws SQLException {
        BatchCheck.Checked<R> checked = table.check().check(rows, db);
        List<R> keep = checked.keep();
        if (keep.isEmpty()) {
            return Written.NOTHING.after(checked);
        }
        if (optimistic == null) {
            optimistic = Sql.isEmpty(db, table.table());
        }
        if (optimistic && tryPlainInsert(keep, db)) {
            return new Written(keep.size(), 0, 0, 0, List.of(), Map.of()).after(checked);
        }
        return carefully(keep, db).after(checked);
    }

    /** False when a key is already there: the failed statement changed nothing. */
    private boolean tryPlainInsert(List<R> rows, Connection db) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(table.insertHead() + Sql.tuples(rows.size(), table.columns().size()))) {
            bind(ps, rows);
            ps.executeLargeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            optimistic = false;
            return false;
        }
    }

    private Written carefully(List<R> rows, Connection db) throws SQLException {
        Map<Long, String> storedById = stored(rows, db);
        Map<String, Long> storedByKey = new HashMap<>();
        storedById.forEach((id, key) -> storedByKey.put(key, id));
        List<R> write = new ArrayList<>(rows.size());
        List<Reject> rejects = new ArrayList<>();
        Map<String, Long> seenKey = new HashMap<>();
        Set<Long> seenId = new HashSet<>();
        long inserts = 0;
        for (R r : rows) {
            String key = table.keyText().apply(r);
            Long holder = storedByKey.get(key);
            if (holder == null || holder == r.id()) {
                holder = seenKey.get(key);
            }
            if (holder != null && holder != r.id()) {
                rejects.add(Reject.of(r, table.duplicateKeyReason(), table.duplicateKeyDetail().apply(r, holder)));
                continue;
            }
            if (!seenId.add(r.id())) {
                rejects.add(Reject.of(r, "duplicate_id", "id " + r.id() + " appears twice in the dump"));
                continue;
            }
            seenKey.put(key, r.id());
            if (!storedById.containsKey(r.id())) {
                inserts++;
            }
            write.add(r);
        }
        if (write.isEmpty()) {
            return new Written(0, 0, 0, 0, rejects, Map.of());
        }
        long affected;
        try (PreparedStatement ps = db.prepareStatement(table.insertHead() + Sql.tuples(write.size(), table.columns().size())
                + " ON DUPLICATE KEY UPDATE " + table.onDuplicateKey())) {
            bind(ps, write);
            affected = ps.executeLargeUpdate();
        }
        long updates = (affected - inserts) / 2;
        return new Written(inserts, updates, write.size() - inserts - updates, 0, rejects, Map.of());
    }

    /** The stored rows sharing an id or a unique key with a row of the batch, as id → key. */
    private Map<Long, String> stored(List<R> rows, Connection db) throws SQLException {
        String sql = "SELECT id, " + table.keySelect() + " FROM " + table.table() + " WHERE id IN (" + Sql.marks(rows.size())
                + ") OR " + table.keyColumn() + " IN (" + Sql.marks(rows.size()) + ")";
        Map<Long, String> byId = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            int i = 1;
            for (R r : rows) {
                ps.setLong(i++, r.id());
            }
            for (R r : rows) {
                ps.setObject(i++, table.keyParam().apply(r));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return byId;
    }

    private void bind(PreparedStatement ps, List<R> rows) throws SQLException {
        int i = 1;
        for (R r : rows) {
            i = table.binder().bind(ps, i, r);
        }
    }
}
