package io.cligs.loader.warm;

import io.cligs.core.config.ConfigException;
import io.cligs.loader.LoaderConfig;
import io.cligs.loader.LoaderException;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
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
                "pipelined, and reports keys/s."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every key was written", "1:MySQL or Redis failed, or some SET was refused", "2:bad command line"})
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
            Warmer.Result r = new Warmer(config.mysql(), config.redis(), out).run(prune);
            out.println(String.format(Locale.ROOT, "warm: %d keys in %.2f s (%.0f keys/s), %d refused%s", r.keys(), r.seconds(),
                    r.keysPerSecond(), r.errors(), prune ? ", " + r.pruned() + " stale keys pruned" : ""));
            return r.errors() == 0 ? 0 : 1;
        } catch (ConfigException | LoaderException e) {
            err.println("warm failed: " + e.getMessage());
        } catch (SQLException e) {
            err.println("warm failed: MySQL error: " + e.getMessage());
        } catch (IOException e) {
            err.println("warm failed: Redis error: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("warm interrupted");
        }
        return 1;
    }
}
