package io.cligs.loader.warm;

import io.cligs.core.config.ConfigException;
import io.cligs.loader.LoaderConfig;
import io.cligs.loader.LoaderException;
import io.cligs.store.Store;
import io.cligs.store.link.LinkPublisher;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loader warm [--prune]}: see {@link Warmer}. */
@Command(name = "warm", mixinStandardHelpOptions = true,
        description = {"Writes every clig (active, disabled, deleted) with its Right Clig rules from MySQL into Redis,",
                "pipelined, tells running edges which links changed, and reports keys/s."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every key was written", "1:MySQL or Redis failed", "2:bad command line"})
public final class WarmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--prune", description = "also delete link keys whose slug MySQL no longer has")
    boolean prune;

    private final Map<String, String> env;

    public WarmCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LoaderConfig config = LoaderConfig.fromEnv(env);
            out.println("loader warm: " + config.describe());
            Warmer.Result r;
            try (Store store = Store.open(config.mysql(), config.redis(), Duration.ofSeconds(30), 8)) {
                r = new Warmer(store, out).run(prune);
            }
            LinkPublisher.Published p = r.published();
            out.println(String.format(Locale.ROOT, "warm: %d keys in %.2f s (%.0f keys/s): %d written, %d unchanged, "
                            + "%d newer in Redis put right%s; edges told: %s", r.keys(), r.seconds(), r.keysPerSecond(),
                    p.written(), p.unchanged(), p.corrected(), prune ? ", " + r.pruned() + " stale keys pruned" : "",
                    p.flushed() ? "evict all" : p.changed() + " slugs"));
            return 0;
        } catch (ConfigException | LoaderException e) {
            err.println("warm failed: " + e.getMessage());
        }
        return 1;
    }
}
