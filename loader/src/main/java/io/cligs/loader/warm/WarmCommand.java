package io.cligs.loader.warm;

import io.cligs.loader.CommandShell;
import io.cligs.store.Store;
import io.cligs.store.link.LinkPublisher;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loader warm [--prune]}: see {@link Warmer}. */
@Command(name = "warm",
        description = {"Writes every clig (active, disabled, deleted) with its Right Clig rules from MySQL into Redis, "
                + "pipelined, tells running edges which links changed, and reports keys/s."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every key was written", "1:MySQL or Redis failed", "2:bad command line"})
public final class WarmCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Option(names = "--prune", description = "Also deletes the link keys whose slug MySQL no longer has.")
    boolean prune;

    @Override
    public Integer call() throws Exception {
        return shell.run("", (config, out, err) -> {
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
        });
    }
}
