package io.cligs.edge.connection;

import io.cligs.edge.config.HttpFront;
import io.cligs.edge.metrics.EdgeMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client connections of one redirect verticle (its event loop): the server's connection handler.
 * Each HTTP/1.1 connection beyond {@link HttpFront#maxConnections()} open in the whole edge is closed at
 * once; the others get a {@link HeadGuard} in their pipeline. A timer per event loop, not per connection
 * nor per request, sweeps them: a connection whose request head has been pending for
 * {@link HttpFront#headTimeout()} is closed, however many bytes it dribbled meanwhile (Vert.x's idle
 * timeout, {@link HttpFront#idleTimeout()}, is reset by every byte, so it cannot catch that). Everything
 * is counted in the {@link EdgeMetrics}. Confined to the verticle's event loop, except the edge-wide count.
 *
 * <p>With {@code CLIG_EDGE_H2C=true}, HTTP/2 connections are neither counted nor guarded: HTTP/2 frames
 * its own headers.
 */
public final class ClientConnections {

    /** Names of the handlers in the pipeline that Vert.x 5.0 builds for an HTTP/1.x server connection. */
    private static final String DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private final Vertx vertx;
    private final EdgeMetrics metrics;
    private final AtomicInteger open;
    private final int max;
    private final long tickMs;
    private final long headTimeoutTicks;
    private final Set<HeadGuard> guarded = new HashSet<>();
    private long tick;
    private long sweeper = -1;

    /** @param open the open connections of the whole edge, shared by its verticles */
    public ClientConnections(Vertx vertx, HttpFront front, AtomicInteger open, EdgeMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.open = open;
        this.max = front.maxConnections();
        long timeoutMs = front.headTimeout().toMillis();
        // a head is closed between the timeout and 1.2 times it (1 s more for timeouts over 5 s)
        this.tickMs = Math.max(10, Math.min(1000, timeoutMs / 5));
        this.headTimeoutTicks = (timeoutMs + tickMs - 1) / tickMs + 1;
    }

    /** Starts the sweep on the caller's (the verticle's) context. */
    public void start() {
        sweeper = vertx.setPeriodic(tickMs, id -> sweep());
    }

    public void stop() {
        vertx.cancelTimer(sweeper);
    }

    /** The server's connection handler. */
    public void accept(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base) || base.channel().pipeline().get(DECODER) == null) {
            return;
        }
        Channel channel = base.channel();
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            metrics.connectionsRefused.increment();
            channel.close();
            return;
        }
        HeadGuard guard = new HeadGuard(this, channel, metrics);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addBefore(DECODER, "cligsHeadBytes", guard.rawBytes());
        pipeline.addBefore(VERTX_HANDLER, "cligsRequests", guard.requests());
        guarded.add(guard);
        // also fires if the connection closed already
        channel.closeFuture().addListener(closed -> closed(guard));
    }

    long tick() {
        return tick;
    }

    void idleTimedOut() {
        metrics.idleTimeouts.increment();
    }

    private void closed(HeadGuard guard) {
        if (guarded.remove(guard)) {
            open.decrementAndGet();
        }
    }

    private void sweep() {
        long startedBy = ++tick - headTimeoutTicks;
        List<HeadGuard> late = null;
        for (HeadGuard guard : guarded) {
            if (guard.headPendingSince(startedBy)) {
                if (late == null) {
                    late = new ArrayList<>();
                }
                late.add(guard);
            }
        }
        if (late != null) {
            for (HeadGuard guard : late) {
                metrics.headTimeouts.increment();
                guard.channel().close();
            }
        }
    }
}
