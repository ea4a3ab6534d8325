package io.cligs.loader.importing;

import io.cligs.core.account.LegacyHex;
import io.cligs.loader.dump.BadRowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code api_keys.tsv.gz} into {@code api_keys}: the key itself is never stored, only its SHA-256
 * (of the 32 hex characters as ASCII) and its first 8 characters to tell keys apart. A key of an
 * account that is not there is {@code api_keys_orphan}. Revoked keys stay revoked: a zero
 * {@code revoked_at} becomes the export time, and a re-import never un-revokes a key.
 */
final class KeysImport extends TableImport<KeysImport.Row> {

    static final int PREFIX_LENGTH = 8;

    record Row(long line, long id, long accountId, byte[] sha256, String prefix, String appName,
                       String createdAt, String revokedAt) {
    }

    private static final String UPSERT_HEAD = "INSERT INTO api_keys (id, account_id, key_sha256, key_prefix, app_name,"
            + " created_at, revoked_at) VALUES ";
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE account_id = VALUES(account_id),"
            + " key_sha256 = VALUES(key_sha256), key_prefix = VALUES(key_prefix), app_name = VALUES(app_name),"
            + " created_at = VALUES(created_at),"
            + " revoked_at = IF(revoked_at IS NOT NULL AND VALUES(revoked_at) IS NULL, revoked_at, VALUES(revoked_at))";

    private final MessageDigest sha256;

    KeysImport(ImportContext ctx) {
        super(ctx, "api_keys", "api_keys", 6);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    void accept(String[] f, long line) throws BadRowException {
        long id = ImportContext.id(f[0], "bad_id", "id");
        long account = ImportContext.id(f[1], "bad_user_id", "user_id");
        String key = f[2];
        if (!LegacyHex.isApiKey(key)) {
            // never repeat the value: it may be a real key
            throw new BadRowException("bad_key", "api_key is not 32 hex digits");
        }
        String app = f[3];
        if (app != null && app.codePointCount(0, app.length()) > 64) {
            throw new BadRowException("bad_app_name", "app_name is longer than 64 characters");
        }
        String created = ctx.utc(f[4], "created_at");
        String revoked = null;
        if (f[5] != null) {
            revoked = ctx.utc(f[5], "revoked_at");
            if (revoked == null) {
                revoked = ctx.exportedAtUtc();
                stats.note("revoked_at_unknown", 1);
            }
        }
        byte[] hash = sha256.digest(key.getBytes(StandardCharsets.US_ASCII));
        batch.add(new Row(line, id, account, hash, key.substring(0, PREFIX_LENGTH), app, created, revoked));
        pendingBytes += 150;
    }

    @Override
    boolean isEmpty() throws SQLException {
        return tableIsEmpty("api_keys");
    }

    @Override
    boolean supportsBulk() {
        return true;
    }

    @Override
    void flush(List<Row> batch) throws SQLException {
        List<Long> unknown = new ArrayList<>();
        for (Row r : batch) {
            if (!ctx.accountIds.contains(r.accountId)) {
                unknown.add(r.accountId);
            }
        }
        Set<Long> inDb = ctx.existing("accounts", unknown);
        if (bulk) {
            // only plain INSERTs on the bulk path: orphans are rejected here, a duplicate key ends the path
            List<Row> write = new ArrayList<>(batch.size());
            for (Row r : batch) {
                if (!ctx.accountIds.contains(r.accountId) && !inDb.contains(r.accountId)) {
                    reject(r.line, Long.toString(r.id), "orphan", "account " + r.accountId + " does not exist");
                } else {
                    write.add(r);
                }
            }
            batch.clear();
            if (!write.isEmpty()) {
                tryPlainInsert(UPSERT_HEAD, write.size(), 7, ps -> bind(ps, write));
                stats.inserted += write.size();
            }
            return;
        }
        if (optimistic && unknown.stream().allMatch(inDb::contains)
                && tryPlainInsert(UPSERT_HEAD, batch.size(), 7, ps -> bind(ps, batch))) {
            stats.inserted += batch.size();
            batch.clear();
            return;
        }
        HexFormat hex = HexFormat.of();
        Map<Long, String> byId = new HashMap<>();
        Map<String, Long> byHash = new HashMap<>();
        String sql = "SELECT id, key_sha256 FROM api_keys WHERE id IN (" + Sql.marks(batch.size()) + ") OR key_sha256 IN ("
                + Sql.marks(batch.size()) + ")";
        try (PreparedStatement ps = ctx.db.prepareStatement(sql)) {
            int i = 1;
            for (Row r : batch) {
                ps.setLong(i++, r.id);
            }
            for (Row r : batch) {
                ps.setBytes(i++, r.sha256);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String h = hex.formatHex(rs.getBytes(2));
                    byId.put(rs.getLong(1), h);
                    byHash.put(h, rs.getLong(1));
                }
            }
        }
        List<Row> write = new ArrayList<>();
        Map<String, Long> seenHash = new HashMap<>();
        Set<Long> seenId = new HashSet<>();
        long inserts = 0;
        for (Row r : batch) {
            if (!ctx.accountIds.contains(r.accountId) && !inDb.contains(r.accountId)) {
                reject(r.line, Long.toString(r.id), "orphan", "account " + r.accountId + " does not exist");
                continue;
            }
            String h = hex.formatHex(r.sha256);
            Long holder = byHash.get(h);
            if (holder == null || holder == r.id) {
                holder = seenHash.get(h);
            }
            if (holder != null && holder != r.id) {
                reject(r.line, Long.toString(r.id), "duplicate_key", "the same key is also key " + holder);
                continue;
            }
            if (!seenId.add(r.id)) {
                reject(r.line, Long.toString(r.id), "duplicate_id", "id " + r.id + " appears twice in the dump");
                continue;
            }
            seenHash.put(h, r.id);
            if (!byId.containsKey(r.id)) {
                inserts++;
            }
            write.add(r);
        }
        batch.clear();
        if (write.isEmpty()) {
            return;
        }
        upsert(UPSERT_HEAD + Sql.tuples(write.size(), 7) + UPSERT_TAIL, write, inserts, KeysImport::bind);
    }

    private static void bind(PreparedStatement ps, List<Row> rows) throws SQLException {
        int i = 1;
        for (Row r : rows) {
            ps.setLong(i++, r.id);
            ps.setLong(i++, r.accountId);
            ps.setBytes(i++, r.sha256);
            ps.setString(i++, r.prefix);
            ps.setString(i++, r.appName);
            ps.setString(i++, r.createdAt);
            ps.setString(i++, r.revokedAt);
        }
    }
}
