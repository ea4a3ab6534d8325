package io.cligs.loader.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.loader.testing.Rows;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An import stopped after some committed batches completes when run again, to the same rows as one clean run. */
class InterruptedImportIT {

    @RegisterExtension
    static final LoaderTestbed INTERRUPTED = new LoaderTestbed();
    @RegisterExtension
    static final LoaderTestbed CLEAN = new LoaderTestbed();

    @Test
    void rerunCompletesAnInterruptedImport() throws Exception {
        Dumps.Generated dump = INTERRUPTED.generate(6000, 31, 0.1);
        for (int stopAfter : new int[] {3, 7}) {
            Cli.Run cut = INTERRUPTED.importDump(dump.dir(), "--batch-size", "500", "--abort-after-batches", Integer.toString(stopAfter));
            assertEquals(1, cut.exitCode(), cut::toString);
            assertTrue(cut.out().contains("summary (INCOMPLETE"), cut::toString);
            List<Long> cligs = Rows.summaryLine(cut.out(), "cligs");
            assertEquals(cligs.get(1), Rows.count(INTERRUPTED.db(), "SELECT COUNT(*) FROM cligs"), "the summary counts what was committed");
        }
        Cli.Run rerun = INTERRUPTED.importDump(dump.dir(), "--batch-size", "500");
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertEquals(dump.expectedRejects(), Rows.rejectsInSummary(rerun.out()));

        Cli.Run clean = CLEAN.importDump(dump.dir(), "--batch-size", "500");
        assertEquals(0, clean.exitCode(), clean::toString);
        assertEquals(Rows.fingerprint(CLEAN.db()), Rows.fingerprint(INTERRUPTED.db()));
    }
}
