package io.cligs.store.account;

import java.util.Objects;

/**
 * An account as stored: the password only as its scheme and hash (core's legacy schemes or a modern
 * one), never the password itself.
 *
 * @param email null when the legacy account had none
 */
public record Account(long id, String username, String email, String passwordScheme, String passwordHash, String status) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordScheme, "passwordScheme");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(status, "status");
    }

    public boolean active() {
        return "active".equals(status);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "Account[id=" + id + ", username=" + username + ", scheme=" + passwordScheme + ", status=" + status + "]";
    }
}
