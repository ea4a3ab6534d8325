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
import io.vertx.redis.client.ResponseType;
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
 * can vouch for.
 *
 * <p>A connection can also die silently: a network that holds it open (a failover without a reset, a
 * middlebox that keeps acknowledging) leaves Redis counting the edge as a subscriber while nothing
 * arrives, and the cache would serve changed links until their TTL. So the connection is PINGed every
 * ping interval, and a PING unanswered within the interval counts as a loss like any other: the
 * subscription is reported down at once, the connection closed, and a new one subscribes and drops the
 * cache, a change published meanwhile is served within about two intervals and a reconnection. A
 * subscribed connection answers PING as a normal reply in RESP3 ({@code PONG}); in RESP2 it answers
 * {@code ["pong", ""]}, which the client hands to the PING or, when a message came first, to the
 * message handler (and the message to the PING): both places recognise both.
 *
 * <p>One instance per edge; its state lives on its own event loop.
 */
public final class InvalidationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(InvalidationVerticle.class);

    private final Supplier<Redis> clientFactory;
    private final String channel;
    private final LinkCache cache;
    private final EdgeMetrics metrics;
    private final SubscriptionState state;
    private final long timeoutMs;
    private final long pingIntervalMs;

    private Redis client;
    private RedisConnection connection;
    private final Reconnection reconnection = new Reconnection(this::subscribe, () -> !this.stopping && this.connection == null);
    private boolean stopping;
    private long pingTimer = -1;
    /** The PING in flight on {@link #connection} (a token its timer compares), null once answered. */
    private Object pingInFlight;

    /**
     * @param timeout limit of connecting and subscribing (at least 1 s)
     * @param pingInterval how often the subscribed connection is PINGed; a PING unanswered within it is a loss
     */
    public InvalidationVerticle(Supplier<Redis> clientFactory, String channel, LinkCache cache, EdgeMetrics metrics,
                                SubscriptionState state, Duration timeout, Duration pingInterval) {
        this.clientFactory = clientFactory;
        this.channel = channel;
        this.cache = cache;
        this.metrics = metrics;
        this.state = state;
        this.timeoutMs = Math.max(timeout.toMillis(), 1000);
        this.pingIntervalMs = pingInterval.toMillis();
    }

    /** Tries once to subscribe; starts anyway (and retries) when Redis is down. */
    @Override
    public Future<?> start() {
        client = clientFactory.get();
        pingTimer = vertx.setPeriodic(pingIntervalMs, id -> ping());
        return subscribe().otherwise(e -> {
            reconnection.schedule(vertx);
            return null;
        });
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(pingTimer);
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
        pingInFlight = null;
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

    /** PINGs the subscribed connection; no answer within the interval is a loss. */
    private void ping() {
        RedisConnection c = connection;
        if (c == null || pingInFlight != null || !state.subscribed()) {
            return;
        }
        Object ping = new Object();
        pingInFlight = ping;
        vertx.setTimer(pingIntervalMs, id -> {
            if (pingInFlight == ping) {
                pingInFlight = null;
                metrics.subscriptionPingsUnanswered.increment();
                lost(c, "PING unanswered for " + pingIntervalMs + " ms");
            }
        });
        c.send(Request.cmd(Command.PING)).onSuccess(reply -> {
            if (isPong(reply)) {
                pingInFlight = null;
            } else if (reply != null) {
                onMessage(reply); // RESP2: a message that arrived before the pong was handed to the PING
            }
        });
    }

    /** {@code PONG} (RESP3) or {@code ["pong", ""]} (RESP2, subscribed). */
    private static boolean isPong(Response reply) {
        if (reply == null) {
            return false;
        }
        if (reply.type() == ResponseType.MULTI || reply.type() == ResponseType.PUSH) {
            return reply.size() >= 1 && "pong".equalsIgnoreCase(String.valueOf(reply.get(0)));
        }
        return "PONG".equalsIgnoreCase(reply.toString());
    }

    private void onMessage(Response message) {
        if (isPong(message)) {
            pingInFlight = null;
            return;
        }
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
        pingInFlight = null;
        state.subscribed(false);
        LOG.warn("lost the subscription to Redis channel {} ({}); resubscribing", channel, why);
        c.close();
        reconnection.schedule(vertx);
    }
}
