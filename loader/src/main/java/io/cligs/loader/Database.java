package io.cligs.loader;

import io.cligs.core.config.MysqlUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Blocking JDBC connections for the CLI (never an event loop): real affected-row counts, UTC sessions, timeouts. */
public final class Database {

    /** MySQL's ER_BAD_DB_ERROR. */
    private static final int UNKNOWN_DATABASE = 1049;

    private Database() {
    }

    public static Connection connect(MysqlUrl url) throws LoaderException {
        // useAffectedRows: ON DUPLICATE KEY UPDATE then counts 0 for an unchanged row (not "found")
        String jdbc = url.jdbcUrl() + "?useAffectedRows=true&connectTimeout=10000&socketTimeout=600000";
        try {
            Connection c = DriverManager.getConnection(jdbc, url.user(), url.password());
            try (Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
            }
            return c;
        } catch (SQLException e) {
            if (e.getErrorCode() == UNKNOWN_DATABASE) {
                throw new LoaderException("the database '" + url.database() + "' does not exist at " + url
                        + ": run `loader migrate` first", e);
            }
            throw new LoaderException("cannot connect to MySQL at " + url + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a clear message when the schema is not there yet. */
    public static void requireSchema(Connection c, MysqlUrl url) throws LoaderException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT id FROM cligs LIMIT 0").close();
            s.executeQuery("SELECT clig_id FROM rightclig_rules LIMIT 0").close();
        } catch (SQLException e) {
            throw new LoaderException("the database " + url + " has no cligs schema: run `loader migrate` first");
        }
    }
}
