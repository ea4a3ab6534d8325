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
import java.util.concurrent.atomic.LongAdder;

/**
 * The client connections of one redirect verticle (its event loop): the server's connection handler.
 * Each HTTP/1.1 connection beyond {@link HttpFront#maxConnections()} open in the whole edge is closed at
 * once; the others get a {@link HeadGuard} in their pipeline. A timer per event loop, not per connection
 * nor per request, sweeps them: a connection whose request head has been pending for
 * {@link HttpFront#headTimeout()} is closed, however many bytes it dribbled meanwhile (an idle timeout
 * is reset by every byte, so it cannot catch that), and so is one that sent nothing for
 * {@link HttpFront#idleTimeout()}. (Vert.x's own idle timeout would put Netty's {@code IdleStateHandler}
 * in every connection, which gives every response write a promise and a listener of its own.) Everything
 * is counted in the {@link EdgeMetrics}. Confined to the verticle's event loop, except the edge-wide count.
 *
 * <p>With {@code CLIG_EDGE_H2C=true}, HTTP/2 connections are neither counted nor guarded: HTTP/2 frames
 * its own headers. One upgraded from HTTP/1.1 stays counted, and its guard steps aside.
 */
public final class ClientConnections {

    /** Names of the handlers in the pipeline that Vert.x 5.0 builds for an HTTP/1.x server connection. */
    static final String DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private final Vertx vertx;
    private final EdgeMetrics metrics;
    private final AtomicInteger open;
    private final int max;
    private final boolean h2c;
    private final long tickMs;
    private final long headTimeoutTicks;
    private final long idleTimeoutTicks;
    private final Set<HeadGuard> guarded = new HashSet<>();
    private long tick;
    private long sweeper = -1;

    /** @param open the open connections of the whole edge, shared by its verticles */
    public ClientConnections(Vertx vertx, HttpFront front, AtomicInteger open, EdgeMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
        this.open = open;
        this.max = front.maxConnections();
        this.h2c = front.h2c();
        long headMs = front.headTimeout().toMillis();
        long idleMs = front.idleTimeout().toMillis();
        // a connection is closed between a timeout and 1.2 times it (1 s more for timeouts over 5 s)
        this.tickMs = Math.max(10, Math.min(1000, Math.min(headMs, idleMs) / 5));
        this.headTimeoutTicks = ticks(headMs);
        this.idleTimeoutTicks = ticks(idleMs);
    }

    /** Sweeps that must pass before a timeout of {@code ms} is sure to have passed since a given tick. */
    private long ticks(long ms) {
        return (ms + tickMs - 1) / tickMs + 1;
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
        if (h2c) {
            pipeline.addBefore(VERTX_HANDLER, "cligsRequests", guard.requests());
        }
        guarded.add(guard);
        // also fires if the connection closed already
        channel.closeFuture().addListener(closed -> closed(guard));
    }

    long tick() {
        return tick;
    }

    private void closed(HeadGuard guard) {
        guarded.remove(guard);
        open.decrementAndGet();
    }

    /** The connection speaks another protocol now: no more sweeping; it stays counted until it closes. */
    void switched(HeadGuard guard) {
        guarded.remove(guard);
    }

    private void sweep() {
        long now = ++tick;
        List<HeadGuard> late = null;
        List<HeadGuard> idle = null;
        for (HeadGuard guard : guarded) {
            if (guard.headPendingSince(now - headTimeoutTicks)) {
                late = add(late, guard);
            } else if (guard.silentSince(now - idleTimeoutTicks)) {
                idle = add(idle, guard);
            }
        }
        close(late, metrics.headTimeouts);
        close(idle, metrics.idleTimeouts);
    }

    private static List<HeadGuard> add(List<HeadGuard> list, HeadGuard guard) {
        List<HeadGuard> l = list == null ? new ArrayList<>() : list;
        l.add(guard);
        return l;
    }

    /** Closes the connections outside the loop over them: a close may remove one from {@link #guarded} at once. */
    private static void close(List<HeadGuard> guards, LongAdder counter) {
        if (guards != null) {
            for (HeadGuard guard : guards) {
                counter.increment();
                guard.channel().close();
            }
        }
    }
}
