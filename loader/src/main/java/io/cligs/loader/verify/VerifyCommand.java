package io.cligs.loader.verify;

import io.cligs.core.config.ConfigException;
import io.cligs.core.geo.CountryTable;
import io.cligs.loader.LoaderConfig;
import io.cligs.loader.LoaderException;
import io.cligs.store.Store;
import java.time.Duration;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loader verify EXPECT.tsv [--edge URL]}: see {@link Verifier}. Exit 0 only without any mismatch. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks every expected redirect (slug, country, status, Location; gen_legacy_dump.py --expect) against",
                "Redis and, with --edge, against a running edge over HTTP (visitors played through a trusted X-Forwarded-For",
                "address of their country from the GeoIP database). Prints each mismatch and a summary."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no mismatch", "1:a mismatch, or Redis/the edge/the file failed", "2:bad command line"})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPECT.tsv", description = "expected cases: slug TAB country TAB status TAB location")
    Path expect;

    @Option(names = "--edge", paramLabel = "URL", description = "also ask this running edge, e.g. http://127.0.0.1:8080")
    URI edge;

    private final Map<String, String> env;

    public VerifyCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LoaderConfig config = LoaderConfig.fromEnv(env);
            out.println("loader verify: " + config.describe() + (edge == null ? "" : " edge=" + edge));
            if (!Files.isReadable(expect)) {
                err.println("verify failed: " + expect + " does not exist or cannot be read");
                return 1;
            }
            if (edge != null && (edge.getScheme() == null || edge.getHost() == null)) {
                err.println("verify failed: --edge '" + edge + "' is not an http://host:port URL");
                return 1;
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
        } catch (ConfigException | LoaderException e) {
            err.println("verify failed: " + e.getMessage());
        } catch (IOException e) {
            err.println("verify failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("verify interrupted");
        }
        return 1;
    }
}
