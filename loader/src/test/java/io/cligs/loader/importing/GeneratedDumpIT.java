package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.testing.TestDatabase;
import io.cligs.loader.dump.OutfileReader;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.loader.testing.Rows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dumps written by ops/legacy/gen_legacy_dump.py, imported, warmed and verified against Redis: the
 * rejects per reason are exactly the generator's EXPECTED_REJECTS, every expected redirect holds,
 * and a second import changes nothing.
 */
class GeneratedDumpIT {

    @RegisterExtension
    static final LoaderTestbed BED = new LoaderTestbed();
    static final TestDatabase DB = BED.db();

    @ParameterizedTest(name = "{0} cligs, seed {1}, dirty {2}")
    @CsvSource({"2000, 1, 0.0", "2000, 5, 0.3", "5000, 77, 0.03", "3000, 4242, 1.0"})
    void rejectsAndRedirectsAreExactlyTheGeneratorsExpectations(int cligs, long seed, double dirty) throws Exception {
        Dumps.Generated dump = BED.generate(cligs, seed, dirty);
        Cli.Run imp = BED.importDump(dump.dir(), "--batch-size", "700");
        Path rejects = BED.lastRejects();
        assertEquals(0, imp.exitCode(), imp::toString);
        assertEquals(dump.expectedRejects(), Rows.rejectsInSummary(imp.out()), imp::toString);
        long rejectLines = Files.readAllLines(rejects).size() - 1;
        assertEquals(dump.expectedRejects().values().stream().mapToLong(Long::longValue).sum(), rejectLines);

        Cli.Run warm = BED.cli().run("warm");
        assertEquals(0, warm.exitCode(), warm::toString);
        Cli.Run verify = BED.cli().run("verify", dump.expect().toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertTrue(verify.out().contains("redis: 0 mismatches"), verify::toString);
    }

    @Test
    void secondImportChangesNothingAndKeepsSecretsAndTimesRight() throws Exception {
        Dumps.Generated dump = BED.generate(20000, 2009, 0.03);
        Cli.Run first = BED.importDump(dump.dir());
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(dump.expectedRejects(), Rows.rejectsInSummary(first.out()), first::toString);
        Map<String, String> before = Rows.fingerprint(DB);

        Cli.Run second = BED.importDump(dump.dir());
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.out().contains("nothing changed: the database already held this dump"), second::toString);
        for (String t : LegacyImport.TABLES) {
            assertEquals(0, Rows.summaryLine(second.out(), t).get(2), t + " inserted");
            assertEquals(0, Rows.summaryLine(second.out(), t).get(3), t + " updated");
        }
        assertEquals(dump.expectedRejects(), Rows.rejectsInSummary(second.out()));
        assertEquals(before, Rows.fingerprint(DB), "a second import changes no row");

        checkKeys(dump.dir());
        checkUsers(dump.dir());
    }

    /** Keys: stored as SHA-256 with an 8-character prefix; the key in clear is nowhere; revoked stays revoked. */
    private void checkKeys(Path dir) throws Exception {
        long revoked = 0;
        long keys = 0;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutfileReader r = OutfileReader.open(dir.resolve("api_keys.tsv.gz")); Connection c = DB.connect();
             PreparedStatement ps = c.prepareStatement("SELECT id, key_prefix, revoked_at IS NOT NULL FROM api_keys WHERE key_sha256 = ?");
             PreparedStatement clear = c.prepareStatement("SELECT COUNT(*) FROM api_keys WHERE app_name LIKE ? OR key_prefix = ?"
                     + " OR HEX(key_sha256) = UPPER(?) OR INSTR(key_sha256, ?) > 0")) {
            while (r.next()) {
                String[] f = r.fields(6);
                keys++;
                ps.setBytes(1, sha.digest(f[2].getBytes(StandardCharsets.US_ASCII)));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "key " + f[0] + " is stored by its hash");
                    assertEquals(Long.parseLong(f[0]), rs.getLong(1));
                    assertEquals(f[2].substring(0, 8), rs.getString(2));
                    assertEquals(f[5] != null, rs.getBoolean(3), "revocation of key " + f[0]);
                    revoked += f[5] != null ? 1 : 0;
                }
                clear.setString(1, "%" + f[2] + "%");
                clear.setString(2, f[2]);
                clear.setString(3, f[2]);
                clear.setString(4, f[2]);
                try (ResultSet rs = clear.executeQuery()) {
                    rs.next();
                    assertEquals(0, rs.getLong(1), "the clear key " + f[0] + " appears in the database");
                }
            }
        }
        assertTrue(keys > 100 && revoked > 0, keys + " keys, " + revoked + " revoked");
        assertEquals(revoked, Rows.count(DB, "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NOT NULL"));
    }

    /** Users: hash scheme recognised and carried as is; times converted from Europe/London to UTC. */
    private void checkUsers(Path dir) throws Exception {
        try (OutfileReader r = OutfileReader.open(dir.resolve("users.tsv.gz")); Connection c = DB.connect();
             PreparedStatement ps = c.prepareStatement("SELECT password_scheme, password_hash, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s')"
                     + " FROM accounts WHERE id = ?")) {
            int checked = 0;
            while (r.next() && checked < 300) {
                String[] f = r.fields(7);
                ps.setLong(1, Long.parseLong(f[0]));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    String scheme = f[3].startsWith("sha1$") ? "sha1" : f[3].startsWith("$2") ? "bcrypt" : "md5";
                    assertEquals(scheme, rs.getString(1));
                    assertEquals(f[3], rs.getString(2));
                    if (f[4].startsWith("0000")) {
                        assertEquals(null, rs.getString(3), "a zero date is unknown");
                    } else {
                        java.time.LocalDateTime local = java.time.LocalDateTime.parse(f[4].replace(' ', 'T'));
                        String utc = local.atZone(java.time.ZoneId.of("Europe/London")).withZoneSameInstant(java.time.ZoneOffset.UTC)
                                .toLocalDateTime().toString().replace('T', ' ');
                        assertEquals(utc.length() == 16 ? utc + ":00" : utc, rs.getString(3));
                    }
                }
                checked++;
            }
        }
        assertFalse(Rows.count(DB, "SELECT COUNT(*) FROM accounts") == 0);
    }
}
