package io.cligs.loader.importing;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did to one table. {@code inserted + updated + unchanged} rows were committed (or
 * found already there); {@code superseded} rules lost to a higher legacy id; the others were
 * rejected, each counted under its reason. Notes count rows imported with a remark (e.g. an owner
 * that is not in the dump). Only committed batches are counted.
 *
 * <p>Not thread-safe: the import's reading thread alone changes it (it adds the writer's
 * {@link Written} values); read it after the import returned.
 */
public final class TableStats {

    private final String table;
    private long read;
    private long inserted;
    private long updated;
    private long unchanged;
    private long superseded;
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> notes = new TreeMap<>();

    TableStats(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    public long read() {
        return read;
    }

    public long inserted() {
        return inserted;
    }

    public long updated() {
        return updated;
    }

    public long unchanged() {
        return unchanged;
    }

    /** Rules that lost to a higher legacy id for the same clig and country (FORMAT.md), not imported. */
    public long superseded() {
        return superseded;
    }

    /** Rows the table now holds from this dump (new, changed or already there). */
    public long imported() {
        return inserted + updated + unchanged;
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejected rows per reason ({@code clig_bad_url}, ...). */
    public Map<String, Long> rejected() {
        return Collections.unmodifiableMap(new TreeMap<>(rejected));
    }

    public Map<String, Long> notes() {
        return Collections.unmodifiableMap(new TreeMap<>(notes));
    }

    void countRead() {
        read++;
    }

    void add(Written w) {
        inserted += w.inserted();
        updated += w.updated();
        unchanged += w.unchanged();
        superseded += w.superseded();
        w.notes().forEach(this::note);
    }

    void note(String what, long n) {
        notes.merge(what, n, Long::sum);
    }

    void reject(String reason) {
        rejected.merge(reason, 1L, Long::sum);
    }
}
