package io.cligs.store;

import io.vertx.mysqlclient.MySQLException;

/** Recognises MySQL's "duplicate entry" (error 1062) on a unique key. */
public final class Duplicates {

    private Duplicates() {
    }

    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof MySQLException m && m.getErrorCode() == 1062;
    }
}
