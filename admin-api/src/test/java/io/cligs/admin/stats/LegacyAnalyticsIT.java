package io.cligs.admin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.aggregate.ClickEvents;
import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.config.EnvVar;
import io.cligs.core.testing.TestDatabase;
import io.cligs.loader.Main;
import io.cligs.store.testing.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The old click log end to end: a generated dump (dirty clicks included) imported, its clicks sent by
 * {@code loader analytics --verify} (in-process), classified and rolled up by this admin API's own
 * aggregator, read back through the stats API: every link's total (bots included) is its number of clean
 * clicks in the dump. A second run changes no total.
 */
class LegacyAnalyticsIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS, Map.of(EnvVar.CLIG_AGGREGATOR_BLOCK_MS.name(), "200"));

    /** Two ranges of at most 400 days that hold every generated click (March 2008 to early 2010). */
    private static final List<String> RANGES = List.of("?from=2008-02-28&to=2009-03-31&include_bots=true",
            "?from=2009-04-01&to=2010-03-31&include_bots=true");
    private static Path tmp;
    private static Path dump;
    private static String admin;

    @BeforeAll
    static void dump() throws Exception {
        tmp = Files.createTempDirectory("analytics-admin-it-");
        dump = tmp.resolve("dump");
        Path expect = tmp.resolve("expect").resolve("expect.tsv");
        Files.createDirectories(expect.getParent());
        Process p = new ProcessBuilder("python3", generator().toString(), dump.toString(), "--cligs", "300", "--seed", "23",
                "--dirty", "0.1", "--expect", expect.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("gen.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, () -> read(tmp.resolve("gen.log")));
        admin = API.newKey(API.signUpAndLogIn("analytics-ops"), "ops");
        DB.execute("UPDATE accounts SET role = 'admin' WHERE username = 'analytics-ops'");
        String[] imported = loader("import", dump.toString(), "--rejects", tmp.resolve("import-rejects.tsv").toString());
        assertEquals("0", imported[0], () -> String.join("\n", imported));
    }

    @AfterAll
    static void clean() throws Exception {
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static Path generator() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path g = d.resolve("ops/legacy/gen_legacy_dump.py");
            if (Files.isRegularFile(g)) {
                return g;
            }
        }
        throw new IllegalStateException("ops/legacy/gen_legacy_dump.py not found");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Runs the loader in-process against the API's database and Redis prefix: exit code, out, err. */
    private static String[] loader(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put(EnvVar.CLIG_MYSQL_URL.name(), DB.url().url());
        env.put(EnvVar.CLIG_REDIS_URL.name(), REDIS.url());
        env.put(EnvVar.CLIG_REDIS_PREFIX.name(), REDIS.prefix());
        env.put(EnvVar.CLIG_VISITOR_SECRET.name(), "the legacy analytics IT's secret");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /** The generator's clean clicks per clig id. */
    private static Map<Long, Long> cleanClicksPerLink() throws Exception {
        Map<Long, Long> out = new TreeMap<>();
        for (String line : Files.readAllLines(tmp.resolve("expect").resolve("expect_clicks.tsv"))) {
            out.merge(Long.parseLong(line.split("\t", 3)[1]), 1L, Long::sum);
        }
        return out;
    }

    /** Every clig's total clicks (bots included) as the stats API says, for the cligs with clean clicks. */
    private static Map<Long, Long> statsTotals(Map<Long, Long> links) throws Exception {
        Map<Long, String> slugs = new HashMap<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id, slug FROM cligs")) {
            while (r.next()) {
                slugs.put(r.getLong(1), r.getString(2));
            }
        }
        Map<Long, Long> out = new TreeMap<>();
        for (Long link : links.keySet()) {
            long total = 0;
            for (String range : RANGES) {
                Answer a = API.get("/api/v3/cligs/" + slugs.get(link) + "/stats" + range, admin);
                assertEquals(200, a.status(), () -> "link " + link + ": " + a);
                total += a.json().getLong("total");
            }
            out.put(link, total);
        }
        return out;
    }

    @Test
    void theOldClickLogRollsUpToTheDumpsCleanClicksPerLinkAndASecondRunCountsNothingTwice() throws Exception {
        Map<Long, Long> expected = cleanClicksPerLink();
        assertTrue(expected.size() > 50, "a dump with clicks on many links: " + expected.size());
        String[] first = loader("analytics", dump.toString(), "--rejects", tmp.resolve("rejects-1.tsv").toString(), "--verify",
                "--stall-timeout", "60");
        assertEquals("0", first[0], () -> String.join("\n", first));
        assertTrue(first[1].contains("aggregator: every event sent is applied"), first[1]);
        assertTrue(first[1].contains("no mismatch"), first[1]);
        assertEquals(expected, statsTotals(expected), "stats totals per link = the dump's clean clicks");

        String[] second = loader("analytics", dump.toString(), "--rejects", tmp.resolve("rejects-2.tsv").toString(), "--verify",
                "--stall-timeout", "60");
        assertEquals("0", second[0], () -> String.join("\n", second));
        assertTrue(second[1].contains("no mismatch"), second[1]);
        assertEquals(expected, statsTotals(expected), "a second run changes no total");
        ClickEvents.await("the stream drained", java.time.Duration.ofSeconds(30), () -> {
            try {
                long length = 0;
                for (int shard = 0; shard < Integer.parseInt(EnvVar.CLIG_CLICK_STREAM_SHARDS.defaultValue()); shard++) {
                    length += ((Number) REDIS.command("XLEN", REDIS.prefix() + "clicks:{" + shard + "}")).longValue();
                }
                return length == 0;
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }
}
