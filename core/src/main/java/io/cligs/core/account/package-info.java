/**
 * Accounts and API keys as the legacy system stored them: its password hash schemes and the hex
 * forms of hashes and keys. Pure rules (no I/O), shared by the loader and the admin API.
 */
package io.cligs.core.account;
