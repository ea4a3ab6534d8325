package io.cligs.loader.importing;

import io.cligs.core.link.InvalidSlugException;
import io.cligs.core.link.InvalidTargetException;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cligs.tsv.gz} into {@code cligs}: the slug as it is (case-sensitive), the URL normalised by
 * core ({@link TargetUrl#normalize}: a URL that must never be forwarded to is a {@code clig_bad_url}
 * reject, so that slug answers 404), times in UTC. {@code version} grows only when a row changes.
 *
 * <p>A clig whose owner is not among the accounts keeps its legacy owner id (ids of new accounts
 * start at 2^32, so it can never point at someone else; the owner can still arrive later) and is
 * counted under the note {@code owner_not_found}. The ids of rejected cligs are remembered in the
 * given set (on the reading thread), so that their rules are orphans. Stateless.
 */
final class CligsTable {

    record Row(long line, long id, Long accountId, String slug, String target, String title, String status,
               String createdAt, String updatedAt) implements DumpRow {
    }

    // version first: MySQL evaluates the assignments left to right, so it still compares the old values
    private static final Keyed<Row> CLIGS = new Keyed<>("cligs",
            List.of("id", "account_id", "slug", "target", "title", "status", "created_at", "updated_at"),
            "version = IF(account_id <=> VALUES(account_id) AND slug = VALUES(slug) AND target = VALUES(target)"
                    + " AND BINARY title <=> BINARY VALUES(title) AND status = VALUES(status)"
                    + " AND created_at <=> VALUES(created_at) AND updated_at = VALUES(updated_at), version, version + 1),"
                    + " account_id = VALUES(account_id), slug = VALUES(slug), target = VALUES(target), title = VALUES(title),"
                    + " status = VALUES(status), created_at = VALUES(created_at), updated_at = VALUES(updated_at)",
            "slug", "slug", Row::slug, Row::slug,
            "duplicate_slug", (r, other) -> "slug '" + r.slug() + "' belongs to clig " + other,
            CligsTable::bind, CligsTable::noteUnknownOwners);

    private CligsTable() {
    }

    /** @param rejectedIds filled on the reading thread with the ids of cligs not imported (not duplicate ids) */
    static TableSpec<Row> spec(IdSet rejectedIds) {
        return new TableSpec<>("cligs", "clig", 8, CligsTable::parse,
                r -> 120 + r.target().length() + (r.title() == null ? 0 : r.title().length() * 2),
                () -> new KeyedUpsert<>(CLIGS), reject -> remember(reject, rejectedIds));
    }

    private static void remember(Reject reject, IdSet rejectedIds) {
        if (reject.reason().equals("duplicate_id")) {
            return; // the first row of that id was imported
        }
        try {
            rejectedIds.add(LegacyIds.intId(reject.id(), "bad_id", "id"));
        } catch (BadRowException e) {
            // no id, no rule can point at it
        }
    }

    static Row parse(String[] f, long line, ParseContext c) throws BadRowException {
        long id = LegacyIds.intId(f[0], "bad_id", "id");
        Long account = f[1] == null ? null : LegacyIds.intId(f[1], "bad_user_id", "user_id");
        String slug;
        try {
            slug = Slug.parse(f[2]).value();
        } catch (InvalidSlugException e) {
            throw new BadRowException("bad_slug", e.getMessage());
        }
        TargetUrl target;
        try {
            target = TargetUrl.normalize(f[3]);
        } catch (InvalidTargetException e) {
            throw new BadRowException("bad_url", e.reason().code() + ": " + e.getMessage());
        }
        String title = f[4];
        if (ParseContext.tooLong(title, 255)) {
            throw new BadRowException("bad_title", "title is longer than 255 characters");
        }
        String created = c.utc(f[5], "created_at");
        String updated = c.utc(f[6], "updated_at");
        String status;
        try {
            status = LinkStatus.parse(f[7]).dbName();
        } catch (IllegalArgumentException e) {
            throw new BadRowException("bad_status", e.getMessage());
        }
        if (updated == null) {
            updated = created != null ? created : c.exportedAtUtc();
            c.note("updated_at_unknown");
        }
        return new Row(line, id, account, slug, target.value(), title, status, created, updated);
    }

    private static BatchCheck.Checked<Row> noteUnknownOwners(List<Row> rows, Connection db) throws SQLException {
        Set<Long> owners = new LinkedHashSet<>();
        for (Row r : rows) {
            if (r.accountId() != null) {
                owners.add(r.accountId());
            }
        }
        Set<Long> found = Sql.existing(db, "accounts", owners);
        long unknown = rows.stream().filter(r -> r.accountId() != null && !found.contains(r.accountId())).count();
        return new BatchCheck.Checked<>(rows, List.of(), unknown == 0 ? Map.of() : Map.of("owner_not_found", unknown));
    }

    private static int bind(PreparedStatement ps, int i, Row r) throws SQLException {
        ps.setLong(i++, r.id());
        if (r.accountId() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, r.accountId());
        }
        ps.setString(i++, r.slug());
        ps.setString(i++, r.target());
        ps.setString(i++, r.title());
        ps.setString(i++, r.status());
        ps.setString(i++, r.createdAt());
        ps.setString(i++, r.updatedAt());
        return i;
    }
}
