package io.cligs.edge.redirect;

import io.cligs.core.link.Slug;
import io.cligs.edge.cache.LinkLookup;
import io.cligs.edge.cache.Resolution;
import io.cligs.edge.click.ClickEvent;
import io.cligs.edge.click.ClickSink;
import io.cligs.edge.config.EdgeConfig;
import io.cligs.edge.connection.ClientConnections;
import io.cligs.edge.geo.VisitorCountry;
import io.cligs.edge.health.HealthHandlers;
import io.cligs.edge.metrics.EdgeMetrics;
import io.cligs.edge.metrics.ThrottledLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public redirect server's HTTP side, one instance per event loop. {@code GET}/{@code HEAD /{slug}}
 * asks the {@link LinkLookup} (the cache tiers, then Redis and MySQL) and sends the answer precomputed
 * per link ({@link Resolution}), so a hit only sets three headers and a shared body. Everything under
 * {@code /-/} is the edge's own: the public port answers liveness and readiness as {@code UP}/{@code DOWN};
 * metrics and readiness details are on the management port only (ADR 0011). Nothing here blocks.
 */
public final class RedirectVerticle extends VerticleBase {

    private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");

    private final EdgeConfig config;
    private final LinkLookup lookup;
    private final HealthHandlers health;
    private final VisitorCountry countries;
    private final EdgeMetrics metrics;
    private final ClickSink clicks;
    private final Listening listening;
    private final Answers answers;
    private final AtomicInteger openConnections;
    private ClientConnections connections;
    private Router router;
    private Router management;

    /** Told where the servers listen once both do. */
    @FunctionalInterface
    public interface Listening {
        void at(int port, int managementPort);
    }

    /**
     * @param openConnections the client connections open in the whole edge, shared by its verticles
     * @param listening told the ports the servers listen on (the actual ones when configured with 0)
     */
    public RedirectVerticle(EdgeConfig config, LinkLookup lookup, HealthHandlers health, VisitorCountry countries,
                            EdgeMetrics metrics, ClickSink clicks, AtomicInteger openConnections, Listening listening) {
        this.config = config;
        this.lookup = lookup;
        this.health = health;
        this.countries = countries;
        this.metrics = metrics;
        this.clicks = clicks;
        this.openConnections = openConnections;
        this.listening = listening;
        this.answers = new Answers(metrics, config.retryAfterSeconds());
    }

    @Override
    public Future<?> start() {
        router = router();
        management = managementRouter();
        connections = new ClientConnections(vertx, config.front(), openConnections, metrics);
        connections.start();
        return lookup.open()
                .compose(v -> Future.all(listen(), listenManagement()))
                .onSuccess(servers -> listening.at(servers.<HttpServer>resultAt(0).actualPort(),
                        servers.<HttpServer>resultAt(1).actualPort()))
                .onFailure(e -> {
                    connections.stop();
                    lookup.close();
                });
    }

    private Future<HttpServer> listen() {
        return vertx.createHttpServer(Answers.serverOptions(config.front()))
                .connectionHandler(connections::accept)
                .requestHandler(this::screen)
                .invalidRequestHandler(answers::undecodable)
                .listen(config.port(), config.host())
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e)));
    }

    /** {@code /-/metrics} and readiness details, for operators only (ADR 0011). */
    private Future<HttpServer> listenManagement() {
        String host = config.front().managementHost();
        int port = config.front().managementPort();
        return vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(60))
                .requestHandler(management)
                .listen(port, host)
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot listen on " + host + ":" + port + " (management): " + e.getMessage(), e)));
    }

    @Override
    public Future<?> stop() {
        connections.stop();
        return lookup.close();
    }

    /**
     * Slug requests skip the Router ({@link DirectSlug}); a request with a body is refused first, one
     * without a valid {@code Host} before the Router sees it.
     */
    private void screen(HttpServerRequest request) {
        if (answers.refusedForSmuggling(request)) {
            return;
        }
        String slug = DirectSlug.of(request);
        if (slug == null) {
            if (request instanceof HttpServerRequestInternal internal && !internal.isValidAuthority()) {
                answers.hostMissing(request);
            } else {
                router.handle(request);
            }
            return;
        }
        long start = System.nanoTime();
        try {
            slug(request, slug, start);
        } catch (RuntimeException e) {
            // as the Router's 500 error handler does
            metrics.requestLog.log(ThrottledLog.Kind.INTERNAL, "request {} {} failed", request.method(), request.path(), e);
            answers.internalError(request.response(), start);
        }
    }

    private Router router() {
        Router router = Router.router(vertx);
        router.route("/-/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::live);
        router.route("/-/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::readyPublic);
        router.route("/:slug").handler(this::redirect);
        router.errorHandler(404, answers::notFound);
        router.errorHandler(405, answers::methodNotAllowed);
        router.errorHandler(500, answers::internalError);
        return router;
    }

    private Router managementRouter() {
        Router router = Router.router(vertx);
        router.route("/-/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::live);
        router.route("/-/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health::ready);
        router.route("/-/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(answers::metrics);
        return router;
    }

    private void redirect(RoutingContext ctx) {
        slug(ctx.request(), ctx.pathParam("slug"), System.nanoTime());
    }

    /** {@code /:slug}, reached through the Router or directly ({@link DirectSlug}). */
    private void slug(HttpServerRequest request, String slug, long start) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            answers.methodNotAllowed(request.response(), start);
            return;
        }
        if (!Slug.isValid(slug)) {
            answer(request, slug, Resolution.NOT_FOUND, start);
            return;
        }
        Resolution cached = lookup.cached(slug);
        if (cached != null) {
            answer(request, slug, cached, start);
            return;
        }
        Future.fromCompletionStage(lookup.load(slug), context)
                .onComplete(done -> answer(request, slug, done.succeeded() ? done.result() : Resolution.UNAVAILABLE, start));
    }

    private void answer(HttpServerRequest request, String slug, Resolution resolution, long start) {
        if (!(resolution instanceof Resolution.Found found)) {
            answers.problem(request.response(), resolution, start);
            if (resolution instanceof Resolution.NotFound) {
                clicks.offer(ClickEvent.orphan(slug, System.currentTimeMillis(), request.remoteAddress(), request.headers()));
            }
            return;
        }
        long now = System.currentTimeMillis();
        if (found.expiredAt(now)) {
            answers.problem(request.response(), new Resolution.Gone(found.linkId(), found.version()), start);
            return;
        }
        Resolution.Redirect redirect = found.hasRules()
                ? found.redirectFor(countries.of(request.remoteAddress().host(), request.headers().getAll(X_FORWARDED_FOR)))
                : found.fallback();
        HttpServerResponse response = request.response();
        response.setStatusCode(found.status())
                .putHeader(HttpHeaders.LOCATION, redirect.location())
                .putHeader(HttpHeaders.CACHE_CONTROL, found.cacheControl())
                .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                .end(redirect.body());
        // raw references only: the headers are read when the sink asks (ClickEvent)
        clicks.offer(new ClickEvent(found.linkId(), now, request.remoteAddress(), request.headers()));
        metrics.request(found.status(), start);
    }
}
