/**
 * Accounts in MySQL: look-ups by username and id (the admin API's logins, {@code loader verify}'s sample
 * logins), sign-up and password writes, the admin role, and login sessions (stored as the token's SHA-256).
 */
package io.cligs.store.account;
