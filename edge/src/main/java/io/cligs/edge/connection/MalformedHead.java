package io.cligs.edge.connection;

/**
 * Why a request head was refused though Netty decoded it: the decoder joins an obs-folded line into the
 * header before it (RFC 9112 §5.2) and keeps a second {@code Host} (RFC 9112 §3.2 asks for {@code 400}),
 * so {@link HeadGuard} sees it in the bytes and fails the request with this. No stack trace: it is an
 * answer, not a fault.
 */
public final class MalformedHead extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    static final MalformedHead OBS_FOLD = new MalformedHead("obs-fold: a header line starts with whitespace");
    static final MalformedHead TWO_HOSTS = new MalformedHead("more than one Host header");

    private MalformedHead(String message) {
        super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
