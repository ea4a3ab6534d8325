package io.cligs.edge.config;

import static io.cligs.core.config.EnvVar.*;

import io.cligs.core.config.Env;
import io.cligs.core.config.EnvVar;
import java.time.Duration;
import java.util.Map;

/**
 * How the edge treats client connections (issue 8): the limits that keep slow or idle clients from
 * holding connections, whether cleartext HTTP/2 is spoken, and where the management port listens
 * ({@code /-/metrics} and readiness details, ADR 0011). Immutable.
 *
 * @param idleTimeout a connection that sends nothing for this long is closed
 * @param headTimeout a request head not complete this long after its first byte closes its connection
 * @param maxConnections open client connections of the whole edge; one more is closed at once
 * @param h2c whether {@code Upgrade: h2c} and the HTTP/2 prior-knowledge preface are answered
 * @param managementPort the port of {@code /-/metrics} and readiness details; 0 picks a free one (tests)
 */
public record HttpFront(Duration idleTimeout, Duration headTimeout, int maxConnections, boolean h2c,
                        String managementHost, int managementPort) {

    static HttpFront fromEnv(Env env) {
        return new HttpFront(
                env.millis(CLIG_EDGE_IDLE_TIMEOUT_MS, 1, 86_400_000L),
                env.millis(CLIG_EDGE_HEAD_TIMEOUT_MS, 1, 3_600_000L),
                env.integer(CLIG_EDGE_MAX_CONNECTIONS, 1, 10_000_000),
                env.bool(CLIG_EDGE_H2C),
                env.string(CLIG_EDGE_MANAGEMENT_HOST),
                env.port(CLIG_EDGE_MANAGEMENT_PORT));
    }

    void describe(Map<EnvVar, String> values) {
        values.put(CLIG_EDGE_IDLE_TIMEOUT_MS, Long.toString(idleTimeout.toMillis()));
        values.put(CLIG_EDGE_HEAD_TIMEOUT_MS, Long.toString(headTimeout.toMillis()));
        values.put(CLIG_EDGE_MAX_CONNECTIONS, Integer.toString(maxConnections));
        values.put(CLIG_EDGE_H2C, Boolean.toString(h2c));
        values.put(CLIG_EDGE_MANAGEMENT_HOST, managementHost);
        values.put(CLIG_EDGE_MANAGEMENT_PORT, Integer.toString(managementPort));
    }
}
