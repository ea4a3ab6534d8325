package io.cligs.loader.importing;

import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did to one table. {@code inserted + updated + unchanged} rows were committed (or
 * found already there); the others were rejected, each counted under its reason. Notes count
 * rows imported with a remark (e.g. an owner that is not in the dump). Rejects and notes are
 * synchronized (two threads count them); the counters are final once the import returned.
 */
public final class TableStats {

    private final String table;
    long read;
    long inserted;
    long updated;
    long unchanged;
    final Map<String, Long> rejected = new TreeMap<>();
    final Map<String, Long> notes = new TreeMap<>();

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

    /** Rows the table now holds from this dump (new, changed or already there). */
    public long imported() {
        return inserted + updated + unchanged;
    }

    public synchronized long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejected rows per reason ({@code clig_bad_url}, ...). */
    public synchronized Map<String, Long> rejected() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(rejected));
    }

    public synchronized Map<String, Long> notes() {
        return java.util.Collections.unmodifiableMap(new TreeMap<>(notes));
    }

    /** Back to nothing (a rolled-back bulk attempt; the table is read again). */
    synchronized void reset() {
        read = 0;
        inserted = 0;
        updated = 0;
        unchanged = 0;
        rejected.clear();
        notes.clear();
    }

    synchronized void note(String what, long n) {
        notes.merge(what, n, Long::sum);
    }

    synchronized void reject(String reason) {
        rejected.merge(reason, 1L, Long::sum);
    }
}
