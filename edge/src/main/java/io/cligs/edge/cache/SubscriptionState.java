package io.cligs.edge.cache;

/** Whether the eviction subscription is live, for {@code /-/health/ready}. Thread-safe. */
public final class SubscriptionState {

    private volatile boolean subscribed;

    public boolean subscribed() {
        return subscribed;
    }

    void subscribed(boolean value) {
        subscribed = value;
    }
}
