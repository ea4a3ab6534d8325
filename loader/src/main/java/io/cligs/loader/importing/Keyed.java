package io.cligs.loader.importing;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A table with a legacy id and one more unique key (accounts: username, cligs: slug, api_keys: the
 * key's hash), described for {@link KeyedUpsert}, the one careful upsert path they share.
 *
 * @param table the MySQL table
 * @param columns the columns written, in the order {@link #binder} binds them
 * @param onDuplicateKey the {@code ON DUPLICATE KEY UPDATE} assignments of a re-import
 * @param keyColumn the unique column, looked up with {@code keyColumn IN (...)}
 * @param keySelect how the unique column is selected as text (e.g. {@code LOWER(HEX(key_sha256))})
 * @param keyParam the row's value bound in the look-up
 * @param keyText the row's value as {@link #keySelect} gives it, to compare
 * @param duplicateKeyReason the reject reason of a key that belongs to another id
 * @param duplicateKeyDetail the reject detail (row, the other id): never the value of a secret
 * @param check a check against the database before the batch is written
 */
record Keyed<R extends DumpRow>(String table, List<String> columns, String onDuplicateKey, String keyColumn,
                                String keySelect, Function<R, Object> keyParam, Function<R, String> keyText,
                                String duplicateKeyReason, BiFunction<R, Long, String> duplicateKeyDetail,
                                Binder<R> binder, BatchCheck<R> check) {

    /** Binds one row's {@link #columns} from parameter {@code index}; returns the next index. */
    @FunctionalInterface
    interface Binder<R> {
        int bind(PreparedStatement ps, int index, R row) throws SQLException;
    }

    Keyed {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        Objects.requireNonNull(onDuplicateKey, "onDuplicateKey");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(keySelect, "keySelect");
        Objects.requireNonNull(keyParam, "keyParam");
        Objects.requireNonNull(keyText, "keyText");
        Objects.requireNonNull(duplicateKeyReason, "duplicateKeyReason");
        Objects.requireNonNull(duplicateKeyDetail, "duplicateKeyDetail");
        Objects.requireNonNull(binder, "binder");
        Objects.requireNonNull(check, "check");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(table + ": no columns");
        }
    }

    /** {@code INSERT INTO table (cols) VALUES } */
    String insertHead() {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ";
    }
}
