package io.cligs.core.testing;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.schema.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: a fresh MariaDB database per test class on the real local server
 * ({@code CLIG_TEST_MYSQL_URL}, default {@code mysql://root@127.0.0.1:3306/}), migrated with the
 * Flyway schema, dropped afterwards. Use as a static field with {@code @RegisterExtension}.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private final boolean migrate;
    private MysqlUrl url;

    public TestDatabase() {
        this(true);
    }

    public TestDatabase(boolean migrate) {
        this.migrate = migrate;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String base = System.getenv().getOrDefault("CLIG_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test");
        String name = "cligs_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        url = MysqlUrl.parse(base).withDatabase(name);
        if (migrate) {
            Schema.migrate(url);
        } else {
            Schema.createDatabaseIfMissing(url);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (url != null) {
            Schema.dropDatabase(url);
        }
    }

    /** The database of this test class. */
    public MysqlUrl url() {
        if (url == null) {
            throw new IllegalStateException("TestDatabase is used before beforeAll: register it as a static @RegisterExtension field");
        }
        return url;
    }

    /** A blocking JDBC connection for arranging and checking rows in tests. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url().jdbcUrl(), url.user(), url.password());
    }

    /** Runs statements (test arrangement). */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); var s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
