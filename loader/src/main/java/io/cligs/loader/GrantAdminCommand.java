package io.cligs.loader;

import io.cligs.store.Store;
import io.cligs.store.account.AccountWrites;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code loader grant-admin <username>}: gives an account the admin role of the admin API. */
@Command(name = "grant-admin",
        description = "Gives an account the admin role: through the admin API it may then read and change every account's cligs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the account is an admin", "1:no such account, or MySQL failed", "2:bad command line"})
public final class GrantAdminCommand implements Callable<Integer> {

    @Mixin
    CommandShell shell;

    @Parameters(index = "0", paramLabel = "USERNAME", description = "The account's username (case-sensitive).")
    String username;

    @Override
    public Integer call() throws Exception {
        return shell.run("", (config, out, err) -> {
            boolean found;
            try (Store store = Store.open(config.mysql(), config.redis(), Duration.ofSeconds(30), 1)) {
                found = new AccountWrites(store.mysql(), Clock.systemUTC(), Duration.ofSeconds(30)).grantAdmin(username).await();
            }
            if (!found) {
                throw new LoaderException("no account with username '" + username + "'");
            }
            out.println("grant-admin: " + username + " is an admin");
            return 0;
        });
    }
}
