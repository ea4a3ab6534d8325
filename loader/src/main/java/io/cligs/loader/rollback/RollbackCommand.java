package io.cligs.loader.rollback;

import io.cligs.loader.CommandShell;
import io.cligs.store.Store;
import io.cligs.store.link.Rollback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loader rollback --since <UTC time> [--account <id>] [--dry-run]}: see {@link Rollback}. */
@Command(name = "rollback",
        description = {"Restores every link changed since a time to what it was then, from the link history, through the "
                + "data layer (running edges see it within a second), and prints each link it restores."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every link is as it was", "1:MySQL or Redis failed", "2:bad command line"})
public final class RollbackCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Option(names = "--since", required = true, paramLabel = "TIME",
            description = "The UTC time to go back to, e.g. 2026-12-03T16:00:00Z.")
    String since;

    @Option(names = "--account", paramLabel = "ID", description = "Only undo the changes this account made.")
    Long account;

    @Option(names = "--dry-run", description = "Prints what would be restored and changes nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        LocalDateTime from = parse(since);
        return shell.run(" since=" + from + "Z" + (account == null ? "" : " account=" + account) + (dryRun ? " (dry run)" : ""),
                (config, out, err) -> {
                    Rollback.Result r;
                    try (Store store = Store.open(config.mysql(), config.redis(), Duration.ofSeconds(30), 8)) {
                        r = new Rollback(store.mysql(), store.reader(), store.links(), Duration.ofSeconds(30))
                                .run(from, account, dryRun, line -> {
                                    synchronized (out) {
                                        out.println(line);
                                    }
                                }).await();
                    }
                    out.println("rollback: " + r.examined() + " links changed since " + from + "Z, " + r.restored()
                            + (dryRun ? " would be restored, " : " restored, ") + r.unchanged() + " already as they were");
                    return 0;
                });
    }

    private LocalDateTime parse(String text) {
        try {
            return LocalDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T'));
            } catch (DateTimeParseException e2) {
                throw shell.badUsage("--since: '" + text + "' is not a UTC time such as 2026-12-03T16:00:00Z");
            }
        }
    }
}
