package io.cligs.core.schema;

import io.cligs.core.config.MysqlUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the MySQL schema ({@code db/migration} in this jar) with Flyway over JDBC. Blocking: for
 * the loader's {@code migrate}, the quickstart and test fixtures, never an event loop.
 */
public final class Schema {

    private Schema() {
    }

    /** Creates the database when missing, then applies pending migrations; returns how many ran. */
    public static int migrate(MysqlUrl url) throws SQLException {
        createDatabaseIfMissing(url);
        Flyway flyway = Flyway.configure(Schema.class.getClassLoader())
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load();
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }

    public static void createDatabaseIfMissing(MysqlUrl url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcServerUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + url.database() + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    public static void dropDatabase(MysqlUrl url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url.jdbcServerUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + url.database() + "`");
        }
    }
}
