package io.cligs.loader.importing;

import io.cligs.core.link.InvalidSlugException;
import io.cligs.core.link.InvalidTargetException;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.loader.dump.BadRowException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * counted under the note {@code owner_not_found}.
 */
final class CligsImport extends TableImport<CligsImport.Row> {

    record Row(long line, long id, Long accountId, String slug, String target, String title, String status,
                       String createdAt, String updatedAt) {
    }

    private static final String UPSERT_HEAD = "INSERT INTO cligs (id, account_id, slug, target, title, status, created_at,"
            + " updated_at) VALUES ";
    // version first: MySQL evaluates the assignments left to right, so it still compares the old values
    private static final String UPSERT_TAIL = " ON DUPLICATE KEY UPDATE"
            + " version = IF(account_id <=> VALUES(account_id) AND slug = VALUES(slug) AND target = VALUES(target)"
            + " AND BINARY title <=> BINARY VALUES(title) AND status = VALUES(status) AND created_at <=> VALUES(created_at)"
            + " AND updated_at = VALUES(updated_at), version, version + 1),"
            + " account_id = VALUES(account_id), slug = VALUES(slug), target = VALUES(target), title = VALUES(title),"
            + " status = VALUES(status), created_at = VALUES(created_at), updated_at = VALUES(updated_at)";

    CligsImport(ImportContext ctx) {
        super(ctx, "cligs", "clig", 8);
    }

    @Override
    void accept(String[] f, long line) throws BadRowException {
        long id = ImportContext.id(f[0], "bad_id", "id");
        Long account = f[1] == null ? null : ImportContext.id(f[1], "bad_user_id", "user_id");
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
        if (title != null && title.codePointCount(0, title.length()) > 255) {
            throw new BadRowException("bad_title", "title is longer than 255 characters");
        }
        String created = ctx.utc(f[5], "created_at");
        String updated = ctx.utc(f[6], "updated_at");
        if (updated == null) {
            updated = created != null ? created : ctx.exportedAtUtc();
            stats.note("updated_at_unknown", 1);
        }
        String status;
        try {
            status = LinkStatus.parse(f[7]).dbName();
        } catch (IllegalArgumentException e) {
            throw new BadRowException("bad_status", e.getMessage());
        }
        batch.add(new Row(line, id, account, slug, target.value(), title, status, created, updated));
        pendingBytes += 120 + target.value().length() + (title == null ? 0 : title.length() * 2);
    }

    @Override
    void rejected(String[] fields) {
        if (fields != null) {
            try {
                ctx.rejectedCligIds.add(ImportContext.id(fields[0], "bad_id", "id"));
            } catch (BadRowException e) {
                // no id, no rules can point at it
            }
        }
    }

    @Override
    boolean isEmpty() throws SQLException {
        return tableIsEmpty("cligs");
    }

    @Override
    boolean supportsBulk() {
        return true;
    }

    @Override
    void forgetIds() {
        ctx.cligIds.clear();
        ctx.rejectedCligIds.clear();
    }

    @Override
    void flush(List<Row> batch) throws SQLException {
        noteUnknownOwners(batch);
        if (bulk) {
            // the bulk path: every row is new, written with LOAD DATA (no SQL to parse, no escaping of parameters)
            for (Row r : batch) {
                tsv.field(r.id).field(r.accountId).field(r.slug).field(r.target).field(r.title).field(r.status)
                        .field(r.createdAt).field(r.updatedAt).endRow();
            }
            loadData("cligs", "(id, account_id, slug, target, title, status, created_at, updated_at)", "");
            stats.inserted += batch.size();
            for (Row r : batch) {
                ctx.cligIds.add(r.id);
            }
            batch.clear();
            return;
        }
        if (optimistic && tryPlainInsert(UPSERT_HEAD, batch.size(), 8, ps -> bind(ps, batch))) {
            stats.inserted += batch.size();
            for (Row r : batch) {
                ctx.cligIds.add(r.id);
            }
            batch.clear();
            return;
        }
        Map<Long, String> byId = stored("cligs", "slug", batch, r -> r.id, r -> r.slug);
        Map<String, Long> bySlug = byKey(byId);
        List<Row> write = new ArrayList<>(batch.size());
        Map<String, Long> seenSlug = new HashMap<>();
        Set<Long> seenId = new HashSet<>();
        long inserts = 0;
        for (Row r : batch) {
            Long holder = bySlug.get(r.slug);
            if (holder == null || holder == r.id) {
                holder = seenSlug.get(r.slug);
            }
            if (holder != null && holder != r.id) {
                reject(r.line, Long.toString(r.id), "duplicate_slug", "slug '" + r.slug + "' belongs to clig " + holder);
                ctx.rejectedCligIds.add(r.id);
                continue;
            }
            if (!seenId.add(r.id)) {
                reject(r.line, Long.toString(r.id), "duplicate_id", "id " + r.id + " appears twice in the dump");
                continue;
            }
            seenSlug.put(r.slug, r.id);
            if (!byId.containsKey(r.id)) {
                inserts++;
            }
            write.add(r);
        }
        batch.clear();
        if (write.isEmpty()) {
            return;
        }
        upsert(UPSERT_HEAD + Sql.tuples(write.size(), 8) + UPSERT_TAIL, write, inserts, CligsImport::bind);
        for (Row r : write) {
            ctx.cligIds.add(r.id);
        }
    }

    private static void bind(PreparedStatement ps, List<Row> rows) throws SQLException {
        int i = 1;
        for (Row r : rows) {
            ps.setLong(i++, r.id);
            if (r.accountId == null) {
                ps.setNull(i++, java.sql.Types.BIGINT);
            } else {
                ps.setLong(i++, r.accountId);
            }
            ps.setString(i++, r.slug);
            ps.setString(i++, r.target);
            ps.setString(i++, r.title);
            ps.setString(i++, r.status);
            ps.setString(i++, r.createdAt);
            ps.setString(i++, r.updatedAt);
        }
    }

    private void noteUnknownOwners(List<Row> batch) throws SQLException {
        List<Long> unknown = new ArrayList<>();
        for (Row r : batch) {
            if (r.accountId != null && !ctx.accountIds.contains(r.accountId)) {
                unknown.add(r.accountId);
            }
        }
        if (!unknown.isEmpty()) {
            Set<Long> found = ctx.existing("accounts", unknown);
            for (Long a : unknown) {
                if (!found.contains(a)) {
                    stats.note("owner_not_found", 1);
                }
            }
        }
    }
}
