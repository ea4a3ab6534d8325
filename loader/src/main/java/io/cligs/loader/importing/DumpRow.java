package io.cligs.loader.importing;

/** A row read from a dump: where it was (for the rejects file) and its legacy id. */
interface DumpRow {

    /** 1-based line in its table file. */
    long line();

    /** The legacy id (1..2^32-1). */
    long id();
}
