package io.cligs.store.link;

import java.util.Objects;

/**
 * Who made a change, as the link history records it: an account (through an API key, shown by its
 * prefix, or a session) or an ops command ({@code loader:warm}, {@code loader:rollback}, ...).
 *
 * @param name what the history shows, e.g. {@code account:42 key:ab12cd34} or {@code loader:rollback}
 * @param accountId the acting account, or null for an ops command
 */
public record Actor(String name, Long accountId) {

    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("an actor name has 1 to 128 characters, was '" + name + "'");
        }
    }

    /** An ops command of the loader. */
    public static Actor loader(String command) {
        return new Actor("loader:" + command, null);
    }

    /** An account acting through an API key ({@code keyPrefix}) or, with null, a session. */
    public static Actor account(long accountId, String keyPrefix) {
        return new Actor("account:" + accountId + (keyPrefix == null ? " session" : " key:" + keyPrefix), accountId);
    }
}
