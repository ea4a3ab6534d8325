package io.cligs.loader.importing;

import io.cligs.loader.CommandShell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loader import DIR}: see {@link LegacyImport}. Exit 0 when the dump was imported (rejects included). */
@Command(name = "import",
        description = {"Imports a legacy dump (MANIFEST and gzipped TSV files) into MySQL: users, cligs, Right Clig rules "
                + "and API keys.",
                "It is idempotent: importing the same dump again changes nothing, and an interrupted import is completed "
                + "by running it again.",
                "Rows that cannot be imported go to the rejects file with their reason."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported (rejected rows included)", "1:the dump or the database failed; the summary says what was committed",
                "2:bad command line"})
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dump directory, with its MANIFEST and table files.")
    Path dir;

    @Option(names = "--rejects", paramLabel = "FILE", defaultValue = "rejects.tsv",
            description = "Where rejected rows are written (default: ${DEFAULT-VALUE}).")
    Path rejects;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "2000",
            description = "Rows per multi-row statement and transaction, 1 to 20000 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--abort-after-batches", hidden = true, defaultValue = "0",
            description = "Tests only: stops as if killed after N committed batches.")
    long abortAfterBatches;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || batchSize > 20_000) {
            throw shell.badUsage("--batch-size " + batchSize + " is out of range 1..20000");
        }
        return shell.run("", (config, out, err) -> {
            LegacyImport imp = new LegacyImport(dir, config.mysql(), rejects, batchSize, abortAfterBatches, out)
                    .environment(shell.env(), err);
            long started = System.nanoTime();
            try {
                List<TableStats> stats = imp.run();
                printSummary(out, stats, imp, started, true);
                return 0;
            } catch (InterruptedImportException e) {
                err.println("import interrupted: " + e.getMessage());
                err.flush();
                printSummary(out, imp.stats(), imp, started, false);
                return 1;
            } catch (Exception e) {
                // the shell prints what failed; the summary says what was committed before
                printSummary(out, imp.stats(), imp, started, false);
                throw e;
            }
        });
    }

    static void printSummary(PrintWriter out, List<TableStats> stats, LegacyImport imp, long started, boolean complete) {
        if (stats.isEmpty()) {
            out.println("summary: nothing was written");
            out.flush();
            return;
        }
        out.println(complete ? "summary:" : "summary (INCOMPLETE: only the rows below were committed; run the import again to complete it):");
        out.println(String.format(Locale.ROOT, "  %-10s %10s %10s %10s %10s %10s %10s %10s", "table", "read", "imported", "inserted",
                "updated", "unchanged", "superseded", "rejected"));
        long read = 0;
        long changed = 0;
        for (TableStats s : stats) {
            out.println(String.format(Locale.ROOT, "  %-10s %10d %10d %10d %10d %10d %10d %10d", s.table(), s.read(), s.imported(),
                    s.inserted(), s.updated(), s.unchanged(), s.superseded(), s.rejectedTotal()));
            read += s.read();
            changed += s.inserted() + s.updated();
        }
        boolean anyRejects = false;
        for (TableStats s : stats) {
            for (Map.Entry<String, Long> e : s.rejected().entrySet()) {
                if (!anyRejects) {
                    out.println("  rejected by reason:");
                    anyRejects = true;
                }
                out.println(String.format(Locale.ROOT, "    %-28s %10d", e.getKey(), e.getValue()));
            }
        }
        for (TableStats s : stats) {
            for (Map.Entry<String, Long> e : new java.util.TreeMap<>(s.notes()).entrySet()) {
                out.println(String.format(Locale.ROOT, "  note: %s %s: %d", s.table(), e.getKey(), e.getValue()));
            }
        }
        out.println("  rejects written to " + imp.rejectsFile().toAbsolutePath());
        double secs = (System.nanoTime() - started) / 1e9;
        if (complete) {
            out.println(changed == 0 ? "  nothing changed: the database already held this dump"
                    : String.format(Locale.ROOT, "  changed: %d rows (inserted or updated)", changed));
        }
        out.println(String.format(Locale.ROOT, "  %d rows read in %.1f s (%.0f rows/s)", read, secs, read / Math.max(secs, 1e-9)));
        out.flush();
    }
}
