package io.cligs.store.link;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The link SQL and the one mapping of rows to {@link Link}: a clig row ({@code id, slug, target, status,
 * version}) with its rule rows ({@code country, target}). Every module reads links through here.
 */
final class LinkSql {

    /** One link with its rules: one row per rule, or one row with NULL rule columns. */
    static final String BY_SLUG = "SELECT c.id, c.slug, c.target, c.status, c.version, r.country, r.target, c.expires_at "
            + "FROM cligs c LEFT JOIN rightclig_rules r ON r.clig_id = c.id WHERE c.slug = ?";

    /** Several links with their rules: {@link #BY_SLUG} for an {@code IN} list (append the marks and ')'). */
    static final String BY_SLUGS_HEAD = "SELECT c.id, c.slug, c.target, c.status, c.version, r.country, r.target, c.expires_at "
            + "FROM cligs c LEFT JOIN rightclig_rules r ON r.clig_id = c.id WHERE c.slug IN (";

    /**
     * A page of links with their rules in id order, in one round trip: keyset pagination within
     * {@code (after, upTo]} (no OFFSET: constant cost per page), one row per rule.
     */
    static final String PAGE = "SELECT c.id, c.slug, c.target, c.status, c.version, r.country, r.target, c.expires_at FROM "
            + "(SELECT id, slug, target, status, version, expires_at FROM cligs WHERE id > ? AND id <= ? ORDER BY id LIMIT ?) c "
            + "LEFT JOIN rightclig_rules r ON r.clig_id = c.id ORDER BY c.id";

    /** The id at a position of the id order (index-only scan): where a range of pages begins. */
    static final String ID_AT = "SELECT id FROM cligs ORDER BY id LIMIT 1 OFFSET ?";

    /** The link write: the clig row locked for the transaction, with what the history records beside it. */
    static final String LOCK = "SELECT id, slug, target, status, version, title, account_id, expires_at FROM cligs WHERE slug = ? "
            + "FOR UPDATE";

    static final String RULES_OF = "SELECT country, target FROM rightclig_rules WHERE clig_id = ?";

    static final String UPDATE = "UPDATE cligs SET target = ?, title = ?, status = ?, expires_at = ?, version = version + 1, updated_at = ? "
            + "WHERE id = ?";

    static final String SET_RULE = "INSERT INTO rightclig_rules (clig_id, country, target) VALUES (?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE target = VALUES(target), legacy_id = NULL";

    static final String REMOVE_RULE = "DELETE FROM rightclig_rules WHERE clig_id = ? AND country = ?";

    static final String HISTORY = "INSERT INTO link_history (clig_id, at, actor, account_id, change_kind, before_state, after_state) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** A new link (version 1, active); its rules and history row follow in the same transaction. */
    static final String INSERT = "INSERT INTO cligs (account_id, slug, target, title, status, created_at, updated_at, expires_at, "
            + "version) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, 1)";

    private LinkSql() {
    }

    /** The link of a {@link #BY_SLUG} result, or null when there is none. */
    static Link fromJoinedRows(RowSet<Row> rows) {
        Map<String, Link> bySlug = fromJoinedRowsBySlug(rows);
        return bySlug.isEmpty() ? null : bySlug.values().iterator().next();
    }

    /** The links of a {@link #BY_SLUGS_HEAD} result by slug. */
    static Map<String, Link> fromJoinedRowsBySlug(RowSet<Row> rows) {
        Map<String, Row> cligs = new HashMap<>();
        Map<String, Map<CountryCode, TargetUrl>> rules = new HashMap<>();
        for (Row row : rows) {
            String slug = row.getString(1);
            cligs.put(slug, row);
            Map<CountryCode, TargetUrl> mine = rules.computeIfAbsent(slug, s -> new HashMap<>());
            String country = row.getString(5);
            if (country != null) {
                mine.put(CountryCode.parse(country), TargetUrl.of(row.getString(6)));
            }
        }
        Map<String, Link> out = new HashMap<>();
        for (Map.Entry<String, Row> e : cligs.entrySet()) {
            out.put(e.getKey(), link(e.getValue(), rules.get(e.getKey())));
        }
        return out;
    }

    /** {@code n} question marks separated by commas. */
    static String marks(int n) {
        StringBuilder b = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ",?");
        }
        return b.toString();
    }

    /** The links of a {@link #PAGE} result, in id order. */
    static List<Link> fromPage(RowSet<Row> rows) {
        Map<Long, Row> cligs = new LinkedHashMap<>();
        Map<Long, Map<CountryCode, TargetUrl>> rules = new HashMap<>();
        for (Row row : rows) {
            long id = row.getLong(0);
            cligs.putIfAbsent(id, row);
            String country = row.getString(5);
            if (country != null) {
                rules.computeIfAbsent(id, k -> new HashMap<>()).put(CountryCode.parse(country), TargetUrl.of(row.getString(6)));
            }
        }
        List<Link> links = new ArrayList<>(cligs.size());
        for (Map.Entry<Long, Row> e : cligs.entrySet()) {
            links.add(link(e.getValue(), rules.getOrDefault(e.getKey(), Map.of())));
        }
        return links;
    }

    /** Row ↔ link: columns {@code id, slug, target, status, version} in this order, and {@code expires_at} (UTC) by name. */
    static Link link(Row clig, Map<CountryCode, TargetUrl> rules) {
        return new Link(clig.getLong(0), Slug.parse(clig.getString(1)), TargetUrl.of(clig.getString(2)),
                LinkStatus.parse(clig.getString(3)), rules, clig.getLong(4), instant(clig.getLocalDateTime("expires_at")));
    }

    static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
