package io.cligs.edge.redirect;

import io.cligs.edge.cache.Resolution;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.metrics.PrometheusText;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redirect server's answers other than a redirect: problem responses ({@link Problems}), each
 * counted in the {@link EdgeMetrics} like a redirect, the request-smuggling guard, and the metrics page.
 * One per redirect verticle: its state lives on that verticle's event loop.
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence GET_HEAD = HttpHeaders.createOptimized("GET, HEAD");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    private final EdgeMetrics metrics;
    private final CharSequence retryAfter;
    /** Connections answered 400 for smuggling and about to close. */
    private final Set<HttpConnection> closing = Collections.newSetFromMap(new IdentityHashMap<>());

    Answers(EdgeMetrics metrics, int retryAfterSeconds) {
        this.metrics = metrics;
        this.retryAfter = HttpHeaders.createOptimized(Integer.toString(retryAfterSeconds));
    }

    /**
     * The edge serves no WebSocket: without per-frame and per-message WebSocket compression Vert.x does
     * not put Netty's WebSocket extension handler in every connection's pipeline, where it would look at
     * every request. (HTTP compression, decompression and automatic 100-continue are off by default.)
     */
    static HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false);
    }

    /**
     * Request smuggling guard; true when the request was answered (or dropped) here. Netty resolves
     * {@code Content-Length} + {@code Transfer-Encoding} by dropping the length (RFC 9112 §6.3) and
     * leaves no trace of it, so a proxy in front that framed the request by its length would disagree
     * with us about where the next request starts. No edge endpoint takes a body, so any request with
     * {@code Transfer-Encoding} is answered {@code 400} and its connection closed: whatever follows on
     * it is never read as a request.
     */
    boolean refusedForSmuggling(HttpServerRequest request) {
        if (!closing.isEmpty() && closing.contains(request.connection())) {
            request.connection().close();
            return true;
        }
        if (!request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        HttpConnection connection = request.connection();
        // requests pipelined behind this one may already be queued: they must never be answered
        closing.add(connection);
        connection.closeHandler(v -> closing.remove(connection));
        closeWith(request, 400, Problems.BAD_REQUEST, System.nanoTime());
        return true;
    }

    /**
     * A request Netty could not decode: a request line over {@link HttpServerOptions#getMaxInitialLineLength()}
     * (4,096 bytes) is {@code 414}, headers over {@link HttpServerOptions#getMaxHeaderSize()} {@code 431},
     * anything else {@code 400}. Vert.x's own handler answers the same statuses with an empty body and
     * uncounted; here they are problem JSON and counted. The connection closes: whatever follows on it
     * cannot be framed.
     */
    void undecodable(HttpServerRequest request) {
        long start = System.nanoTime();
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof TooLongHttpLineException) {
            closeWith(request, 414, Problems.URI_TOO_LONG, start);
        } else if (cause instanceof TooLongHttpHeaderException) {
            closeWith(request, 431, Problems.HEADERS_TOO_LARGE, start);
        } else {
            closeWith(request, 400, Problems.BAD_REQUEST, start);
        }
    }

    /** Answers and closes the connection once the answer is written. */
    private void closeWith(HttpServerRequest request, int status, Buffer body, long start) {
        HttpConnection connection = request.connection();
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        problemHead(request.response(), status)
                .end(body)
                .onComplete(written -> connection.close());
        metrics.request(status, start);
    }

    /** A resolution that is no redirect: 410, 404, or 503 with {@code Retry-After}. */
    void problem(HttpServerResponse response, Resolution resolution, long start) {
        int status;
        Buffer body;
        if (resolution instanceof Resolution.Gone) {
            status = 410;
            body = Problems.GONE;
        } else if (resolution instanceof Resolution.NotFound) {
            status = 404;
            body = Problems.NOT_FOUND;
        } else {
            response.putHeader(RETRY_AFTER, retryAfter);
            status = 503;
            body = Problems.UNAVAILABLE;
        }
        problemHead(response, status).end(body);
        metrics.request(status, start);
    }

    void methodNotAllowed(HttpServerResponse response, long start) {
        response.putHeader(HttpHeaders.ALLOW, GET_HEAD);
        problemHead(response, 405).end(Problems.METHOD_NOT_ALLOWED);
        metrics.request(405, start);
    }

    void methodNotAllowed(RoutingContext ctx) {
        methodNotAllowed(ctx.response(), System.nanoTime());
    }

    void notFound(RoutingContext ctx) {
        problem(ctx.response(), Resolution.NOT_FOUND, System.nanoTime());
    }

    void internalError(RoutingContext ctx) {
        LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        internalError(ctx.response(), System.nanoTime());
    }

    void internalError(HttpServerResponse response, long start) {
        if (!response.headWritten()) {
            problemHead(response, 500).end(Problems.INTERNAL);
        }
        metrics.request(500, start);
    }

    void metrics(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PrometheusText.CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(metrics.render());
    }

    private static HttpServerResponse problemHead(HttpServerResponse response, int status) {
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    }
}
