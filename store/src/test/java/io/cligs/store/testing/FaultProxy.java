package io.cligs.store.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy owned by a test, between the code and a real server on loopback, that breaks the
 * connection the way real networks do (TESTING.md). Modes, switchable at any time:
 * <ul>
 *   <li>{@link Mode#PASS}: forwards both ways;</li>
 *   <li>{@link Mode#REFUSE}: new connections are closed at once (existing ones are reset too);</li>
 *   <li>{@link Mode#BLACKHOLE}: new connections are accepted and never answered, existing ones stop
 *       forwarding; nothing is closed;</li>
 *   <li>{@link Mode#HOLD_EXISTING}: the connections open at the switch stop forwarding (they stay open
 *       and silent, as after a failover without a reset or behind a middlebox that keeps
 *       acknowledging) while new connections pass.</li>
 * </ul>
 * Runs on a Vert.x of its own; {@link #close()} drops every connection. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Mode { PASS, REFUSE, BLACKHOLE, HOLD_EXISTING }

    private final Vertx vertx = Vertx.vertx();
    private final NetClient client;
    private final NetServer server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;

    /** One proxied connection; {@code held} once it stopped forwarding. */
    private static final class Link {
        final NetSocket front;
        volatile NetSocket back;
        volatile boolean held;

        Link(NetSocket front) {
            this.front = front;
        }

        void close() {
            front.close();
            NetSocket b = back;
            if (b != null) {
                b.close();
            }
        }
    }

    private FaultProxy(String targetHost, int targetPort) {
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
        this.server = vertx.createNetServer().connectHandler(front -> accept(front, targetHost, targetPort));
    }

    /** Starts a proxy on a free loopback port in front of {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) {
        FaultProxy p = new FaultProxy(targetHost, targetPort);
        p.server.listen(0, "127.0.0.1").await();
        return p;
    }

    public int port() {
        return server.actualPort();
    }

    /** Connections accepted so far (a client that reconnects shows here). */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int open() {
        return links.size();
    }

    public Mode mode() {
        return mode;
    }

    /** Switches the mode; {@link Mode#HOLD_EXISTING} and {@link Mode#BLACKHOLE} hold the connections open now. */
    public void mode(Mode next) {
        mode = next;
        switch (next) {
            case REFUSE -> links.forEach(Link::close);
            case HOLD_EXISTING, BLACKHOLE -> links.forEach(l -> l.held = true);
            case PASS -> { }
        }
    }

    private void accept(NetSocket front, String host, int port) {
        accepted.incrementAndGet();
        Mode now = mode;
        if (now == Mode.REFUSE) {
            front.close();
            return;
        }
        Link link = new Link(front);
        links.add(link);
        front.closeHandler(v -> {
            links.remove(link);
            NetSocket b = link.back;
            if (b != null) {
                b.close();
            }
        });
        if (now == Mode.BLACKHOLE) {
            link.held = true;
            front.handler(data -> { });
            return;
        }
        front.pause();
        client.connect(port, host).onComplete(ar -> {
            if (ar.failed()) {
                front.close();
                return;
            }
            NetSocket back = ar.result();
            link.back = back;
            back.closeHandler(v -> front.close());
            back.handler(data -> forward(link, front, data));
            front.handler(data -> forward(link, back, data));
            front.resume();
        });
    }

    private static void forward(Link link, NetSocket to, Buffer data) {
        if (!link.held) {
            to.write(data);
        }
    }

    @Override
    public void close() {
        links.forEach(Link::close);
        vertx.close().await();
    }
}
