package io.cligs.admin.aggregate;

import static io.cligs.core.config.EnvVar.CLIG_AGGREGATOR;
import static io.cligs.core.config.EnvVar.CLIG_AGGREGATOR_BATCH;
import static io.cligs.core.config.EnvVar.CLIG_AGGREGATOR_BLOCK_MS;
import static io.cligs.core.config.EnvVar.CLIG_AGGREGATOR_CLAIM_IDLE_MS;
import static io.cligs.core.config.EnvVar.CLIG_CLICK_STREAM_SHARDS;

import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import java.time.Duration;
import java.util.Map;

/**
 * The aggregator's part of the admin API's configuration ({@link EnvVar} holds names and defaults).
 *
 * @param shards the click streams to read, {@code CLIG_CLICK_STREAM_SHARDS} (the edges' number)
 * @param block how long one {@code XREADGROUP} waits; bounds the click-to-stats lag under light load
 * @param claimIdle entries pending this long on another consumer are taken over
 */
public record AggregatorConfig(boolean enabled, int shards, int batch, Duration block, Duration claimIdle) {

    public AggregatorConfig {
        if (shards < 1 || batch < 1 || block.isNegative() || claimIdle.isNegative()) {
            throw new IllegalArgumentException("shards and batch are positive, block and claim idle not negative");
        }
    }

    public static AggregatorConfig fromEnv(Env env) {
        return new AggregatorConfig(
                env.bool(CLIG_AGGREGATOR),
                env.integer(CLIG_CLICK_STREAM_SHARDS, 1, 1024),
                env.integer(CLIG_AGGREGATOR_BATCH, 1, 100_000),
                env.millis(CLIG_AGGREGATOR_BLOCK_MS, 1, 60_000),
                env.millis(CLIG_AGGREGATOR_CLAIM_IDLE_MS, 0, 86_400_000));
    }

    /** Adds this part's effective values to {@code values}. */
    public void describe(Map<EnvVar, String> values) {
        values.put(CLIG_CLICK_STREAM_SHARDS, Integer.toString(shards));
        values.put(CLIG_AGGREGATOR, enabled ? "on" : "off");
        values.put(CLIG_AGGREGATOR_BATCH, Integer.toString(batch));
        values.put(CLIG_AGGREGATOR_BLOCK_MS, Long.toString(block.toMillis()));
        values.put(CLIG_AGGREGATOR_CLAIM_IDLE_MS, Long.toString(claimIdle.toMillis()));
    }
}
