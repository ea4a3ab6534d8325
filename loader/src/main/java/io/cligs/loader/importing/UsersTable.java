package io.cligs.loader.importing;

import io.cligs.core.account.PasswordScheme;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyIds;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code users.tsv.gz} into {@code accounts}, keeping the legacy id and the password hash with its
 * scheme. A hash the new system already replaced (a login upgraded it) is never overwritten by a
 * re-import, and neither is a later last login. Stateless.
 */
final class UsersTable {

    record Row(long line, long id, String username, String email, PasswordScheme scheme, String hash,
               String status, String createdAt, String lastLoginAt) implements DumpRow {
    }

    private static final Keyed<Row> ACCOUNTS = new Keyed<>("accounts",
            List.of("id", "username", "email", "password_scheme", "password_hash", "status", "created_at", "last_login_at"),
            "username = VALUES(username), email = VALUES(email),"
                    + " password_hash = IF(password_scheme IN ('md5','sha1','bcrypt'), VALUES(password_hash), password_hash),"
                    + " password_scheme = IF(password_scheme IN ('md5','sha1','bcrypt'), VALUES(password_scheme), password_scheme),"
                    + " status = VALUES(status), created_at = VALUES(created_at),"
                    + " last_login_at = IF(last_login_at IS NULL OR VALUES(last_login_at) > last_login_at,"
                    + " VALUES(last_login_at), last_login_at)",
            "username", "username", Row::username, Row::username,
            "duplicate_username", (r, other) -> "username '" + r.username() + "' belongs to account " + other,
            UsersTable::bind, BatchCheck.none());

    private UsersTable() {
    }

    static TableSpec<Row> spec() {
        return new TableSpec<>("users", "users", 7, UsersTable::parse,
                r -> 100 + r.username().length() + r.hash().length(), () -> new KeyedUpsert<>(ACCOUNTS), reject -> { });
    }

    static Row parse(String[] f, long line, ParseContext c) throws BadRowException {
        long id = LegacyIds.intId(f[0], "bad_id", "id");
        String username = f[1];
        if (username == null || username.isEmpty() || ParseContext.tooLong(username, 64)) {
            throw new BadRowException("bad_username", "username is empty or longer than 64 characters");
        }
        String email = f[2];
        if (ParseContext.tooLong(email, 255)) {
            throw new BadRowException("bad_email", "email is longer than 255 characters");
        }
        PasswordScheme scheme = PasswordScheme.of(f[3]);
        if (scheme == null) {
            throw new BadRowException("bad_password_hash",
                    "password_hash is neither md5 hex, sha1$salt$hex nor bcrypt $2a$/$2y$");
        }
        String created = c.utc(f[4], "created_at");
        String lastLogin = c.utc(f[5], "last_login_at");
        String status = f[6];
        if (!"active".equals(status) && !"disabled".equals(status)) {
            throw new BadRowException("bad_status",
                    "status '" + BadRowException.abbreviate(status) + "' is neither active nor disabled");
        }
        return new Row(line, id, username, email, scheme, f[3], status, created, lastLogin);
    }

    private static int bind(PreparedStatement ps, int i, Row r) throws SQLException {
        ps.setLong(i++, r.id());
        ps.setString(i++, r.username());
        ps.setString(i++, r.email());
        ps.setString(i++, r.scheme().dbName());
        ps.setString(i++, r.hash());
        ps.setString(i++, r.status());
        ps.setString(i++, r.createdAt());
        ps.setString(i++, r.lastLoginAt());
        return i;
    }
}
