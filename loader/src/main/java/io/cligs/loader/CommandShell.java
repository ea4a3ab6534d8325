package io.cligs.loader;

import io.cligs.core.config.ConfigException;
import io.cligs.loader.dump.DumpException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The shape every loader command shares, as one picocli mixin ({@code @Mixin CommandShell shell}):
 * the help option, the configuration read from the environment and printed first
 * (passwords masked), and one mapping of the failures an operator can act on to a single line
 * ({@code <command> failed: ...}) and exit code 1. Anything else is a bug, reported by
 * {@link Main}'s handler (stack trace with {@code CLIG_LOADER_DEBUG}).
 *
 * <p>Not thread-safe: picocli fills it, the command's thread runs it.
 */
public final class CommandShell {

    /** A command's work, given its configuration and where to print; returns the exit code. */
    @FunctionalInterface
    public interface Work {
        int run(LoaderConfig config, PrintWriter out, PrintWriter err) throws Exception;
    }

    private final Map<String, String> env;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help message and exits.")
    boolean help;

    /** Made by {@link Main}'s factory with the process environment (tests pass their own). */
    public CommandShell(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment the command runs in ({@code CLIG_*}). */
    public Map<String, String> env() {
        return env;
    }

    /** A bad command line, reported by picocli with the usage (exit code 2). */
    public ParameterException badUsage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    /**
     * Reads the configuration from the environment, prints it as {@code loader <command>: ...} (with
     * {@code extra} after it), runs {@code work}, and turns the failures an operator can act on into
     * one line and exit code 1.
     */
    public int run(String extra, Work work) throws Exception {
        String name = command.name();
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        try {
            LoaderConfig config = LoaderConfig.fromEnv(env);
            out.println("loader " + name + ": " + config.describe() + extra);
            out.flush();
            return work.run(config, out, err);
        } catch (ConfigException | LoaderException | DumpException | IOException | UncheckedIOException e) {
            err.println(name + " failed: " + e.getMessage());
        } catch (SQLException e) {
            err.println(name + " failed: MySQL error " + e.getErrorCode() + " (" + e.getSQLState() + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + " interrupted");
        }
        err.flush();
        return 1;
    }
}
