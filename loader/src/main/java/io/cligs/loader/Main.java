package io.cligs.loader;

import io.cligs.loader.analytics.AnalyticsCommand;
import io.cligs.loader.importing.ImportCommand;
import io.cligs.loader.rollback.RollbackCommand;
import io.cligs.loader.verify.VerifyCommand;
import io.cligs.loader.warm.WarmCommand;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar loader.jar <command>}: the ops CLI. Each command prints its effective
 * configuration, reports progress, ends with a summary and exits 0 only on success.
 */
@Command(name = "loader", mixinStandardHelpOptions = true, version = "cligs loader 0.1.0",
        description = "Moves the legacy cligs data into the new system and proves it forwards every link as it should.",
        subcommands = {MigrateCommand.class, ImportCommand.class, WarmCommand.class, VerifyCommand.class, RollbackCommand.class,
                GrantAdminCommand.class, AnalyticsCommand.class},
        footer = {"", "Environment: CLIG_MYSQL_URL, CLIG_REDIS_URL, CLIG_REDIS_MODE, CLIG_REDIS_PREFIX, CLIG_GEOIP_DB,",
                "and for analytics CLIG_VISITOR_SECRET, CLIG_CLICK_STREAM_SHARDS (see loader/README.md)."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        } catch (Throwable t) { // an Error (OutOfMemoryError): say so and exit, or Vert.x's threads keep the JVM alive
            System.err.println("loader failed: " + t);
            code = 1;
        }
        System.exit(code);
    }

    /** Runs one command line; returns the exit code (tests call this in-process). */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(env);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            // a bug or an unexpected failure: one clear line, the stack trace only with CLIG_LOADER_DEBUG
            line.getErr().println(line.getCommandName() + " failed: " + ex);
            if (io.cligs.core.config.EnvVar.CLIG_LOADER_DEBUG.isSetIn(env)) {
                ex.printStackTrace(line.getErr());
            }
            line.getErr().flush();
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command line with every command, given the environment. */
    static CommandLine commandLine(Map<String, String> env) {
        return new CommandLine(new Main(), new Factory(env));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: migrate, import, warm, verify, rollback, grant-admin or analytics");
    }

    /** Gives the commands' {@link CommandShell} the environment (tests pass their own). */
    private static final class Factory implements CommandLine.IFactory {
        private final Map<String, String> env;

        Factory(Map<String, String> env) {
            this.env = env;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            for (var c : type.getDeclaredConstructors()) {
                if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Map.class) {
                    return type.cast(c.newInstance(env));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
