/** Accounts and sessions: sign-up, log-in (legacy hashes upgraded to Argon2id), log-out, the caller's account, password change. */
package io.cligs.admin.account;
