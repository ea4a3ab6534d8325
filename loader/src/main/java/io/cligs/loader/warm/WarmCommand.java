package io.cligs.loader.warm;

import io.cligs.loader.CommandShell;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loader warm [--prune]}: see {@link Warmer}. */
@Command(name = "warm",
        description = {"Writes every clig (active, disabled, deleted) with its Right Clig rules from MySQL into Redis, "
                + "pipelined, and reports keys/s."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every key was written", "1:MySQL or Redis failed, or some SET was refused", "2:bad command line"})
public final class WarmCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Option(names = "--prune", description = "Also deletes the link keys whose slug MySQL no longer has.")
    boolean prune;

    @Override
    public Integer call() throws Exception {
        return shell.run("", (config, out, err) -> {
            Warmer.Result r = new Warmer(config.mysql(), config.redis(), out).run(prune);
            out.println(String.format(Locale.ROOT, "warm: %d keys in %.2f s (%.0f keys/s), %d refused%s", r.keys(), r.seconds(),
                    r.keysPerSecond(), r.errors(), prune ? ", " + r.pruned() + " stale keys pruned" : ""));
            return r.errors() == 0 ? 0 : 1;
        });
    }
}
