package io.cligs.admin.aggregate;

import io.cligs.core.config.RedisSettings;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.Backends;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A deployed {@link Aggregator} (a worker verticle) with its own Redis client; {@link #close()} undeploys it and
 * closes the client. Deploying returns at once: the aggregator starts reading once the process's user agent
 * analyzer is built (seconds, the first time; ADR 0015).
 */
public final class RunningAggregator {

    /** Classified agents kept (distinct user agents repeat heavily; an entry is a few hundred bytes). */
    static final long AGENT_CACHE = 10_000;

    private final Vertx vertx;
    private final String deploymentId;
    private final Redis redis;

    private RunningAggregator(Vertx vertx, String deploymentId, Redis redis) {
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.redis = redis;
    }

    public static Future<RunningAggregator> deploy(Vertx vertx, AggregatorConfig config, RedisSettings settings, Pool mysql,
                                                   Clock clock, Duration timeout) {
        return deploy(vertx, config, settings, mysql, clock, timeout, Future::succeededFuture);
    }

    /** @param beforeAck runs between each batch's commit and its {@code XACK} (tests act out a crash there) */
    public static Future<RunningAggregator> deploy(Vertx vertx, AggregatorConfig config, RedisSettings settings, Pool mysql,
                                                   Clock clock, Duration timeout, Supplier<Future<Void>> beforeAck) {
        // its own client: each stream's blocking XREADGROUP holds a connection
        Redis redis = Backends.redis(vertx, settings, config.shards() + 2, timeout);
        // the analyzer is built once per process on a thread of its own; the aggregator starts reading once it is there
        CompletionStage<RollupWriter> writer = AgentClassifier.analyzer()
                .thenApply(analyzer -> new RollupWriter(mysql, new AgentClassifier(analyzer, AGENT_CACHE), clock));
        String consumer = "admin-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Aggregator aggregator = new Aggregator(config, redis, new RedisKeys(settings.prefix()), writer, consumer, timeout,
                beforeAck);
        // a worker: parsing an agent not in the cache is CPU work (about 0.2 ms), not for an event loop
        return vertx.deployVerticle(aggregator, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                .map(id -> new RunningAggregator(vertx, id, redis))
                .onFailure(e -> redis.close());
    }

    public Future<Void> close() {
        return vertx.undeploy(deploymentId).eventually(() -> {
            redis.close();
            return Future.succeededFuture();
        });
    }
}
