package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.testing.TestDatabase;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.loader.testing.Rows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: a clear message or a reject with its reason, never a stack trace, never a silent skip,
 * and a summary that says exactly what was committed.
 */
class BadInputIT {

    @RegisterExtension
    static final LoaderTestbed BED = new LoaderTestbed();
    static final TestDatabase DB = BED.db();

    @TempDir
    Path tmp;

    private static String user(int id, String status) {
        return id + "\tuser" + id + "\tuser" + id + "@example.com\t5f4dcc3b5aa765d61d8327deb882cf99\t2009-07-01 12:00:00\t\\N\t" + status;
    }

    private static String clig(int id, String slug, String url, String status) {
        return id + "\t1\t" + slug + "\t" + url + "\t\\N\t2009-01-15 12:00:00\t2009-07-01 12:00:00\t" + status;
    }

    private Map<String, List<String>> good() {
        Map<String, List<String>> t = new HashMap<>();
        t.put("users", new ArrayList<>(List.of(user(1, "active"), user(2, "disabled"))));
        t.put("cligs", new ArrayList<>(List.of(clig(1, "abc", "example.com/a", "active"), clig(2, "ABC", "https://example.org/b", "deleted"))));
        t.put("rightclig", new ArrayList<>(List.of("1\t1\tuk\thttps://example.co.uk/\t2009-01-15 12:00:00")));
        t.put("api_keys", new ArrayList<>(List.of("1\t1\t0123456789abcdef0123456789abcdef\t\\N\t2009-01-15 12:00:00\t\\N")));
        return t;
    }

    private static Cli.Run importDump(Path dir) {
        return BED.importDump(dir);
    }

    private static void assertNoStackTrace(Cli.Run run) {
        assertFalse(run.err().contains("\tat ") || run.out().contains("\tat "), () -> "a stack trace was printed:\n" + run);
    }

    @Test
    void goodDumpImportsWithEscapesTimesAndCountries() throws Exception {
        Map<String, List<String>> t = good();
        t.get("cligs").add("3\t\\N\tesc\thttp://example.com/a\\\\b c\\td\t\\N\t0000-00-00 00:00:00\t2009-07-01 12:00:00\tactive");
        Cli.Run run = importDump(Dumps.write(tmp.resolve("d"), t));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(3L, 3L, 3L, 0L, 0L, 0L, 0L), Rows.summaryLine(run.out(), "cligs"));
        assertEquals("http://example.com/a", Rows.string(DB, "SELECT target FROM cligs WHERE slug = 'abc'"));
        assertEquals("http://example.com/a%5Cb%20c%09d", Rows.string(DB, "SELECT target FROM cligs WHERE slug = 'esc'"));
        assertEquals(null, Rows.string(DB, "SELECT created_at FROM cligs WHERE slug = 'esc'"), "zero date: unknown");
        assertEquals(null, Rows.string(DB, "SELECT account_id FROM cligs WHERE slug = 'esc'"), "anonymous clig");
        assertEquals("2009-07-01 11:00:00", Rows.string(DB, "SELECT DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s') FROM cligs WHERE id = 1"));
        assertEquals("2009-01-15 12:00:00", Rows.string(DB, "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM cligs WHERE id = 1"));
        assertEquals("GB", Rows.string(DB, "SELECT country FROM rightclig_rules WHERE clig_id = 1"));
        assertEquals("deleted", Rows.string(DB, "SELECT status FROM cligs WHERE slug = 'ABC'"));
    }

    @Test
    void truncatedGzipStopsBeforeAnythingIsWritten() throws Exception {
        Map<String, List<String>> t = good();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 3; i < 3000; i++) {
            t.get("cligs").add(clig(i, "s" + i + Long.toHexString(rnd.nextLong()), "http://example.com/" + Long.toHexString(rnd.nextLong()), "active"));
        }
        Path dir = Dumps.write(tmp.resolve("d"), t);
        Path file = dir.resolve("cligs.tsv.gz");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 200));
        Cli.Run run = importDump(dir);
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("import failed: cligs.tsv.gz is truncated"), run::toString);
        java.util.regex.Matcher after = java.util.regex.Pattern.compile("ends after line (\\d+)").matcher(run.err());
        assertTrue(after.find(), run::toString);
        long lastGood = Long.parseLong(after.group(1));
        assertTrue(lastGood > 2000 && lastGood < 3000, "the last good line is named: " + run.err());
        assertTrue(run.out().contains("summary: nothing was written"), run::toString);
        assertNoStackTrace(run);
        assertEquals(0, Rows.count(DB, "SELECT COUNT(*) FROM cligs") + Rows.count(DB, "SELECT COUNT(*) FROM accounts"));
    }

    @Test
    void unknownManifestFormatIsRefused() throws Exception {
        Path dir = Dumps.write(tmp.resolve("d"), good());
        Path manifest = dir.resolve("MANIFEST");
        Files.writeString(manifest, Files.readString(manifest).replace("cligs-legacy-1", "cligs-legacy-9"));
        Cli.Run run = importDump(dir);
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("unknown dump format 'cligs-legacy-9' in MANIFEST: this loader reads cligs-legacy-1"), run::toString);
        assertTrue(run.out().contains("summary: nothing was written"), run::toString);
        assertNoStackTrace(run);
    }

    @Test
    void rowCountsThatDisagreeWithTheManifestAreRefused() throws Exception {
        Path dir = Dumps.write(tmp.resolve("d"), good());
        Path manifest = dir.resolve("MANIFEST");
        Files.writeString(manifest, Files.readString(manifest).replace("rows.cligs=2", "rows.cligs=3"));
        Cli.Run run = importDump(dir);
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("cligs.tsv.gz has 2 rows where the MANIFEST says rows.cligs=3"), run::toString);
        assertTrue(run.err().contains("nothing was imported"), run::toString);
        assertEquals(0, Rows.count(DB, "SELECT COUNT(*) FROM accounts"));
        assertNoStackTrace(run);
    }

    @Test
    void lineWithTheWrongNumberOfFieldsIsRejected() throws Exception {
        Map<String, List<String>> t = good();
        t.get("users").add("3\tuser3\tonly-three-more\tfields");
        Cli.Run run = importDump(Dumps.write(tmp.resolve("d"), t));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(3L, 2L, 2L, 0L, 0L, 0L, 1L), Rows.summaryLine(run.out(), "users"));
        assertEquals(Map.of("users_bad_field_count", 1L), Rows.rejectsInSummary(run.out()));
        List<String> rejects = Files.readAllLines(BED.lastRejects());
        assertEquals("table\tline\tid\treason\tdetail", rejects.get(0));
        assertTrue(rejects.get(1).startsWith("users\t3\t3\tusers_bad_field_count\t4 fields where 7 were expected"), rejects.get(1));
    }

    @Test
    void unknownStatusIsRejectedAndItsRulesAreOrphans() throws Exception {
        Map<String, List<String>> t = good();
        t.get("cligs").set(0, clig(1, "abc", "example.com/a", "archived"));
        Cli.Run run = importDump(Dumps.write(tmp.resolve("d"), t));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Map.of("clig_bad_status", 1L, "rightclig_orphan", 1L), Rows.rejectsInSummary(run.out()));
        assertEquals(List.of(2L, 1L, 1L, 0L, 0L, 0L, 1L), Rows.summaryLine(run.out(), "cligs"));
        assertEquals(List.of(1L, 0L, 0L, 0L, 0L, 0L, 1L), Rows.summaryLine(run.out(), "rightclig"));
        assertEquals(0, Rows.count(DB, "SELECT COUNT(*) FROM cligs WHERE slug = 'abc'"));
        assertTrue(Files.readString(BED.lastRejects()).contains("unknown link status 'archived'"));
    }

    @Test
    void brokenUtf8IsRejected() throws Exception {
        Path dir = Dumps.write(tmp.resolve("d"), good());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((clig(1, "abc", "example.com/a", "active") + "\n").getBytes(StandardCharsets.UTF_8));
        b.write("2\t1\tbad\thttp://example.com/".getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[] {(byte) 0xC3, (byte) 0x28});
        b.write("\t\\N\t2009-01-15 12:00:00\t2009-01-15 12:00:00\tactive\n".getBytes(StandardCharsets.UTF_8));
        Dumps.writeGzBytes(dir.resolve("cligs.tsv.gz"), b.toByteArray());
        Cli.Run run = importDump(dir);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Map.of("clig_bad_utf8", 1L), Rows.rejectsInSummary(run.out()), run::toString);
        assertEquals(List.of(2L, 1L, 1L, 0L, 0L, 0L, 1L), Rows.summaryLine(run.out(), "cligs"));
        assertTrue(Files.readString(BED.lastRejects()).contains("cligs\t2\t2\tclig_bad_utf8\tfield 4 is not valid UTF-8"));
    }

    @Test
    void unknownHashOrphanKeyAndDuplicateRulesFollowTheRules() throws Exception {
        Map<String, List<String>> t = good();
        t.get("users").add("3\tuser3\t\\N\tplaintext-password\t2009-01-15 12:00:00\t\\N\tactive");
        t.get("api_keys").add("2\t99\tfedcba9876543210fedcba9876543210\tTweetDeck\t2009-01-15 12:00:00\t0000-00-00 00:00:00");
        t.get("api_keys").add("3\t2\tfedcba9876543210fedcba98765432ff\t\\N\t2009-01-15 12:00:00\t0000-00-00 00:00:00");
        // two rules for clig 1 and GB: the higher id wins although it comes first
        t.get("rightclig").set(0, "7\t1\tGB\thttps://example.co.uk/seven\t2009-01-15 12:00:00");
        t.get("rightclig").add("5\t1\tuk\thttps://example.co.uk/five\t2009-01-15 12:00:00");
        t.get("rightclig").add("6\t1\tEU\thttps://example.eu/\t2009-01-15 12:00:00");
        Cli.Run run = importDump(Dumps.write(tmp.resolve("d"), t));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Map.of("users_bad_password_hash", 1L, "api_keys_orphan", 1L, "rightclig_bad_country", 1L),
                Rows.rejectsInSummary(run.out()));
        assertEquals("https://example.co.uk/seven", Rows.string(DB, "SELECT target FROM rightclig_rules WHERE clig_id = 1 AND country = 'GB'"));
        assertEquals(List.of(3L, 1L, 1L, 0L, 0L, 1L, 1L), Rows.summaryLine(run.out(), "rightclig"),
                "the rule that lost to a higher id is superseded, not unchanged, on a first import");
        assertEquals("2009-09-14 01:00:00", Rows.string(DB,
                "SELECT DATE_FORMAT(revoked_at, '%Y-%m-%d %H:%i:%s') FROM api_keys WHERE id = 3"), "revoked at an unknown time stays revoked");
    }

    @Test
    void duplicatesInTheDumpAreRejectedAlikeOnAFirstImportAndOnAReimport() throws Exception {
        Map<String, List<String>> t = good();
        t.get("users").add("3\tuser1\t\\N\t5f4dcc3b5aa765d61d8327deb882cf99\t2009-01-15 12:00:00\t\\N\tactive");
        t.get("cligs").add(clig(3, "abc", "https://example.net/dup-slug", "active"));
        t.get("cligs").add(clig(2, "xyz", "https://example.net/dup-id", "active"));
        t.get("api_keys").add("2\t2\t0123456789abcdef0123456789abcdef\t\\N\t2009-01-15 12:00:00\t\\N");
        Path dir = Dumps.write(tmp.resolve("d"), t);
        Map<String, Long> expected = Map.of("users_duplicate_username", 1L, "clig_duplicate_slug", 1L,
                "clig_duplicate_id", 1L, "api_keys_duplicate_key", 1L);
        String fingerprint = "SELECT CONCAT((SELECT GROUP_CONCAT(id, username ORDER BY id) FROM accounts), '|',"
                + " (SELECT GROUP_CONCAT(id, slug, target, status ORDER BY id) FROM cligs), '|',"
                + " (SELECT GROUP_CONCAT(id, account_id ORDER BY id) FROM api_keys))";

        Cli.Run first = importDump(dir); // empty tables: a plain INSERT fails, the batch takes the careful path
        assertEquals(0, first.exitCode(), first::toString);
        assertEquals(expected, Rows.rejectsInSummary(first.out()), first::toString);
        String rows = Rows.string(DB, fingerprint);
        assertEquals("https://example.org/b", Rows.string(DB, "SELECT target FROM cligs WHERE id = 2"), "the first row of an id wins");
        assertEquals(1, Rows.count(DB, "SELECT COUNT(*) FROM cligs WHERE slug = 'abc'"));

        Cli.Run again = importDump(dir); // the careful path from the first batch
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(expected, Rows.rejectsInSummary(again.out()), again::toString);
        assertTrue(again.out().contains("nothing changed"), again::toString);
        assertEquals(rows, Rows.string(DB, fingerprint));
    }
}
