package io.cligs.loader.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.config.EnvVar;
import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.EventText;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.net.IpAddress;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.store.click.ClickStream;
import io.cligs.store.testing.StreamContents;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code loader analytics} on a generated dump with dirty clicks, against the real MariaDB and Redis (no
 * aggregator here: the events are read back from the stream). Every clean click is exactly one event with
 * the generator's link, UTC time, country and visitor address; every dirty row one reject with the
 * generator's reason; a second run sends the same ids.
 */
class AnalyticsIT {

    @RegisterExtension
    static final LoaderTestbed BED = new LoaderTestbed();

    private static final String SECRET = "the analytics IT's visitor secret";
    private static Vertx vertx;
    private static CountryTable countries;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        countries = CountryTable.bundledTestDatabase();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** One line of the generator's expect_clicks.tsv. */
    record Expected(long id, long link, long ms, String visitor, String oldCountry, String ua, String referrer) {
    }

    private static Map<String, Expected> expected(Dumps.Generated d) throws Exception {
        Map<String, Expected> out = new HashMap<>();
        for (String line : Files.readAllLines(d.expect().resolveSibling("expect_clicks.tsv"))) {
            String[] f = line.split("\t", -1);
            Expected e = new Expected(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3], f[4],
                    unescape(f[5]), unescape(f[6]));
            out.put("legacy-0-" + Long.toString(e.id(), 36), e);
        }
        return out;
    }

    private static String unescape(String field) {
        return "\\N".equals(field) ? null : field.replace("\\t", "\t").replace("\\\\", "\\");
    }

    private static Map<String, Long> expectedRejects(Dumps.Generated d) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String line : Files.readAllLines(d.expect().resolveSibling("EXPECTED_CLICK_REJECTS"))) {
            if (!line.isBlank()) {
                String[] kv = line.split("=");
                out.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return out;
    }

    private Cli.Run analytics(Path dump, Path rejects, String... more) {
        BED.cli().env().put("CLIG_VISITOR_SECRET", SECRET);
        List<String> args = new ArrayList<>(List.of("analytics", dump.toString(), "--rejects", rejects.toString()));
        args.addAll(List.of(more));
        return BED.cli().run(args.toArray(String[]::new));
    }

    /** Every entry of the test's click stream, in order. */
    private static List<ClickStream.Entry> stream() {
        // the loader runs with the default number of streams (CLIG_CLICK_STREAM_SHARDS)
        return StreamContents.entries(vertx, BED.redis().url(), BED.redis().prefix(),
                Integer.parseInt(EnvVar.CLIG_CLICK_STREAM_SHARDS.defaultValue()));
    }

    private static Map<String, Long> rejectsByReason(Path file) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        List<String> lines = Files.readAllLines(file);
        assertEquals("table\tline\tid\treason\tdetail", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            assertEquals("clicks", f[0]);
            assertTrue(Long.parseLong(f[1]) >= 1, line);
            assertFalse(f[4].isEmpty(), "a reject says why: " + line);
            out.merge(f[3], 1L, Long::sum);
        }
        return out;
    }

    @Test
    void everyCleanClickIsOneEventAndEveryDirtyRowARejectAndASecondRunSendsTheSameIds() throws Exception {
        Dumps.Generated d = BED.generate(600, 11, 0.2);
        assertEquals(0, BED.importDump(d.dir()).exitCode());
        Map<String, Expected> expected = expected(d);
        Map<String, Long> expectedRejects = expectedRejects(d);
        long rows = Files.readAllLines(d.dir().resolve("MANIFEST")).stream().filter(l -> l.startsWith("rows.clicks="))
                .mapToLong(l -> Long.parseLong(l.substring(12))).sum();
        assertTrue(expectedRejects.keySet().containsAll(List.of("clicks_bad_date", "clicks_bad_ip", "clicks_bad_clig_id",
                "clicks_orphan", "clicks_bad_field_count", "clicks_bad_id")), "the dump has every kind of dirt: " + expectedRejects);

        Path rejects1 = BED.tmp().resolve("analytics-rejects-1.tsv");
        Cli.Run run1 = analytics(d.dir(), rejects1, "--max-backlog", "0", "--batch", "97");
        assertEquals(0, run1.exitCode(), run1::toString);
        assertEquals(expectedRejects, rejectsByReason(rejects1));
        assertEquals(rows, expected.size() + expectedRejects.values().stream().mapToLong(Long::longValue).sum(),
                "the generator's clean and dirty rows add up to the dump's");
        assertTrue(run1.out().contains(String.format("  sent      %12d events", expected.size())), run1::toString);
        assertTrue(run1.out().contains(String.format("  read      %12d clicks", rows)), run1::toString);

        List<ClickStream.Entry> once = stream();
        assertEquals(expected.size(), once.size(), "one event per clean click");
        VisitorHash hash = VisitorHash.of(SECRET);
        int geoip = 0;
        int proxied = 0;
        for (ClickStream.Entry entry : once) {
            StreamEvent event = entry.event();
            ClickRecord c = (ClickRecord) event;
            Expected e = expected.remove(c.eventId());
            assertNotNull(e, "an event the dump has as a clean click, once: " + c.eventId());
            assertEquals(e.link(), c.linkId(), c.eventId());
            assertEquals(e.ms(), c.epochMillis(), c.eventId());
            byte[] visitor = "-".equals(e.visitor()) ? null : IpAddress.parse(e.visitor());
            CountryCode country = "-".equals(e.oldCountry()) ? countries.lookup(visitor) : new CountryCode(e.oldCountry());
            assertEquals(country, c.country(), c.eventId() + " visitor " + e.visitor() + " old " + e.oldCountry());
            String ua = EventText.userAgent(e.ua());
            assertEquals(ua, c.userAgent());
            assertEquals(hash.hash(visitor, ua, e.ms()), c.visitorHash(), c.eventId());
            assertEquals(EventText.referrerHost(e.referrer()), c.referrerHost());
            assertEquals("legacy", c.edgeId());
            if ("-".equals(e.oldCountry()) && country != null) {
                geoip++;
            }
            if ("2.125.160.217".equals(e.visitor())) {
                assertEquals(new CountryCode("GB"), c.country(), "10.0.0.1, 2.125.160.217 is a visitor from GB");
                proxied++;
            }
        }
        assertTrue(expected.isEmpty(), "every clean click sent: " + expected.keySet());
        assertTrue(geoip > 0 && proxied > 0, "GeoIP2 filled countries (" + geoip + "), of proxied visitors too (" + proxied + ")");

        Path rejects2 = BED.tmp().resolve("analytics-rejects-2.tsv");
        Cli.Run second = analytics(d.dir(), rejects2, "--max-backlog", "0");
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals(Files.readAllLines(rejects1), Files.readAllLines(rejects2));
        List<ClickStream.Entry> twice = stream();
        assertEquals(2 * once.size(), twice.size());
        // batches in flight may land in another order: the same events with the same ids, as sets
        Map<String, StreamEvent> first = new HashMap<>();
        once.forEach(e -> first.put(e.event().eventId(), e.event()));
        // the second run's entries: those not there after the first (entry ids differ; a stream per shard)
        List<ClickStream.Entry> secondRun = new ArrayList<>(twice);
        secondRun.removeAll(once);
        assertEquals(once.size(), secondRun.size(), "the first run's entries are still there");
        Map<String, StreamEvent> again = new HashMap<>();
        secondRun.forEach(e -> again.put(e.event().eventId(), e.event()));
        assertEquals(first, again, "the same events with the same ids");
    }

    @Test
    void withoutAnAggregatorItPausesAtTheBoundSaysSoAndGivesUpWhenTheStreamDoesNotShrink() throws Exception {
        Dumps.Generated d = BED.generate(600, 11, 0.2);
        assertEquals(0, BED.importDump(d.dir()).exitCode());
        Cli.Run r = analytics(d.dir(), BED.tmp().resolve("analytics-rejects-3.tsv"), "--max-backlog", "100", "--batch", "50",
                "--stall-timeout", "1");
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.out().contains("[paused: the click stream holds"), r::toString);
        assertTrue(r.err().contains("is an aggregator running"), r::toString);
        assertTrue(r.out().contains("summary (INCOMPLETE"), r::toString);
        long sent = stream().size();
        assertTrue(sent >= 100 && sent < 600, "stopped near the bound: " + sent);
    }

    @Test
    void aVerifyWithoutRollupsListsEveryLinkAsAMismatchAndAMissingSecretIsOneLine() throws Exception {
        Dumps.Generated d = BED.generate(600, 11, 0.2);
        assertEquals(0, BED.importDump(d.dir()).exitCode());
        Cli.Run v = analytics(d.dir(), BED.tmp().resolve("analytics-rejects-4.tsv"), "--verify-only");
        assertEquals(1, v.exitCode(), v::toString);
        assertTrue(v.out().contains("MISMATCH link "), v::toString);
        assertTrue(v.out().contains("MISMATCHED links"), v::toString);
        assertTrue(stream().isEmpty(), "--verify-only sends nothing");

        BED.cli().env().remove("CLIG_VISITOR_SECRET");
        Cli.Run noSecret = BED.cli().run("analytics", d.dir().toString(), "--rejects",
                BED.tmp().resolve("analytics-rejects-5.tsv").toString());
        assertEquals(1, noSecret.exitCode(), noSecret::toString);
        assertTrue(noSecret.err().startsWith("analytics failed: ") && noSecret.err().contains("CLIG_VISITOR_SECRET"),
                noSecret::toString);
    }
}
