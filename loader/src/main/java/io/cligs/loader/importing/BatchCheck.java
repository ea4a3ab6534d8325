package io.cligs.loader.importing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A table's check of a batch against the database before it is written (on the writer thread):
 * rows it rejects (a key whose account is not there) and notes (a clig whose owner is not there).
 */
@FunctionalInterface
interface BatchCheck<R extends DumpRow> {

    /** Checks nothing. */
    static <R extends DumpRow> BatchCheck<R> none() {
        return (rows, db) -> new Checked<>(rows, List.of(), Map.of());
    }

    Checked<R> check(List<R> rows, Connection db) throws SQLException;

    /** The rows to write, the rows rejected, and notes. */
    record Checked<R>(List<R> keep, List<Reject> rejects, Map<String, Long> notes) {
        public Checked {
            keep = List.copyOf(keep);
            rejects = List.copyOf(rejects);
            notes = Map.copyOf(notes);
        }
    }
}
