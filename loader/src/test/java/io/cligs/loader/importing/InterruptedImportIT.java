package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.Rows;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An import stopped after some committed batches completes when run again, to the same rows as one clean run. */
class InterruptedImportIT {

    @RegisterExtension
    static final TestDatabase INTERRUPTED = new TestDatabase();
    @RegisterExtension
    static final TestDatabase CLEAN = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    @TempDir
    static Path tmp;

    @Test
    void rerunCompletesAnInterruptedImport() throws Exception {
        Dumps.Generated dump = Dumps.generate(tmp, 6000, 31, 0.1);
        Cli interrupted = new Cli(INTERRUPTED, REDIS);
        for (int stopAfter : new int[] {3, 7}) {
            Cli.Run cut = interrupted.run("import", dump.dir().toString(), "--rejects", tmp.resolve("r1.tsv").toString(),
                    "--batch-size", "500", "--abort-after-batches", Integer.toString(stopAfter));
            assertEquals(1, cut.exitCode(), cut::toString);
            assertTrue(cut.out().contains("summary (INCOMPLETE"), cut::toString);
            List<Long> cligs = Rows.summaryLine(cut.out(), "cligs");
            assertEquals(cligs.get(1), Rows.count(INTERRUPTED, "SELECT COUNT(*) FROM cligs"), "the summary counts what was committed");
        }
        Cli.Run rerun = interrupted.run("import", dump.dir().toString(), "--rejects", tmp.resolve("r1.tsv").toString(), "--batch-size", "500");
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(dump.expectedRejects(), Rows.rejectsInSummary(rerun.out()));

        Cli.Run clean = new Cli(CLEAN, REDIS).run("import", dump.dir().toString(), "--rejects", tmp.resolve("r2.tsv").toString(),
                "--batch-size", "500");
        assertEquals(0, clean.exitCode(), clean::toString);
        assertEquals(Rows.fingerprint(CLEAN), Rows.fingerprint(INTERRUPTED));
    }
}
