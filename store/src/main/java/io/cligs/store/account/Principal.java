package io.cligs.store.account;

/**
 * Who is calling the admin API: the account behind a session token or an API key, found in one query.
 *
 * @param keyPrefix the API key's visible prefix, or null for a session
 * @param keyId the API key's id, or null for a session
 */
public record Principal(long accountId, String username, boolean admin, Long keyId, String keyPrefix) {
}
