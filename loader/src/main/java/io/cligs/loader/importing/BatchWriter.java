package io.cligs.loader.importing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes one batch of a table (the caller commits). Called only on the import's writer thread, so
 * an implementation may keep state from batch to batch (e.g. whether its table was empty); a new
 * instance serves each run of a table.
 */
@FunctionalInterface
interface BatchWriter<R extends DumpRow> {

    Written write(List<R> rows, Connection db) throws SQLException;
}
