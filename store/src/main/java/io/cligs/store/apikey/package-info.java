/** API keys in MySQL, found by the SHA-256 of the key (the key itself is never stored). */
package io.cligs.store.apikey;
