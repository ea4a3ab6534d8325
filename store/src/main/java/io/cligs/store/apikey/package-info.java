/**
 * API keys in MySQL, found by the SHA-256 of the key (the key itself is never stored): look-ups, and the
 * admin API's create, list, revoke and last-use writes.
 */
package io.cligs.store.apikey;
