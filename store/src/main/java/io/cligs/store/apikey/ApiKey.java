package io.cligs.store.apikey;

import java.time.LocalDateTime;

/**
 * A stored API key: never the key, only what identifies and describes it.
 *
 * @param prefix the first characters of the key, shown to tell keys apart
 * @param createdAt UTC, null when the legacy system did not know
 * @param revokedAt UTC, null while the key works
 */
public record ApiKey(long id, long accountId, String prefix, String appName, LocalDateTime createdAt, LocalDateTime revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
