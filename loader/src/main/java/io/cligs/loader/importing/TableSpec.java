package io.cligs.loader.importing;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * How one table of the dump is imported, as data that {@link TableImport} runs: its file, its
 * field count, the prefix of its reject reasons, how a line becomes a row (on the reading thread),
 * and how a batch of rows is written (a fresh {@link BatchWriter} per run, on the writer thread).
 *
 * @param name the table's name in the dump ({@code users}: {@code users.tsv.gz}) and in the summary
 * @param rejectPrefix put before each reject reason ({@code clig} + {@code bad_url})
 * @param rowBytes about how many bytes a row takes in a statement (batches end at 4 MB)
 * @param onReject told of every reject of the table, on the reading thread (cligs remember the
 *     ids they rejected, so that their rules are orphans)
 */
record TableSpec<R extends DumpRow>(String name, String rejectPrefix, int fields, RowParser<R> parser,
                                    ToIntFunction<R> rowBytes, Supplier<BatchWriter<R>> writer, Consumer<Reject> onReject) {

    TableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rejectPrefix, "rejectPrefix");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(rowBytes, "rowBytes");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(onReject, "onReject");
        if (fields < 1) {
            throw new IllegalArgumentException(name + ": " + fields + " fields");
        }
    }

    String file() {
        return name + ".tsv.gz";
    }
}
