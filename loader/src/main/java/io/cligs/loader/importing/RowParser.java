package io.cligs.loader.importing;

import io.cligs.loader.dump.BadRowException;

/** Checks and converts the fields of one line into a table's row, or says why not (on the reading thread). */
@FunctionalInterface
interface RowParser<R extends DumpRow> {

    R parse(String[] fields, long line, ParseContext context) throws BadRowException;
}
