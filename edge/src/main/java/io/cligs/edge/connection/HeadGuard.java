package io.cligs.edge.connection;

import io.cligs.edge.metrics.EdgeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 client connection, watched from its Netty pipeline. Confined to the connection's event
 * loop.
 *
 * <p>{@link #rawBytes()}, before the HTTP decoder, is the only handler on the hot path: it notes the last
 * read (for the idle timeout) and scans the bytes line by line. A line that starts a head (its first byte
 * while no head is open) starts the head deadline; the empty line that ends a head stops it, so requests
 * need not be watched after the decoder. The scan also finds what the decoder erases: a line in a head
 * that starts with a space or a tab (obs-fold, which Netty joins into the header before it, so {@code X-a:
 * b\r\n Transfer-Encoding: chunked} would pass as one harmless header) and a second {@code Host:} line in
 * one head. It finds line feeds with {@link ByteBuf#indexOf} and looks at most five bytes after each, so a
 * request costs a few comparisons per header line and no allocation. Request bodies are scanned as lines
 * too (no edge endpoint takes one); a connection whose last request carried a body that did not end in an
 * empty line counts as owing a head, and closes at the head deadline rather than the idle timeout.
 *
 * <p>{@link #requests()}, after the decoder, joins the pipeline only when needed: when the scan refuses a
 * head (the next request the decoder hands on then fails with {@link MalformedHead}, which the server's
 * invalid-request handler answers {@code 400} before closing the connection; requests pipelined behind it
 * are dropped), and from the start when cleartext HTTP/2 is on, to step aside once the connection
 * switches protocols.
 */
final class HeadGuard {

    private static final byte LF = '\n';
    /** {@code host:}; each byte OR 0x20 is compared, which lower-cases the letters and keeps the colon. */
    private static final byte[] HOST = {'h', 'o', 's', 't', ':'};
    /** {@link #lineStart} in the middle of a line. */
    private static final int MID_LINE = -1;
    /** {@link #lineStart} after a carriage return at the start of a line: an empty line if a line feed follows. */
    private static final int CR_FIRST = -2;

    private final ClientConnections owner;
    private final Channel channel;
    private final EdgeMetrics metrics;
    private final RawBytes rawBytes = new RawBytes();
    private final Requests requests = new Requests();

    /**
     * The sweep tick at which the open head's first byte came (or the connection opened, owing its first
     * head), or -1 when no head is open.
     */
    private long headStartTick;
    /** The sweep tick of the last read. */
    private long lastReadTick;
    /** Whether the scan is inside a head (between its first byte and the empty line that ends it). */
    private boolean inHead;
    /** Bytes of {@code host:} matched at the start of the current line, {@link #MID_LINE} or {@link #CR_FIRST}. */
    private int lineStart = 0;
    private int hostLines;
    private MalformedHead refusal;
    /** Whether a request was failed with {@link #refusal}; the connection then closes after its answer. */
    private boolean refusedOne;
    private boolean discarding;
    private boolean requestsWatched;

    HeadGuard(ClientConnections owner, Channel channel, EdgeMetrics metrics) {
        this.owner = owner;
        this.channel = channel;
        this.metrics = metrics;
        // a new connection owes its first request head by the deadline, even if it sends nothing
        this.headStartTick = owner.tick();
        this.lastReadTick = headStartTick;
    }

    /** The handler to put before the decoder. */
    ChannelInboundHandlerAdapter rawBytes() {
        return rawBytes;
    }

    /** The handler to put after the decoder from the start (cleartext HTTP/2 on); otherwise the guard adds it when needed. */
    ChannelInboundHandlerAdapter requests() {
        requestsWatched = true;
        return requests;
    }

    Channel channel() {
        return channel;
    }

    /** Whether a request head has been open since {@code tick} or earlier. */
    boolean headPendingSince(long tick) {
        return headStartTick >= 0 && headStartTick <= tick;
    }

    /** Whether nothing was read since {@code tick}. */
    boolean silentSince(long tick) {
        return lastReadTick <= tick;
    }

    private void scan(ByteBuf in, long tick) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end && refusal == null) {
            if (lineStart == MID_LINE) {
                int lf = in.indexOf(i, end, LF);
                if (lf < 0) {
                    return;
                }
                lineStart = 0;
                i = lf + 1;
                continue;
            }
            lineStartByte(in.getByte(i++), tick);
        }
    }

    /** The next byte at the start of a line: {@link #lineStart} says what came before it on the line. */
    private void lineStartByte(byte b, long tick) {
        if (b == LF) {
            if (lineStart == 0 || lineStart == CR_FIRST) {
                // an empty line ends a head (before one, it is the padding RFC 9112 §2.2 lets a server skip)
                inHead = false;
                headStartTick = -1;
                hostLines = 0;
            }
            lineStart = 0;
            return;
        }
        if (lineStart == CR_FIRST) {
            lineStart = MID_LINE;
            return;
        }
        if (lineStart == 0) {
            if (b == '\r') {
                lineStart = CR_FIRST;
                return;
            }
            if (!inHead) {
                inHead = true;
                if (headStartTick < 0) {
                    headStartTick = tick;
                }
            } else if (b == ' ' || b == '\t') {
                refuse(MalformedHead.OBS_FOLD);
                metrics.obsFolds.increment();
                return;
            }
        }
        if ((b | 0x20) != HOST[lineStart]) {
            lineStart = MID_LINE;
            return;
        }
        if (++lineStart == HOST.length) {
            lineStart = MID_LINE;
            if (++hostLines > 1) {
                refuse(MalformedHead.TWO_HOSTS);
                metrics.twoHosts.increment();
            }
        }
    }

    private void refuse(MalformedHead why) {
        refusal = why;
        if (!requestsWatched) {
            // the refused head has not reached the decoder yet: this read is handed on after the scan
            requestsWatched = true;
            channel.pipeline().addAfter(ClientConnections.DECODER, "cligsRefusal", requests);
        }
    }

    /** Before the decoder: the reads, and the scan. */
    private final class RawBytes extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long tick = owner.tick();
            lastReadTick = tick;
            if (refusal == null && msg instanceof ByteBuf in) {
                scan(in, tick);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** After the decoder, only when needed: fails the refused request, and steps aside after a protocol switch. */
    private final class Requests extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && refusal != null) {
                if (refusedOne) {
                    // requests pipelined behind the refused one are never answered: the connection closes
                    discarding = true;
                } else {
                    refusedOne = true;
                    request.setDecoderResult(DecoderResult.failure(refusal));
                }
            }
            if (discarding) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof ByteBuf) {
                // bytes behind the decoder: the connection switched protocols (Upgrade: h2c, with
                // CLIG_EDGE_H2C=true), and HTTP/1.1's framing rules and head deadline no longer apply
                owner.switched(HeadGuard.this);
                ctx.pipeline().remove(rawBytes);
                ctx.pipeline().remove(this);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
