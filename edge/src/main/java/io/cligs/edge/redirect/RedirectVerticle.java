package io.cligs.edge.redirect;

import io.cligs.core.link.Slug;
import io.cligs.edge.cache.Backends;
import io.cligs.edge.cache.LinkCache;
import io.cligs.edge.cache.LinkLoader;
import io.cligs.edge.cache.SingleFlight;
import io.cligs.edge.click.ClickEvent;
import io.cligs.edge.click.ClickSink;
import io.cligs.edge.health.HealthHandlers;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.metrics.PrometheusText;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public redirect server, one instance per event loop. {@code GET}/{@code HEAD /{slug}}: the
 * shared Caffeine cache, then the negative cache, then (single-flight) Redis and MySQL; the answer is
 * precomputed per link ({@link Resolution}), so a hit only sets three headers and a shared body.
 * Everything under {@code /-/} is the edge's own. Nothing here blocks.
 */
public final class RedirectVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(RedirectVerticle.class);

    private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence GET_HEAD = HttpHeaders.createOptimized("GET, HEAD");
    private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");

    private final EdgeParts parts;
    private final LinkCache cache;
    private final EdgeMetrics metrics;
    private final ClickSink clicks;
    private final CharSequence retryAfter;

    private Redis redis;
    private Pool mysql;
    private LinkLoader loader;
    private HealthHandlers health;
    private Router router;
    /** Connections answered 400 for smuggling and about to close; touched only on this verticle's event loop. */
    private final Set<HttpConnection> closing = Collections.newSetFromMap(new IdentityHashMap<>());

    public RedirectVerticle(EdgeParts parts) {
        this.parts = parts;
        this.cache = parts.cache();
        this.metrics = parts.metrics();
        this.clicks = parts.clicks();
        this.retryAfter = HttpHeaders.createOptimized(Integer.toString(parts.config().retryAfterSeconds()));
    }

    @Override
    public Future<?> start() {
        redis = Backends.redis(vertx, parts.config());
        mysql = Backends.mysql(vertx, parts.config(), parts.mysqlPoolName());
        loader = new LinkLoader(redis, mysql, parts.keys(), parts.resolutions(), metrics,
                parts.config().redisTimeout(), parts.config().mysqlTimeout());
        health = new HealthHandlers(redis, mysql, parts.countries().table(), parts.subscription(),
                parts.config().redisTimeout(), parts.config().mysqlTimeout());
        router = router();
        return warmUp()
                .compose(v -> vertx.createHttpServer(serverOptions())
                        .requestHandler(this::screen)
                        .listen(parts.config().port(), parts.config().host()))
                .onSuccess(server -> parts.actualPort().compareAndSet(0, server.actualPort()));
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
     * Opens a Redis and a MySQL connection before the first visitor needs one, so that connection set-up
     * does not eat into the first lookups' timeouts. Never fails: a dependency that is down now is
     * handled per request.
     */
    private Future<Void> warmUp() {
        Future<?> redisPing = redis.send(Request.cmd(Command.PING))
                .timeout(parts.config().redisTimeout().toMillis() * 4, TimeUnit.MILLISECONDS);
        Future<?> mysqlPing = mysql.query("SELECT 1").execute()
                .timeout(parts.config().mysqlTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return Future.join(redisPing, mysqlPing).<Void>mapEmpty().otherwiseEmpty();
    }

    @Override
    public Future<?> stop() {
        return Future.join(redis.close(), mysql.close());
    }

    /**
     * Request smuggling guard. Netty resolves {@code Content-Length} + {@code Transfer-Encoding} by
     * dropping the length (RFC 9112 §6.3) and leaves no trace of it, so a proxy in front that framed
     * the request by its length would disagree with us about where the next request starts. No edge
     * endpoint takes a body, so any request with {@code Transfer-Encoding} is answered {@code 400} and
     * its connection closed: whatever follows on it is never read as a request.
     */
    private void screen(HttpServerRequest request) {
        if (!closing.isEmpty() && closing.contains(request.connection())) {
            request.connection().close();
            return;
        }
        if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            long start = System.nanoTime();
            HttpConnection connection = request.connection();
            // requests pipelined behind this one may already be queued: they must never be answered
            closing.add(connection);
            connection.closeHandler(v -> closing.remove(connection));
            request.response().setStatusCode(400)
                    .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                    .end(Problems.BAD_REQUEST)
                    .onComplete(written -> connection.close());
            metrics.request(400, start);
            return;
        }
        String slug = directSlug(request);
        if (slug != null) {
            long start = System.nanoTime();
            try {
                slug(request, slug, start);
            } catch (RuntimeException e) {
                // as the Router's 500 error handler does
                LOG.error("request {} {} failed", request.method(), request.path(), e);
                if (!request.response().headWritten()) {
                    problem(request.response(), 500, Problems.INTERNAL);
                }
            }
            return;
        }
        router.handle(request);
    }

    /**
     * The slug of a request the Router would hand to {@code /:slug} unchanged, or null to let the Router
     * decide. A path that is {@code /} and a valid slug (letters, digits, {@code . _ -}; never {@code .},
     * {@code ..}, or anything under {@code /-/}) needs no normalising or decoding, matches none of the
     * {@code /-/} routes and matches {@code /:slug} with the slug as its parameter; the Router would also
     * answer {@code 400} for a missing {@code Host}, so such requests go to it. Skipping the Router here
     * (its routing context, request wrapper and route matching) is the hot path's largest saving.
     */
    private static String directSlug(HttpServerRequest request) {
        String path = request.path();
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return null;
        }
        String slug = path.substring(1);
        if (!Slug.isValid(slug)) {
            return null;
        }
        if (!(request instanceof HttpServerRequestInternal internal) || !internal.isValidAuthority()) {
            return null;
        }
        return slug;
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route("/-/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::live);
        router.route("/-/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::ready);
        router.route("/-/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::metrics);
        router.route("/:slug").handler(this::redirect);
        router.errorHandler(404, ctx -> problem(ctx.response(), 404, Problems.NOT_FOUND));
        router.errorHandler(405, ctx -> methodNotAllowed(ctx.response()));
        router.errorHandler(500, this::internalError);
        return router;
    }

    private void redirect(RoutingContext ctx) {
        slug(ctx.request(), ctx.pathParam("slug"), System.nanoTime());
    }

    /** {@code /:slug}, reached through the Router or directly ({@link #directSlug}). */
    private void slug(HttpServerRequest request, String slug, long start) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            metrics.request(methodNotAllowed(request.response()), start);
            return;
        }
        if (!Slug.isValid(slug)) {
            answer(request, Resolution.NOT_FOUND, start);
            return;
        }
        Resolution cached = cache.link(slug);
        if (cached != null) {
            metrics.caffeineHits.increment();
            answer(request, cached, start);
            return;
        }
        metrics.caffeineMisses.increment();
        if (cache.knownUnknown(slug)) {
            metrics.negativeHits.increment();
            answer(request, Resolution.NOT_FOUND, start);
            return;
        }
        metrics.negativeMisses.increment();
        SingleFlight.Flight<Resolution> flight = cache.load(slug, s -> loader.load(s).toCompletionStage());
        if (flight.joined()) {
            metrics.singleFlightJoins.increment();
        }
        Future.fromCompletionStage(flight.future(), context)
                .onComplete(done -> answer(request, done.succeeded() ? done.result() : Resolution.UNAVAILABLE, start));
    }

    private void answer(HttpServerRequest request, Resolution resolution, long start) {
        HttpServerResponse response = request.response();
        int status;
        long now = System.currentTimeMillis();
        if (resolution instanceof Resolution.Found found && !found.expiredAt(now)) {
            Resolution.Redirect redirect = found.hasRules()
                    ? found.redirectFor(parts.countries().of(request.remoteAddress().host(), request.headers().getAll(X_FORWARDED_FOR)))
                    : found.fallback();
            status = found.status();
            response.setStatusCode(status)
                    .putHeader(HttpHeaders.LOCATION, redirect.location())
                    .putHeader(HttpHeaders.CACHE_CONTROL, found.cacheControl())
                    .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                    .end(redirect.body());
            // raw references only: the headers are read when the sink asks (ClickEvent)
            clicks.offer(new ClickEvent(found.linkId(), now, request.remoteAddress(), request.headers()));
        } else if (resolution instanceof Resolution.Gone || resolution instanceof Resolution.Found) {
            status = problem(response, 410, Problems.GONE); // disabled, deleted, or expired
        } else if (resolution instanceof Resolution.NotFound) {
            status = problem(response, 404, Problems.NOT_FOUND);
        } else {
            response.putHeader(RETRY_AFTER, retryAfter);
            status = problem(response, 503, Problems.UNAVAILABLE);
        }
        metrics.request(status, start);
    }

    private static int problem(HttpServerResponse response, int status, Buffer body) {
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(body);
        return status;
    }

    private static int methodNotAllowed(HttpServerResponse response) {
        response.putHeader(HttpHeaders.ALLOW, GET_HEAD);
        return problem(response, 405, Problems.METHOD_NOT_ALLOWED);
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        if (!ctx.response().headWritten()) {
            problem(ctx.response(), 500, Problems.INTERNAL);
        }
    }

    private void metrics(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PrometheusText.CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(metrics.render());
    }
}
