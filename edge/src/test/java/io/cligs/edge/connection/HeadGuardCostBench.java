package io.cligs.edge.connection;

import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.metrics.EdgeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What {@link HeadGuard} adds to decoding a request, isolated from the network and the rest of the
 * edge: wrk's pipelined batches of 16 requests decoded by Vert.x's decoder alone and with the guard's
 * handler in front of it (as with cleartext HTTP/2 off), alternating, on one thread. A measurement, not a check, so it is named
 * {@code *Bench} and the suite does not run it; run it by name (docs/PERFORMANCE.md has the command) and
 * it prints ns per request.
 */
class HeadGuardCostBench {

    private static final byte[] BATCH;

    static {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            b.append("GET /aB3x").append(i).append(" HTTP/1.1\r\nHost: 127.0.0.1:28180\r\n\r\n");
        }
        BATCH = b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void nanosPerRequest() {
        ClientConnections connections = new ClientConnections(null, EdgeConfig.fromEnv(Map.of()).front(),
                new AtomicInteger(), new EdgeMetrics());
        EmbeddedChannel bare = new EmbeddedChannel(new VertxHttpRequestDecoder(new HttpServerOptions()));
        EmbeddedChannel guarded = new EmbeddedChannel();
        HeadGuard guard = new HeadGuard(connections, guarded, new EdgeMetrics());
        guarded.pipeline().addLast(guard.rawBytes());
        guarded.pipeline().addLast(ClientConnections.DECODER, new VertxHttpRequestDecoder(new HttpServerOptions()));
        int batches = 200_000;
        for (int round = 0; round < 8; round++) {
            long b = run(bare, batches);
            long g = run(guarded, batches);
            System.out.printf("round %d: decoder alone %.1f ns/request, with HeadGuard %.1f ns/request (%+.1f)%n", round,
                    b / (batches * 16.0), g / (batches * 16.0), (g - b) / (batches * 16.0));
        }
    }

    private static long run(EmbeddedChannel channel, int batches) {
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(BATCH.length);
            in.writeBytes(BATCH);
            channel.writeInbound(in);
            Object msg;
            while ((msg = channel.readInbound()) != null) {
                ReferenceCountUtil.release(msg);
            }
        }
        return System.nanoTime() - start;
    }
}
