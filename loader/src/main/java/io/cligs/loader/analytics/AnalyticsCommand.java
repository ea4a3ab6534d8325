package io.cligs.loader.analytics;

import io.cligs.core.config.ConfigException;
import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import io.cligs.core.geo.CountryTable;
import io.cligs.loader.CommandShell;
import io.cligs.loader.Database;
import io.cligs.loader.LoaderConfig;
import io.cligs.loader.LoaderException;
import io.cligs.loader.dump.Manifest;
import io.cligs.loader.importing.Rejects;
import io.cligs.store.Store;
import io.cligs.store.click.ClickStream;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loader analytics DIR}: see {@link LegacyAnalytics} and ADR 0019. */
@Command(name = "analytics",
        description = {"Sends the legacy click log (clicks.tsv.gz of a dump) to the click stream as click events, "
                + "for the admin API's aggregator to classify and roll up like live clicks.",
                "Each event keeps the link, the time in UTC, the old country (else GeoIP2 on the first public address), "
                + "a visitor hash under CLIG_VISITOR_SECRET, the referrer's host and the agent. Running it again sends "
                + "the same event ids, so nothing is counted twice.",
                "Rows that cannot be sent go to the rejects file with their reason. It pauses while the stream holds "
                + "more than --max-backlog entries."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row was sent or rejected (and, with --verify, the rollups agree)",
                "1:the dump, MySQL or Redis failed, the aggregator stalled, or --verify found a mismatch",
                "2:bad command line"})
public final class AnalyticsCommand implements Callable<Integer> {

    /** Used by --verify-only, which sends nothing and so hashes nothing that leaves the process. */
    private static final String UNUSED_SECRET = "verify-only: no event leaves the loader";

    @Mixin
    CommandShell shell;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dump directory, with its MANIFEST and clicks.tsv.gz.")
    Path dir;

    @Option(names = "--rejects", paramLabel = "FILE", defaultValue = "analytics-rejects.tsv",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path rejects;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Events per pipelined XADD batch, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--max-backlog", paramLabel = "N", defaultValue = "200000",
            description = "Pause while the click streams hold more than N entries; 0 never pauses (default: ${DEFAULT-VALUE}).")
    long maxBacklog;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Give up when a paused or awaited stream has not shrunk for this long (default: ${DEFAULT-VALUE}).")
    long stallSeconds;

    @Option(names = "--wait", description = "After sending, wait until the aggregator has applied every event sent.")
    boolean await;

    @Option(names = "--verify", description = "After --wait, compare the clicks per link of the dump with the rollups.")
    boolean verify;

    @Option(names = "--verify-only", description = "Send nothing: only compare the dump's clicks per link with the rollups.")
    boolean verifyOnly;

    @Option(names = "--verify-before", paramLabel = "DATE",
            description = "Compare only the UTC days before DATE (YYYY-MM-DD; default: the day after the last click).")
    String verifyBefore;

    @Option(names = "--resp-out", paramLabel = "FILE", hidden = true,
            description = "Benchmarks only: write the XADDs as RESP to FILE instead of sending them.")
    Path respOut;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || batch > 100_000) {
            throw shell.badUsage("--batch " + batch + " is out of range 1..100000");
        }
        if (maxBacklog < 0 || stallSeconds < 1) {
            throw shell.badUsage("--max-backlog is 0 or more, --stall-timeout 1 or more");
        }
        if (verifyOnly && (await || respOut != null)) {
            throw shell.badUsage("--verify-only sends nothing: it goes without --wait and --resp-out");
        }
        if (respOut != null && (await || verify)) {
            throw shell.badUsage("--resp-out sends nothing: it goes without --wait and --verify");
        }
        LocalDate before;
        try {
            before = verifyBefore == null ? null : LocalDate.parse(verifyBefore);
        } catch (DateTimeParseException e) {
            throw shell.badUsage("--verify-before '" + verifyBefore + "' is not a YYYY-MM-DD date");
        }
        return shell.run("", (config, out, err) -> run(config, before, out, err));
    }

    private int run(LoaderConfig config, LocalDate before, PrintWriter out, PrintWriter err) throws Exception {
        Env env = Env.of(shell.env());
        String secret = env.string(EnvVar.CLIG_VISITOR_SECRET);
        if (secret == null && !verifyOnly) {
            throw new ConfigException(EnvVar.CLIG_VISITOR_SECRET.name(), "is needed for the visitor hash: set the edges' "
                    + "secret (16 bytes or more)");
        }
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 16) {
            throw new ConfigException(EnvVar.CLIG_VISITOR_SECRET.name(), "at least 16 bytes");
        }
        int shards = env.integer(EnvVar.CLIG_CLICK_STREAM_SHARDS, 1, 1024);
        Map<EnvVar, String> shown = new EnumMap<>(EnvVar.class);
        shown.put(EnvVar.CLIG_VISITOR_SECRET, secret == null ? "(unset)" : secret);
        shown.put(EnvVar.CLIG_CLICK_STREAM_SHARDS, Integer.toString(shards));
        out.println("loader analytics: " + EnvVar.describe(shown).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")) + String.format(Locale.ROOT, " --batch %d --max-backlog %d%s%s", batch,
                maxBacklog, await || verify ? " --wait" : "", verify || verifyOnly ? " --verify" : ""));
        out.flush();

        Manifest manifest = Manifest.read(dir);
        CountryTable countries = CountryTable.openOrBundled(config.geoipDb());
        try (Connection db = Database.connect(config.mysql())) {
            Database.requireSchema(db, config.mysql());
            if (verify || verifyOnly) {
                requireRollups(db);
            }
            LinkIds links = LinkIds.load(db);
            out.println("analytics: " + links.size() + " cligs in MySQL; GeoIP2 from " + countries.source());
            LegacyClicks clicks = LegacyAnalytics.converter(manifest, countries, secret == null ? UNUSED_SECRET : secret, links);
            if (respOut != null) {
                return toRespFile(clicks, manifest, config, shards, out);
            }
            try (Store store = Store.open(config.mysql(), config.redis(), Duration.ofSeconds(30), 4);
                 Rejects rejectsFile = new Rejects(rejects)) {
                ClickStream stream = new ClickStream(store.redis(), store.keys(), shards, Duration.ofSeconds(30));
                StreamWatch watch = new StreamWatch(store.redis(), store.keys(), shards, 30_000);
                LegacyAnalytics run = new LegacyAnalytics(dir, clicks, LegacyAnalytics.stream(stream), watch, batch, maxBacklog,
                        Duration.ofSeconds(stallSeconds), before, out);
                LegacyAnalytics.Result r;
                try {
                    r = run.run(manifest, rejectsFile, !verifyOnly);
                } catch (Exception e) {
                    printSummary(out, run.result(), rejectsFile.path(), !verifyOnly);
                    throw e;
                }
                printSummary(out, r, rejectsFile.path(), !verifyOnly);
                if (await || verify) {
                    awaitAggregator(watch, out);
                }
                int code = 0;
                if (verify || verifyOnly) {
                    LocalDate cut = before != null ? before : r.dayAfterLast();
                    out.println("verify: the dump's clicks per link against the rollups (click_days, bots included), days before "
                            + cut + ":");
                    RollupCheck.Outcome o = RollupCheck.compare(db, run.counts(), cut, out);
                    out.println(String.format(Locale.ROOT, "verify: %d links, %d clicks in the dump, %d in the rollups: %s",
                            o.links(), o.dumpClicks(), o.rollupClicks(),
                            o.mismatches() == 0 ? "no mismatch" : o.mismatches() + " MISMATCHED links"));
                    code = o.mismatches() == 0 ? 0 : 1;
                }
                if (r.manifestMismatch != null) {
                    err.println("analytics failed: " + r.manifestMismatch);
                    code = 1;
                }
                out.flush();
                err.flush();
                return code;
            }
        }
    }

    private int toRespFile(LegacyClicks clicks, Manifest manifest, LoaderConfig config, int shards, PrintWriter out)
            throws Exception {
        Path rejectsPath = rejects;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(respOut), 1 << 16);
             Rejects rejectsFile = new Rejects(rejectsPath)) {
            io.cligs.core.redis.RedisKeys keys = new io.cligs.core.redis.RedisKeys(config.redis().prefix());
            ClickStream shardOf = new ClickStream(null, keys, shards, Duration.ofSeconds(1));
            LegacyAnalytics run = new LegacyAnalytics(dir, clicks, LegacyAnalytics.respFile(file, keys, shardOf), null, batch, 0,
                    Duration.ofSeconds(stallSeconds), null, out);
            LegacyAnalytics.Result r = run.run(manifest, rejectsFile, true);
            printSummary(out, r, rejectsFile.path(), true);
            out.println("analytics: the XADDs were written to " + respOut.toAbsolutePath() + ", not sent");
            return 0;
        }
    }

    /** Waits until the aggregator's group has applied everything up to what the streams held after sending. */
    private void awaitAggregator(StreamWatch watch, PrintWriter out) throws LoaderException {
        long started = System.nanoTime();
        List<String> marks = watch.marks();
        long best = Long.MAX_VALUE;
        long bestAt = started;
        long lastPrint = 0;
        while (true) {
            StreamWatch.Left left = watch.left(marks);
            long now = System.nanoTime();
            if (left.done()) {
                out.println(String.format(Locale.ROOT, "aggregator: every event sent is applied (waited %.1f s)",
                        (now - started) / 1e9));
                out.flush();
                return;
            }
            if (left.entries() < best) {
                best = left.entries();
                bestAt = now;
            } else if (now - bestAt > Duration.ofSeconds(stallSeconds).toNanos()) {
                throw new LoaderException("the aggregator has applied nothing for " + stallSeconds + " s (" + left.entries()
                        + " entries left" + (left.groupMissing() ? ", and no stream has its consumer group yet" : "")
                        + "): " + LegacyAnalytics.AGGREGATOR_RUNNING + "?");
            }
            if (now - lastPrint >= 5_000_000_000L) {
                lastPrint = now;
                out.println("aggregator: " + left.entries() + " entries left to apply"
                        + (left.groupMissing() ? " (no consumer group yet: is an aggregator running?)" : ""));
                out.flush();
            }
            LegacyAnalytics.sleep(100);
        }
    }

    private static void requireRollups(Connection db) throws LoaderException {
        try (Statement s = db.createStatement()) {
            s.executeQuery("SELECT link_id FROM click_days LIMIT 0").close();
        } catch (SQLException e) {
            throw new LoaderException("the database has no click rollups (click_days): run `loader migrate` first");
        }
    }

    static void printSummary(PrintWriter out, LegacyAnalytics.Result r, Path rejectsFile, boolean sent) {
        out.println(r.complete ? "summary:" : "summary (INCOMPLETE: the run stopped; running it again completes it, "
                + "sending the same event ids):");
        out.println(String.format(Locale.ROOT, "  read      %12d clicks", r.read));
        out.println(String.format(Locale.ROOT, "  %-9s %12d events (country: %d kept from the old log, %d from GeoIP2, %d unknown)",
                sent ? "sent" : "valid", r.sent, r.countries.getOrDefault(LegacyClicks.CountrySource.KEPT, 0L),
                r.countries.getOrDefault(LegacyClicks.CountrySource.GEOIP, 0L),
                r.countries.getOrDefault(LegacyClicks.CountrySource.UNKNOWN, 0L)));
        out.println(String.format(Locale.ROOT, "  rejected  %12d", r.rejected));
        if (!r.byReason.isEmpty()) {
            out.println("  rejected by reason:");
            r.byReason.forEach((k, v) -> out.println(String.format(Locale.ROOT, "    %-28s %10d", k, v)));
        }
        out.println("  rejects written to " + rejectsFile.toAbsolutePath());
        if (r.pauses > 0) {
            out.println(String.format(Locale.ROOT, "  paused %d times for the aggregator, %.1f s in all", r.pauses, r.pausedSeconds));
        }
        out.println(String.format(Locale.ROOT, "  %d clicks in %.1f s (%.0f events/s)", r.read, r.seconds,
                r.sent / Math.max(r.seconds, 1e-9)));
        out.flush();
    }
}
