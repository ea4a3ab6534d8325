package io.cligs.edge.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy to 127.0.0.1:{@code target} that can hold the connections it has while passing new ones:
 * held connections stay open and swallow what either side sends, as a failover without a reset or a
 * middlebox that keeps acknowledging would (TESTING.md). The fault a kept connection most often misses.
 */
public final class HoldingProxy {

    private final NetServer server;
    private final NetClient client;
    private final List<AtomicBoolean> held = new CopyOnWriteArrayList<>();

    private HoldingProxy(NetServer server, NetClient client) {
        this.server = server;
        this.client = client;
    }

    /** Listens on a free port of 127.0.0.1. */
    public static Future<HoldingProxy> start(Vertx vertx, int target) {
        NetClient client = vertx.createNetClient();
        NetServer server = vertx.createNetServer();
        HoldingProxy proxy = new HoldingProxy(server, client);
        server.connectHandler(in -> proxy.relay(in, target));
        return server.listen(0, "127.0.0.1").map(s -> proxy);
    }

    private void relay(NetSocket in, int target) {
        in.pause();
        client.connect(target, "127.0.0.1").onSuccess(out -> {
            AtomicBoolean hold = new AtomicBoolean();
            held.add(hold);
            in.handler(b -> {
                if (!hold.get()) {
                    out.write(b);
                }
            });
            out.handler(b -> {
                if (!hold.get()) {
                    in.write(b);
                }
            });
            in.closeHandler(v -> out.close());
            out.closeHandler(v -> in.close());
            in.resume();
        }).onFailure(e -> in.close());
    }

    public int port() {
        return server.actualPort();
    }

    /** From now on the connections open now pass nothing either way (and stay open); new ones pass. */
    public void holdExisting() {
        for (AtomicBoolean h : held) {
            h.set(true);
        }
    }

    public Future<Void> close() {
        return server.close().eventually(client::close);
    }
}
