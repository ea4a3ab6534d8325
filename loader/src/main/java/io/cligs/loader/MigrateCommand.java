package io.cligs.loader;

import io.cligs.core.schema.Schema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code loader migrate}: creates the database when missing and applies core's Flyway migrations. */
@Command(name = "migrate",
        description = "Creates the database when it is missing and applies the Flyway schema migrations (idempotent).")
public final class MigrateCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Override
    public Integer call() throws Exception {
        return shell.run("", (config, out, err) -> {
            int applied;
            try {
                applied = Schema.migrate(config.mysql());
            } catch (RuntimeException e) {
                // Flyway reports its failures (checksum mismatch, unreachable database) as runtime exceptions
                throw new LoaderException(e.getMessage(), e);
            }
            out.println(applied == 0 ? "schema is up to date (no migration to apply)" : "applied " + applied + " migration(s)");
            return 0;
        });
    }
}
