package io.cligs.edge.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.metrics.EdgeMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte scan of {@link HeadGuard} in front of the decoder Vert.x uses, each request cut into two reads
 * at every position and sent a byte per read: what the decoder hides is found wherever the reads split it.
 * (Bare line feeds are refused by the decoder itself.)
 */
class HeadGuardTest {

    private final EdgeMetrics metrics = new EdgeMetrics();
    private final ClientConnections connections = new ClientConnections(null,
            EdgeConfig.fromEnv(Map.of()).front(), new AtomicInteger(), metrics);

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a HTTP/1.1\r\nHost: x\r\nX-a: b\r\n Transfer-Encoding: chunked\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nX-a: b\r\n\tfolded\r\n\r\n",
        "GET /a HTTP/1.1\r\n X-a: b\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n",
        "GET /a HTTP/1.1\r\nhOST: x\r\nX-b: c\r\nHoSt: y\r\n\r\n"})
    void aHiddenFoldOrSecondHostFailsTheRequestWhereverTheReadsSplitIt(String request) {
        for (List<byte[]> reads : splits(request)) {
            List<HttpRequest> decoded = decode(reads);
            assertEquals(1, decoded.size(), request);
            Throwable cause = decoded.get(0).decoderResult().cause();
            assertTrue(cause instanceof MalformedHead, request + " split " + reads.size() + ": " + cause);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a HTTP/1.1\r\nHost: x\r\nX-Host: y\r\nA: host: z\r\n\r\n",
        "GET /a HTTP/1.1\r\nHost: x\r\nHosts: y\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
        "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: y\r\n\r\n"})
    void oneHostPerHeadAndNoFoldPass(String requests) {
        for (List<byte[]> reads : splits(requests)) {
            for (HttpRequest r : decode(reads)) {
                assertTrue(r.decoderResult().isSuccess(), requests + ": " + r.decoderResult());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /a HTTP/1.1\r\nHost: x\r\nX-a: b\r\n folded\r\n\r\n"})
    void requestsPipelinedBehindARefusedOneAreDropped(String refused) {
        List<HttpRequest> decoded = decode(List.of(ascii(refused + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertEquals(1, decoded.size());
        assertSame(MalformedHead.OBS_FOLD, decoded.get(0).decoderResult().cause());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
        "\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n\r\n"})
    void theHeadDeadlineRunsFromConnectingUntilAHeadEndsAndAgainWhileTheNextIsOpen(String requests) {
        for (List<byte[]> reads : splits(requests)) {
            EmbeddedChannel channel = new EmbeddedChannel();
            HeadGuard guard = new HeadGuard(connections, channel, metrics);
            channel.pipeline().addLast(guard.rawBytes());
            channel.pipeline().addLast(ClientConnections.DECODER, new VertxHttpRequestDecoder(new HttpServerOptions()));
            assertTrue(guard.headPendingSince(0), "a new connection owes a head");
            for (byte[] read : reads) {
                channel.writeInbound(Unpooled.wrappedBuffer(read));
            }
            assertFalse(guard.headPendingSince(0), requests + " split " + reads.size() + ": every head ended");
            channel.writeInbound(Unpooled.wrappedBuffer(ascii("GET /c HTTP/1.1\r\nHo")));
            assertTrue(guard.headPendingSince(0), "a head begun and not ended is pending");
            channel.writeInbound(Unpooled.wrappedBuffer(ascii("st: x\r\n\r\n")));
            assertFalse(guard.headPendingSince(0), "and ends with its empty line");
            channel.finishAndReleaseAll();
        }
    }

    /** The request whole, in two reads at every cut, and a byte per read. */
    private static List<List<byte[]>> splits(String request) {
        byte[] all = ascii(request);
        List<List<byte[]>> out = new ArrayList<>();
        out.add(List.of(all));
        for (int cut = 1; cut < all.length; cut++) {
            byte[] a = new byte[cut];
            byte[] b = new byte[all.length - cut];
            System.arraycopy(all, 0, a, 0, cut);
            System.arraycopy(all, cut, b, 0, b.length);
            out.add(List.of(a, b));
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte x : all) {
            bytes.add(new byte[] {x});
        }
        out.add(bytes);
        return out;
    }

    private List<HttpRequest> decode(List<byte[]> reads) {
        EmbeddedChannel channel = new EmbeddedChannel();
        HeadGuard guard = new HeadGuard(connections, channel, metrics);
        // as ClientConnections builds it with cleartext HTTP/2 off: the guard adds its second handler on a refusal
        channel.pipeline().addLast(guard.rawBytes());
        channel.pipeline().addLast(ClientConnections.DECODER, new VertxHttpRequestDecoder(new HttpServerOptions()));
        for (byte[] read : reads) {
            channel.writeInbound(Unpooled.wrappedBuffer(read));
        }
        List<HttpRequest> requests = new ArrayList<>();
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof HttpRequest r) {
                requests.add(r);
            }
            ReferenceCountUtil.release(msg);
        }
        channel.finishAndReleaseAll();
        return requests;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
