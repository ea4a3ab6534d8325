package io.cligs.loader.importing;

import io.cligs.core.account.PasswordScheme;
import io.cligs.loader.dump.BadRowException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code users.tsv.gz} into {@code accounts}, keeping the legacy id and the password hash with its
 * scheme. A hash the new system already replaced (a login upgraded it) is never overwritten by a
 * re-import, and neither is a later last login.
 */
final class UsersImport extends TableImport<UsersImport.Row> {

    record Row(long line, long id, String username, String email, PasswordScheme scheme, String hash,
                       String status, String createdAt, String lastLoginAt) {
    }

    private static final String UPSERT_HEAD = "INSERT INTO accounts (id, username, email, password_scheme, password_hash,"
            + " status, created_at, last_login_at) VALUES ";
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE username = VALUES(username), email = VALUES(email),"
            + " password_hash = IF(password_scheme IN ('md5','sha1','bcrypt'), VALUES(password_hash), password_hash),"
            + " password_scheme = IF(password_scheme IN ('md5','sha1','bcrypt'), VALUES(password_scheme), password_scheme),"
            + " status = VALUES(status), created_at = VALUES(created_at),"
            + " last_login_at = IF(last_login_at IS NULL OR VALUES(last_login_at) > last_login_at, VALUES(last_login_at), last_login_at)";

    UsersImport(ImportContext ctx) {
        super(ctx, "users", "users", 7);
    }

    @Override
    void accept(String[] f, long line) throws BadRowException {
        long id = ImportContext.id(f[0], "bad_id", "id");
        String username = f[1];
        if (username == null || username.isEmpty() || username.codePointCount(0, username.length()) > 64) {
            throw new BadRowException("bad_username", "username is empty or longer than 64 characters");
        }
        String email = f[2];
        if (email != null && email.codePointCount(0, email.length()) > 255) {
            throw new BadRowException("bad_email", "email is longer than 255 characters");
        }
        PasswordScheme scheme = PasswordScheme.of(f[3]);
        if (scheme == null) {
            throw new BadRowException("bad_password_hash",
                    "password_hash is neither md5 hex, sha1$salt$hex nor bcrypt $2a$/$2y$");
        }
        String created = ctx.utc(f[4], "created_at");
        String lastLogin = ctx.utc(f[5], "last_login_at");
        String status = f[6];
        if (!"active".equals(status) && !"disabled".equals(status)) {
            throw new BadRowException("bad_status", "status '" + ImportContext.abbreviate(status) + "' is neither active nor disabled");
        }
        batch.add(new Row(line, id, username, email, scheme, f[3], status, created, lastLogin));
        pendingBytes += 100 + username.length() + f[3].length();
    }

    @Override
    boolean isEmpty() throws SQLException {
        return tableIsEmpty("accounts");
    }

    @Override
    boolean supportsBulk() {
        return true;
    }

    @Override
    void forgetIds() {
        ctx.accountIds.clear();
    }

    @Override
    void flush(List<Row> batch) throws SQLException {
        if (bulk) {
            // the bulk path: every row is new, written with LOAD DATA (no SQL to parse, no escaping of parameters)
            for (Row r : batch) {
                tsv.field(r.id).field(r.username).field(r.email).field(r.scheme.dbName()).field(r.hash).field(r.status)
                        .field(r.createdAt).field(r.lastLoginAt).endRow();
            }
            loadData("accounts", "(id, username, email, password_scheme, password_hash, status, created_at, last_login_at)", "");
            stats.inserted += batch.size();
            for (Row r : batch) {
                ctx.accountIds.add(r.id);
            }
            batch.clear();
            return;
        }
        if (optimistic && tryPlainInsert(UPSERT_HEAD, batch.size(), 8, ps -> bind(ps, batch))) {
            stats.inserted += batch.size();
            for (Row r : batch) {
                ctx.accountIds.add(r.id);
            }
            batch.clear();
            return;
        }
        Map<Long, String> byId = stored("accounts", "username", batch, r -> r.id, r -> r.username);
        Map<String, Long> byName = byKey(byId);
        List<Row> write = new ArrayList<>(batch.size());
        Map<String, Long> seenName = new HashMap<>();
        Map<Long, Boolean> seenId = new HashMap<>();
        long inserts = 0;
        for (Row r : batch) {
            Long owner = byName.get(r.username);
            Long earlier = seenName.get(r.username);
            if ((owner != null && owner != r.id) || (earlier != null && earlier != r.id)) {
                reject(r.line, Long.toString(r.id), "duplicate_username",
                        "username '" + r.username + "' belongs to account " + (owner != null && owner != r.id ? owner : earlier));
                continue;
            }
            if (seenId.put(r.id, Boolean.TRUE) != null) {
                reject(r.line, Long.toString(r.id), "duplicate_id", "id " + r.id + " appears twice in the dump");
                continue;
            }
            seenName.put(r.username, r.id);
            if (!byId.containsKey(r.id)) {
                inserts++;
            }
            write.add(r);
        }
        batch.clear();
        if (write.isEmpty()) {
            return;
        }
        upsert(UPSERT_HEAD + Sql.tuples(write.size(), 8) + UPSERT_TAIL, write, inserts, UsersImport::bind);
        for (Row r : write) {
            ctx.accountIds.add(r.id);
        }
    }

    private static void bind(PreparedStatement ps, List<Row> rows) throws SQLException {
        int i = 1;
        for (Row r : rows) {
            ps.setLong(i++, r.id);
            ps.setString(i++, r.username);
            ps.setString(i++, r.email);
            ps.setString(i++, r.scheme.dbName());
            ps.setString(i++, r.hash);
            ps.setString(i++, r.status);
            ps.setString(i++, r.createdAt);
            ps.setString(i++, r.lastLoginAt);
        }
    }
}
