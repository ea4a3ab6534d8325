package io.cligs.loader.verify;

import io.cligs.core.geo.CountryTable;
import io.cligs.loader.CommandShell;
import io.cligs.loader.LoaderException;
import io.cligs.store.Store;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loader verify EXPECT.tsv [--edge URL]}: see {@link Verifier}. Exit 0 only without any mismatch. */
@Command(name = "verify",
        description = {"Checks every expected redirect (slug, country, status, Location, as gen_legacy_dump.py --expect "
                + "writes them) against Redis and, with --edge, against a running edge over HTTP, playing each visitor "
                + "through a trusted X-Forwarded-For address of its country from the GeoIP database.",
                "Prints each mismatch and a summary."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no mismatch", "1:a mismatch, or Redis, the edge or the file failed", "2:bad command line"})
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Parameters(index = "0", paramLabel = "EXPECT.tsv", description = "The expected cases: slug TAB country TAB status TAB location.")
    Path expect;

    @Option(names = "--edge", paramLabel = "URL", description = "Also asks this running edge, e.g. http://127.0.0.1:8080.")
    URI edge;

    @Override
    public Integer call() throws Exception {
        return shell.run(edge == null ? "" : " edge=" + edge, (config, out, err) -> {
            if (!Files.isReadable(expect)) {
                throw new LoaderException(expect + " does not exist or cannot be read");
            }
            if (edge != null && (edge.getScheme() == null || edge.getHost() == null)) {
                throw new LoaderException("--edge '" + edge + "' is not an http://host:port URL");
            }
            CountryTable countries = edge == null ? null : CountryTable.openOrBundled(config.geoipDb());
            Verifier.Result r;
            try (Store store = Store.open(config.mysql(), config.redis(), Duration.ofSeconds(30), 2)) {
                r = new Verifier(store.redisLinks(), edge, countries, out).run(expect);
            }
            out.println("verify: " + r.cases() + " cases; redis: " + r.redisMismatches() + " mismatches"
                    + (r.edgeChecked() ? "; edge: " + r.edgeMismatches() + " mismatches" : "; edge: not checked (no --edge)"));
            out.println(r.ok() ? "verify: OK" : "verify: FAILED");
            return r.ok() ? 0 : 1;
        });
    }
}
