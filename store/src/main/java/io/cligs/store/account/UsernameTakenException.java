package io.cligs.store.account;

/** An account with this username exists already. */
public final class UsernameTakenException extends RuntimeException {

    public UsernameTakenException(String username) {
        super("the username '" + username + "' is taken", null, false, false);
    }
}
