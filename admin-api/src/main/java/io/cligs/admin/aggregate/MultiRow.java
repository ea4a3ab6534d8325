package io.cligs.admin.aggregate;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-row statements ({@code INSERT ... VALUES (...), (...)}, {@code WHERE (...) IN ((...), (...))}):
 * one statement for many rows instead of one execution per row. The rows are cut into chunks of
 * {@link #SIZES} rows (greedy, largest first), so whatever the row count only a few statement texts are
 * prepared (and cached by the pool); chunks of one size go in one pipelined {@code executeBatch}, in row
 * order, and the sizes run one after the other, largest first, so the rows reach MySQL in the order given
 * (the dedupe's lock order depends on it).
 */
final class MultiRow {

    /** Chunk sizes, largest first; the last must be 1. */
    static final int[] SIZES = {256, 64, 16, 4, 1};

    private MultiRow() {
    }

    /** Runs {@code head + row, row, ... + tail} over the rows; the sum of the affected-row counts. */
    static Future<Long> update(SqlConnection conn, String head, String row, String tail, List<Tuple> rows) {
        return run(conn, head, row, tail, rows, 0, 0L, (sum, set) -> sum + set.rowCount());
    }

    /** Runs {@code head + row, row, ... + tail} over the rows; every row answered, in chunk order. */
    static Future<List<Row>> select(SqlConnection conn, String head, String row, String tail, List<Tuple> rows) {
        return run(conn, head, row, tail, rows, 0, (List<Row>) new ArrayList<Row>(), (all, set) -> {
            set.forEach(all::add);
            return all;
        });
    }

    private interface Fold<T> {
        T add(T acc, RowSet<Row> set);
    }

    private static <T> Future<T> run(SqlConnection conn, String head, String row, String tail, List<Tuple> rows, int sizeIndex,
                                     T acc, Fold<T> fold) {
        if (rows.isEmpty() || sizeIndex == SIZES.length) {
            return Future.succeededFuture(acc);
        }
        int size = SIZES[sizeIndex];
        int chunks = rows.size() / size;
        if (chunks == 0) {
            return run(conn, head, row, tail, rows, sizeIndex + 1, acc, fold);
        }
        List<Tuple> batch = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            Tuple t = Tuple.tuple();
            for (Tuple r : rows.subList(c * size, (c + 1) * size)) {
                for (int i = 0; i < r.size(); i++) {
                    t.addValue(r.getValue(i));
                }
            }
            batch.add(t);
        }
        String sql = sql(head, row, tail, size);
        List<Tuple> rest = rows.subList(chunks * size, rows.size());
        Future<RowSet<Row>> done = chunks == 1 ? conn.preparedQuery(sql).execute(batch.get(0))
                : conn.preparedQuery(sql).executeBatch(batch);
        return done.compose(result -> {
            T next = acc;
            for (RowSet<Row> r = result; r != null; r = r.next()) {
                next = fold.add(next, r);
            }
            return run(conn, head, row, tail, rest, sizeIndex + 1, next, fold);
        });
    }

    static String sql(String head, String row, String tail, int rows) {
        StringBuilder sql = new StringBuilder(head.length() + tail.length() + rows * (row.length() + 2));
        sql.append(head);
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(row);
        }
        return sql.append(tail).toString();
    }
}
