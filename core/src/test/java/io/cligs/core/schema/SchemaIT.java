package io.cligs.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cligs.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchemaIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void migratingAgainRunsNothing() throws SQLException {
        assertEquals(0, Schema.migrate(db.url()));
    }

    @Test
    void slugsAreCaseSensitiveAndUnique() throws SQLException {
        db.execute("INSERT INTO cligs (id, slug, target, status, updated_at) VALUES (1, 'abc', 'http://a.example/', 'active', NOW())",
                "INSERT INTO cligs (id, slug, target, status, updated_at) VALUES (2, 'ABC', 'http://b.example/', 'active', NOW())");
        assertThrows(SQLException.class, () -> db.execute(
                "INSERT INTO cligs (id, slug, target, status, updated_at) VALUES (3, 'abc', 'http://c.example/', 'active', NOW())"));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT target FROM cligs WHERE slug = 'ABC'")) {
            rs.next();
            assertEquals("http://b.example/", rs.getString(1));
        }
    }

    @Test
    void newSystemIdsStartAboveTheLegacyRange() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (username, password_scheme, password_hash) VALUES ('new-user', 'argon2id', 'x')",
                    Statement.RETURN_GENERATED_KEYS);
            try (ResultSet rs = s.getGeneratedKeys()) {
                rs.next();
                assertEquals(4294967296L, rs.getLong(1));
            }
        }
    }

    @Test
    void rulesGoWithTheirClig() throws SQLException {
        db.execute("INSERT INTO cligs (id, slug, target, status, updated_at) VALUES (10, 'rules', 'http://a.example/', 'active', NOW())",
                "INSERT INTO rightclig_rules (clig_id, country, target) VALUES (10, 'GB', 'http://gb.example/')",
                "DELETE FROM cligs WHERE id = 10");
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rightclig_rules WHERE clig_id = 10")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }
}
