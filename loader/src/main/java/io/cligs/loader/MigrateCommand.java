package io.cligs.loader;

import io.cligs.core.config.ConfigException;
import io.cligs.core.schema.Schema;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loader migrate}: creates the database when missing and applies core's Flyway migrations. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Creates the database when missing and applies the Flyway schema migrations (idempotent).")
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public MigrateCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            LoaderConfig config = LoaderConfig.fromEnv(env);
            out.println("loader migrate: " + config.describe());
            int applied = Schema.migrate(config.mysql());
            out.println(applied == 0 ? "schema is up to date (no migration to apply)" : "applied " + applied + " migration(s)");
            return 0;
        } catch (ConfigException e) {
            err.println("migrate failed: " + e.getMessage());
        } catch (java.sql.SQLException e) {
            err.println("migrate failed: MySQL error: " + e.getMessage());
        } catch (RuntimeException e) {
            // Flyway reports its failures (checksum mismatch, unreachable database) as runtime exceptions
            err.println("migrate failed: " + e.getMessage());
        }
        return 1;
    }
}
