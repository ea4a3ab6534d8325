package io.cligs.loader.importing;

/** Builds the placeholder lists of multi-row statements. */
final class Sql {

    private Sql() {
    }

    /** {@code ?,?,...} n times. */
    static String marks(int n) {
        StringBuilder b = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ",?");
        }
        return b.toString();
    }

    /** {@code (?,..),(?,..)}: {@code rows} tuples of {@code cols} placeholders. */
    static String tuples(int rows, int cols) {
        String one = "(" + marks(cols) + ")";
        StringBuilder b = new StringBuilder(rows * (one.length() + 1));
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(one);
        }
        return b.toString();
    }
}
