/** Accounts in MySQL: look-ups by username and id (the admin API's logins, {@code loader verify}'s sample logins). */
package io.cligs.store.account;
