package io.cligs.edge.cache;

import io.cligs.core.redis.RedisKeys;
import io.cligs.edge.metrics.EdgeMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dedicated Redis connection subscribed to the eviction channel and evicts every slug
 * published there from the {@link LinkCache}; {@link RedisKeys#EVICT_ALL} (sent by a writer that changed
 * many links) drops the whole cache. The connection is watched: when it ends or fails it is
 * rebuilt with exponential backoff (100 ms doubling to 5 s). Messages published while unsubscribed
 * are lost, so every successful (re)subscription drops the whole cache: the edge keeps only what it
 * can vouch for. One instance per edge; its state lives on its own event loop.
 */
public final class InvalidationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationVerticle.class);

    private final Supplier<Redis> clientFactory;
    private final String channel;
    private final LinkCache cache;
    private final EdgeMetrics metrics;
    private final SubscriptionState state;
    private final long timeoutMs;

    private Redis client;
    private RedisConnection connection;
    private final Reconnection reconnection = new Reconnection(this::subscribe, () -> !this.stopping && this.connection == null);
    private boolean stopping;

    public InvalidationVerticle(Supplier<Redis> clientFactory, String channel, LinkCache cache, EdgeMetrics metrics,
                                SubscriptionState state, Duration timeout) {
        this.clientFactory = clientFactory;
        this.channel = channel;
        this.cache = cache;
        this.metrics = metrics;
        this.state = state;
        this.timeoutMs = Math.max(timeout.toMillis(), 1000);
    }

    /** Tries once to subscribe; starts anyway (and retries) when Redis is down. */
    @Override
    public Future<?> start() {
        client = clientFactory.get();
        return subscribe().otherwise(e -> {
            reconnection.schedule(vertx);
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        state.subscribed(false);
        RedisConnection c = connection;
        connection = null;
        Future<Void> closing = c == null ? Future.succeededFuture() : c.close().otherwiseEmpty();
        return closing.eventually(() -> client.close());
    }

    private Future<Void> subscribe() {
        return client.connect()
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .compose(this::listen)
                .onSuccess(v -> subscribed())
                .onFailure(e -> LOG.warn("cannot subscribe to Redis channel {}: {}", channel, e.toString()));
    }

    private Future<Void> listen(RedisConnection c) {
        connection = c;
        c.handler(this::onMessage);
        c.exceptionHandler(e -> lost(c, e.toString()));
        c.endHandler(v -> lost(c, "connection closed"));
        return c.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .<Void>mapEmpty()
                .onFailure(e -> {
                    connection = null;
                    c.close();
                });
    }

    private void subscribed() {
        if (stopping) {
            return;
        }
        cache.invalidateAll();
        metrics.resubscribes.increment();
        state.subscribed(true);
        reconnection.succeeded();
        LOG.info("subscribed to Redis channel {}; in-process cache dropped (messages may have been missed)", channel);
    }

    private void onMessage(Response message) {
        if (message.size() == 3 && "message".equals(message.get(0).toString()) && channel.equals(message.get(1).toString())) {
            String slug = message.get(2).toString();
            if (RedisKeys.EVICT_ALL.equals(slug)) {
                metrics.evictAllsReceived.increment();
                cache.invalidateAll();
                LOG.info("evict-all received on Redis channel {}: in-process cache dropped", channel);
            } else {
                metrics.evictionsReceived.increment();
                cache.invalidate(slug);
            }
        }
    }

    private void lost(RedisConnection c, String why) {
        if (c != connection || stopping) {
            return;
        }
        connection = null;
        state.subscribed(false);
        LOG.warn("lost the subscription to Redis channel {} ({}); resubscribing", channel, why);
        c.close();
        reconnection.schedule(vertx);
    }
}
