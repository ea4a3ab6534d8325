package io.cligs.loader.importing;

import io.cligs.core.account.LegacyHex;
import io.cligs.core.apikey.ApiKeyHash;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code api_keys.tsv.gz} into {@code api_keys}: the key itself is never stored, only its SHA-256
 * (of the 32 hex characters as ASCII, as they are: the old system compared keys as stored) and its
 * first 8 characters to tell keys apart. A key of an account that is not there is
 * {@code api_keys_orphan}. Revoked keys stay revoked: a zero {@code revoked_at} becomes the export
 * time, and a re-import never un-revokes a key. Stateless.
 */
final class KeysTable {

    static final int PREFIX_LENGTH = 8;

    record Row(long line, long id, long accountId, byte[] sha256, String prefix, String appName,
               String createdAt, String revokedAt) implements DumpRow {
    }

    private static final Keyed<Row> API_KEYS = new Keyed<>("api_keys",
            List.of("id", "account_id", "key_sha256", "key_prefix", "app_name", "created_at", "revoked_at"),
            "account_id = VALUES(account_id), key_sha256 = VALUES(key_sha256), key_prefix = VALUES(key_prefix),"
                    + " app_name = VALUES(app_name), created_at = VALUES(created_at),"
                    + " revoked_at = IF(revoked_at IS NOT NULL AND VALUES(revoked_at) IS NULL, revoked_at, VALUES(revoked_at))",
            "key_sha256", "LOWER(HEX(key_sha256))", Row::sha256, r -> HexFormat.of().formatHex(r.sha256()),
            // never repeat the key: it is a secret
            "duplicate_key", (r, other) -> "the same key is also key " + other,
            KeysTable::bind, KeysTable::rejectOrphans);

    private KeysTable() {
    }

    static TableSpec<Row> spec() {
        return new TableSpec<>("api_keys", "api_keys", 6, KeysTable::parse, r -> 150, () -> new KeyedUpsert<>(API_KEYS),
                reject -> { });
    }

    static Row parse(String[] f, long line, ParseContext c) throws BadRowException {
        long id = LegacyIds.intId(f[0], "bad_id", "id");
        long account = LegacyIds.intId(f[1], "bad_user_id", "user_id");
        String key = f[2];
        if (!LegacyHex.isApiKey(key)) {
            // never repeat the value: it may be a real key
            throw new BadRowException("bad_key", "api_key is not 32 hex digits");
        }
        String app = f[3];
        if (ParseContext.tooLong(app, 64)) {
            throw new BadRowException("bad_app_name", "app_name is longer than 64 characters");
        }
        String created = c.utc(f[4], "created_at");
        String revoked = null;
        if (f[5] != null) {
            revoked = c.utc(f[5], "revoked_at");
            if (revoked == null) {
                revoked = c.exportedAtUtc();
                c.note("revoked_at_unknown");
            }
        }
        return new Row(line, id, account, ApiKeyHash.sha256(key), key.substring(0, PREFIX_LENGTH), app, created, revoked);
    }

    /** Users are committed before keys: the database alone says whether an account is there. */
    private static BatchCheck.Checked<Row> rejectOrphans(List<Row> rows, Connection db) throws SQLException {
        Set<Long> accounts = new LinkedHashSet<>();
        rows.forEach(r -> accounts.add(r.accountId()));
        Set<Long> found = Sql.existing(db, "accounts", accounts);
        List<Row> keep = new ArrayList<>(rows.size());
        List<Reject> rejects = new ArrayList<>();
        for (Row r : rows) {
            if (found.contains(r.accountId())) {
                keep.add(r);
            } else {
                rejects.add(Reject.of(r, "orphan", "account " + r.accountId() + " does not exist"));
            }
        }
        return new BatchCheck.Checked<>(keep, rejects, Map.of());
    }

    private static int bind(PreparedStatement ps, int i, Row r) throws SQLException {
        ps.setLong(i++, r.id());
        ps.setLong(i++, r.accountId());
        ps.setBytes(i++, r.sha256());
        ps.setString(i++, r.prefix());
        ps.setString(i++, r.appName());
        ps.setString(i++, r.createdAt());
        ps.setString(i++, r.revokedAt());
        return i;
    }
}
