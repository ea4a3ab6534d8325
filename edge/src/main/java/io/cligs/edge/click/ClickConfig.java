package io.cligs.edge.click;

import static io.cligs.core.config.EnvVar.*;

import io.cligs.core.click.EventIds;
import io.cligs.core.config.ConfigException;
import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The click pipeline's variables (names and defaults in {@link EnvVar}), part of the edge's
 * configuration. Immutable.
 *
 * @param visitorSecret null when unset: the pipeline then draws a random one at start (and warns)
 */
public record ClickConfig(boolean enabled, String edgeId, String visitorSecret, Path journalDir, int batch,
                          Duration flush, Duration timeout, int queueCapacity, int streamShards) {

    static final int MIN_SECRET_BYTES = 16;

    public ClickConfig {
        if (visitorSecret != null && visitorSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigException(CLIG_VISITOR_SECRET.name(), "at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    public static ClickConfig fromEnv(Env env) {
        String edgeId = env.string(CLIG_EDGE_ID);
        if (edgeId == null) {
            edgeId = hostName();
        } else if (!edgeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException(CLIG_EDGE_ID.name(), "'" + edgeId + "': 1 to 64 letters, digits, '.', '_' or '-'");
        } else if (edgeId.equals(EventIds.LEGACY_EDGE)) {
            throw new ConfigException(CLIG_EDGE_ID.name(), "'" + edgeId + "' is reserved for the old system's clicks (loader analytics)");
        }
        return new ClickConfig(
                env.bool(CLIG_CLICKS),
                edgeId,
                env.string(CLIG_VISITOR_SECRET),
                Path.of(env.string(CLIG_CLICK_JOURNAL_DIR)),
                env.integer(CLIG_CLICK_BATCH, 1, 100_000),
                env.millis(CLIG_CLICK_FLUSH_MS, 1, 60_000),
                env.millis(CLIG_CLICK_TIMEOUT_MS, 1, 600_000),
                env.integer(CLIG_CLICK_QUEUE, 16, 1 << 26),
                env.integer(CLIG_CLICK_STREAM_SHARDS, 1, 1024));
    }

    /** The host name as an edge id: other characters as {@code -}, at most 64. */
    static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "edge";
        }
        String id = name.replaceAll("[^A-Za-z0-9._-]", "-");
        return id.isEmpty() ? "edge" : id.substring(0, Math.min(64, id.length()));
    }

    /** The entries for the start-up log, the secret masked. */
    public void describeInto(Map<EnvVar, String> values) {
        values.put(CLIG_EDGE_ID, edgeId);
        values.put(CLIG_CLICKS, enabled ? "on" : "off");
        values.put(CLIG_VISITOR_SECRET, visitorSecret == null ? "(unset: random per start)" : visitorSecret);
        values.put(CLIG_CLICK_JOURNAL_DIR, journalDir.toString());
        values.put(CLIG_CLICK_BATCH, Integer.toString(batch));
        values.put(CLIG_CLICK_FLUSH_MS, Long.toString(flush.toMillis()));
        values.put(CLIG_CLICK_TIMEOUT_MS, Long.toString(timeout.toMillis()));
        values.put(CLIG_CLICK_QUEUE, Integer.toString(queueCapacity));
        values.put(CLIG_CLICK_STREAM_SHARDS, Integer.toString(streamShards));
    }

    /** As the start-up log prints it: the secret masked. */
    @Override
    public String toString() {
        return "ClickConfig[edgeId=" + edgeId + ", enabled=" + enabled + ", journalDir=" + journalDir + ", batch=" + batch
                + ", flush=" + flush + ", queue=" + queueCapacity + ", shards=" + streamShards + "]";
    }
}
