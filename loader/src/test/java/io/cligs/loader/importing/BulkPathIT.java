package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk path (LOAD DATA LOCAL INFILE of the validated rows into empty tables) writes exactly what
 * the careful path (per-batch INSERTs, {@code CLIG_LOADER_NO_BULK}) writes: every column of every
 * row, NULLs, times, binary key hashes, escapes and non-ASCII text; the same summary and rejects file.
 */
class BulkPathIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    @TempDir
    Path tmp;

    private Cli cli;

    @BeforeEach
    void clean() throws Exception {
        Rows.clear(DB);
        cli = new Cli(DB, REDIS);
        cli.env().put("CLIG_LOADER_TIMING", "1");
    }

    private record Result(Cli.Run run, Map<String, String> rows, List<String> rejects) {
    }

    private Result importBoth(Path dir, boolean bulk) throws Exception {
        Rows.clear(DB);
        if (bulk) {
            cli.env().remove("CLIG_LOADER_NO_BULK");
        } else {
            cli.env().put("CLIG_LOADER_NO_BULK", "1");
        }
        Path rejects = tmp.resolve(bulk ? "rejects-bulk.tsv" : "rejects-careful.tsv");
        Cli.Run run = cli.run("import", dir.toString(), "--rejects", rejects.toString());
        assertEquals(0, run.exitCode(), run::toString);
        return new Result(run, Rows.fingerprint(DB), Files.readAllLines(rejects));
    }

    private void assertSame(Path dir) throws Exception {
        Result bulk = importBoth(dir, true);
        for (String table : List.of("users", "cligs")) {
            assertTrue(bulk.run.err().contains("timing " + table + " (bulk)"), () -> table + " did not take the bulk path:\n" + bulk.run);
        }
        assertFalse(bulk.run.err().contains("the bulk path ended"), bulk.run::toString);
        Result careful = importBoth(dir, false);
        assertFalse(careful.run.err().contains("(bulk)"), careful.run::toString);
        assertEquals(careful.rows, bulk.rows);
        assertEquals(careful.rejects, bulk.rejects);
        assertEquals(summary(careful.run.out()), summary(bulk.run.out()));
    }

    /** The summary's table lines (read, imported, inserted, ... rejected) and reasons. */
    private static List<Object> summary(String out) {
        List<Object> s = new ArrayList<>();
        for (String table : List.of("users", "cligs", "rightclig", "api_keys")) {
            s.add(Rows.summaryLine(out, table));
        }
        s.add(Rows.rejectsInSummary(out));
        return s;
    }

    @Test
    void aGeneratedDumpIsImportedIdenticallyOnTheBulkAndTheCarefulPath() throws Exception {
        Dumps.Generated dump = Dumps.generate(tmp, 20000, 2009, 0.03);
        assertSame(dump.dir());
    }

    @Test
    void escapesNullsTimesAndNonAsciiRoundTripOnTheBulkPath() throws Exception {
        Map<String, List<String>> t = new HashMap<>();
        t.put("users", List.of(
                "1\tna\\\\me\\tx\\\\N\tü@example.com\t5f4dcc3b5aa765d61d8327deb882cf99\t2009-07-01 12:00:00\t\\N\tactive",
                "2\t\\\\N\t\\N\tsha1$ab$0123456789abcdef0123456789abcdef01234567\t0000-00-00 00:00:00\t2010-03-28 02:30:00\tdisabled",
                "3\t名前😀\t\t$2a$10$abcdefghijklmnopqrstuuJ1Pq3B3C4ZLGfJ2HJ8Dfk0N/2nT3qzO\t2009-10-25 02:30:00\t2009-10-25 03:00:00\tactive"));
        t.put("cligs", List.of(
                "1\t1\tabc\texample.com/a\ttitle with \\t tab, \\n newline, \\\\ backslash, \\0 nul\t2009-01-15 12:00:00\t2009-07-01 12:00:00\tactive",
                "2\t\\N\tA.b-c_9\thttps://example.org/ü?q=a b\t\\N\t0000-00-00 00:00:00\t0000-00-00 00:00:00\tdisabled",
                "3\t99\tx\thttp://example.net/\\\\N\t\\\\N\t\\N\t2009-07-01 12:00:00\tdeleted",
                "4\t3\temoji\thttp://example.net/\tΚαλημέρα 😀 \\\\t\t2009-01-15 12:00:00\t2009-07-01 12:00:00\tactive",
                "5\t2\tempty\thttp://example.net/\t\t2009-01-15 12:00:00\t2009-07-01 12:00:00\tactive"));
        t.put("rightclig", List.of("1\t1\tuk\thttps://example.co.uk/\t2009-01-15 12:00:00"));
        t.put("api_keys", List.of(
                "1\t1\t0123456789abcdef0123456789abcdef\t\\N\t2009-01-15 12:00:00\t\\N",
                "2\t3\tfedcba9876543210fedcba9876543210\tapp\\tname ü\t\\N\t0000-00-00 00:00:00"));
        Path dir = Dumps.write(tmp.resolve("d"), t);
        assertSame(dir);
        assertEquals("title with \t tab, \n newline, \\ backslash, \0 nul", Rows.string(DB, "SELECT title FROM cligs WHERE id = 1"));
        assertEquals("Καλημέρα 😀 \\t", Rows.string(DB, "SELECT title FROM cligs WHERE id = 4"));
        assertEquals("\\N", Rows.string(DB, "SELECT title FROM cligs WHERE id = 3"));
        assertEquals("", Rows.string(DB, "SELECT title FROM cligs WHERE id = 5"));
        assertEquals(1, Rows.count(DB, "SELECT COUNT(*) FROM cligs WHERE id = 2 AND account_id IS NULL AND title IS NULL AND created_at IS NULL"));
        assertEquals("\\N", Rows.string(DB, "SELECT username FROM accounts WHERE id = 2"));
        assertEquals("", Rows.string(DB, "SELECT email FROM accounts WHERE id = 3"));
    }
}
