package io.cligs.loader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.loader.testing.Cli;
import io.cligs.loader.testing.Dumps;
import io.cligs.loader.testing.LoaderTestbed;
import io.cligs.loader.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The end-to-end check: a generated dump imported and warmed, a real edge started over the
 * same MySQL and Redis, and {@code verify --edge} finds no mismatch; a second import changes nothing.
 */
class EdgeVerifyIT {

    @RegisterExtension
    static final LoaderTestbed BED = new LoaderTestbed();

    @Test
    void edgeForwardsEveryImportedLinkAsExpected() throws Exception {
        Dumps.Generated dump = BED.generate(5000, 2024, 0.05);
        Cli cli = BED.cli();
        Cli.Run imp = BED.importDump(dump.dir());
        assertEquals(0, imp.exitCode(), imp::toString);
        assertEquals(dump.expectedRejects(), Rows.rejectsInSummary(imp.out()), imp::toString);
        Cli.Run warm = cli.run("warm", "--prune");
        assertEquals(0, warm.exitCode(), warm::toString);

        String url = "http://127.0.0.1:" + BED.startEdge().port();

        Cli.Run verify = cli.run("verify", dump.expect().toString(), "--edge", url);
        assertEquals(0, verify.exitCode(), verify::toString);
        long cases = Files.readAllLines(dump.expect()).size();
        assertTrue(verify.out().contains("verify: " + cases + " cases; redis: 0 mismatches; edge: 0 mismatches"), verify::toString);

        // with Redis emptied the edge falls back to MySQL: the answers must not change
        BED.redis().deleteAll();
        Cli.Run fromMysql = cli.run("verify", dump.expect().toString(), "--edge", url);
        assertTrue(fromMysql.out().contains("edge: 0 mismatches"), fromMysql::toString);

        Cli.Run again = BED.importDump(dump.dir());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("nothing changed"), again::toString);
        for (String t : List.of("users", "cligs", "rightclig", "api_keys")) {
            List<Long> line = Rows.summaryLine(again.out(), t);
            assertEquals(0L, line.get(2) + line.get(3), t + ": inserted + updated on a second import");
        }
    }

    @Test
    void verifyReportsEachMismatchAndFails() throws Exception {
        Path expect = BED.tmp().resolve("wrong.tsv");
        Files.writeString(expect, "no-such-slug\t*\t301\thttps://example.com/\n");
        Cli.Run run = BED.cli().run("verify", expect.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.out().contains("MISMATCH redis no-such-slug from *: expected 301 https://example.com/, got 404 -"), run::toString);
        assertTrue(run.out().contains("verify: FAILED"), run::toString);
    }

    @Test
    void anEdgeThatDoesNotAnswerIsOneClearMessage() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path expect = BED.tmp().resolve("many.tsv");
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            cases.append("slug").append(i).append("\t*\t404\t-\n");
        }
        Files.writeString(expect, cases);
        Cli.Run run = BED.cli().run("verify", expect.toString(), "--edge", "http://127.0.0.1:" + closed);
        assertEquals(1, run.exitCode(), run::toString);
        String all = run.out() + run.err();
        assertEquals(1, all.split("does not answer", -1).length - 1, run::toString);
        assertTrue(run.err().contains("verify failed: the edge at http://127.0.0.1:" + closed + " does not answer"), run::toString);
        assertTrue(!all.contains("CompletionException") && !all.contains("MISMATCH edge"), run::toString);
    }
}
