package io.cligs.core.redis;

import io.cligs.core.link.Slug;
import java.util.Objects;

/**
 * Every Redis key and channel name cligs uses, under one prefix ({@code CLIG_REDIS_PREFIX}) so that
 * several deployments or test runs can share a Redis. Keys of one link carry the slug as a Redis
 * Cluster hash tag ({@code {slug}}), so they live on one shard.
 */
public record RedisKeys(String prefix) {

    /**
     * The message on {@link #evictChannel()} that makes every edge drop its whole in-process cache (sent
     * instead of one message per slug when a writer changed many links). No slug is {@code *}.
     */
    public static final String EVICT_ALL = "*";

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0 || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a Redis prefix must not hold braces or white space: '" + prefix + "'");
        }
    }

    /** The link record ({@link io.cligs.core.link.LinkCodec}): {@code <prefix>link:{<slug>}}. */
    public String link(Slug slug) {
        return link(slug.value());
    }

    /** As {@link #link(Slug)} for an already validated slug string. */
    public String link(String slug) {
        return prefix + "link:{" + slug + "}";
    }

    /** Pattern matching every link key (for SCAN). */
    public String linkPattern() {
        return prefix + "link:{*";
    }

    /** The slug of a key made by {@link #link}, or null. */
    public String slugOfLinkKey(String key) {
        String head = prefix + "link:{";
        if (key.startsWith(head) && key.endsWith("}")) {
            return key.substring(head.length(), key.length() - 1);
        }
        return null;
    }

    /** Pub/sub channel on which a changed link's slug is published; every edge evicts it. */
    public String evictChannel() {
        return prefix + "evict";
    }

    /** Click event stream, sharded ({@code shard} in 0..n-1). */
    public String clickStream(int shard) {
        return prefix + "clicks:{" + shard + "}";
    }

    /**
     * A rate-limit token bucket of the admin API: {@code <prefix>rl:{<bucket>}}, e.g. bucket
     * {@code w:key:12} (writes of API key 12) or {@code login-ip:192.0.2.1}. One key per bucket, one slot.
     */
    public String rateBucket(String bucket) {
        return prefix + "rl:{" + bucket + "}";
    }
}
