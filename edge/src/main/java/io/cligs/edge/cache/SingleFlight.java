package io.cligs.edge.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * At most one load per key at a time: callers that arrive while a load for their key is in flight
 * get that load's future instead of starting their own. The entry leaves the map when the load
 * completes (after whatever the load's own stage did, e.g. fill a cache), so a later call starts a
 * fresh load. Thread-safe; shared by every event loop of an edge.
 */
public final class SingleFlight<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** Result of {@link #run}: the future, and whether this call joined an existing flight. */
    public record Flight<V>(CompletableFuture<V> future, boolean joined) {
    }

    public Flight<V> run(K key, Function<K, CompletionStage<V>> loader) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
            return new Flight<>(existing, true);
        }
        CompletionStage<V> load;
        try {
            load = loader.apply(key);
        } catch (RuntimeException e) {
            inFlight.remove(key, mine);
            mine.completeExceptionally(e);
            return new Flight<>(mine, false);
        }
        load.whenComplete((value, failure) -> {
            inFlight.remove(key, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(value);
            }
        });
        return new Flight<>(mine, false);
    }

    /** Lets the next call for {@code key} start a new load (the current one may bring stale data). */
    public void forget(K key) {
        inFlight.remove(key);
    }

    public void forgetAll() {
        inFlight.clear();
    }

    public int size() {
        return inFlight.size();
    }
}
