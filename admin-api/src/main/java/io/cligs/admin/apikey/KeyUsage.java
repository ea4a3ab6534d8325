package io.cligs.admin.apikey;

import io.cligs.store.apikey.ApiKeyWrites;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code api_keys.last_used_at} without a write per request: each use is noted in memory, and a
 * key's time is written at most once per {@code interval} (one batched UPDATE by {@link #flush()}, run by
 * a timer). A failed flush is logged and its times kept for the next one. Thread-safe.
 */
public final class KeyUsage {

    private static final Logger LOG = LoggerFactory.getLogger(KeyUsage.class);

    private final ApiKeyWrites keys;
    private final Clock clock;
    private final long intervalMs;
    private final Map<Long, Long> lastWrittenMs = new ConcurrentHashMap<>();
    private final Map<Long, LocalDateTime> pending = new ConcurrentHashMap<>();

    public KeyUsage(ApiKeyWrites keys, Clock clock, Duration interval) {
        this.keys = keys;
        this.clock = clock;
        this.intervalMs = interval.toMillis();
    }

    /** Notes a use of key {@code keyId}: queued for the next flush unless written within the interval. */
    public void used(long keyId) {
        long now = clock.millis();
        Long last = lastWrittenMs.get(keyId);
        if (last != null && now - last < intervalMs) {
            return;
        }
        lastWrittenMs.put(keyId, now);
        pending.put(keyId, LocalDateTime.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** Writes the queued times in one batch. */
    public Future<Void> flush() {
        if (pending.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<Long, LocalDateTime> batch = new HashMap<>();
        for (Long id : pending.keySet()) {
            LocalDateTime at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        return keys.touch(batch).onFailure(e -> {
            LOG.warn("could not write last_used_at of {} keys (kept for the next flush): {}", batch.size(), e.getMessage());
            batch.forEach(pending::putIfAbsent);
        });
    }
}
