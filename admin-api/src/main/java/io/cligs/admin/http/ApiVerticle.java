package io.cligs.admin.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin API's HTTP server: the JSON API routed and validated by its OpenAPI document (each operation:
 * authentication, limits, then its handler), the old v1/v2 API, health and metrics, on one port.
 * Every failure of the JSON API goes through {@link Failures}.
 */
public final class ApiVerticle extends VerticleBase {

    /** The OpenAPI document, a classpath resource, also served at {@link #SPEC_PATH}. */
    public static final String SPEC_RESOURCE = "openapi/cligs-v3.json";
    public static final String SPEC_PATH = "/api/v3/openapi.json";
    /** RFC: a request body over this answers 413. */
    public static final long BODY_LIMIT = 64 * 1024;

    private static final String PROBLEM_JSON = "application/problem+json";

    private final Routes routes;
    private final String host;
    private final int port;
    private final AtomicInteger actualPort;
    private HttpServer server;

    public ApiVerticle(Routes routes, String host, int port, AtomicInteger actualPort) {
        this.routes = routes;
        this.host = host;
        this.port = port;
        this.actualPort = actualPort;
    }

    @Override
    public Future<?> start() {
        return vertx.fileSystem().readFile(SPEC_RESOURCE)
                .compose(spec -> OpenAPIContract.from(vertx, forValidator(spec.toJsonObject())).map(contract -> router(contract, spec)))
                .compose(router -> vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                                // no cleartext HTTP/2: "Upgrade: h2c" through a front proxy is a smuggling path (issue 8)
                                .setHttp2ClearTextEnabled(false))
                        .requestHandler(router).listen())
                .onSuccess(s -> {
                    server = s;
                    actualPort.set(s.actualPort());
                });
    }

    private Router router(OpenAPIContract contract, Buffer spec) {
        RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
        builder.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        builder.rootHandler(this::count);
        open(builder, "createAccount", routes.limits()::byAddress, routes.accounts()::create);
        open(builder, "createSession", RoutingContext::next, routes.accounts()::login); // LoginThrottle limits failures
        secured(builder, "deleteSession", routes.accounts()::logout);
        secured(builder, "getMe", routes.accounts()::me);
        secured(builder, "changePassword", routes.accounts()::changePassword);
        secured(builder, "createKey", routes.keys()::create);
        secured(builder, "listKeys", routes.keys()::list);
        secured(builder, "revokeKey", routes.keys()::revoke);
        secured(builder, "createClig", routes.cligs()::create);
        secured(builder, "createCligs", routes.cligs()::createBatch);
        secured(builder, "listCligs", routes.cligs()::list);
        secured(builder, "getClig", routes.cligs()::get);
        secured(builder, "updateClig", routes.cligs()::update);
        secured(builder, "deleteClig", routes.cligs()::delete);
        secured(builder, "putRule", routes.cligs()::putRule);
        secured(builder, "deleteRule", routes.cligs()::deleteRule);
        secured(builder, "getHistory", routes.cligs()::history);
        secured(builder, "getCligStats", routes.stats()::link);
        secured(builder, "getOrphanStats", routes.stats()::orphans);
        Router router = builder.createRouter();
        router.get(SPEC_PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(spec));
        // HEAD as GET without the body (load balancers probe with either)
        router.route("/-/health/live").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(routes.health()::live);
        router.route("/-/health/ready").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(routes.health()::ready);
        router.route("/-/metrics").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(routes.health()::metrics);
        routes.legacy().mount(router);
        router.route().failureHandler(Failures::handle);
        router.errorHandler(404, Failures::handle);
        router.errorHandler(405, Failures::handle);
        return router;
    }

    /**
     * The document as the validator reads it: Vert.x OpenAPI 5.0 refuses response media types it does
     * not know, {@code application/problem+json} among them, so they become {@code application/json}
     * there. Only requests are validated; the served document keeps the true media type.
     */
    static JsonObject forValidator(JsonObject spec) {
        JsonObject copy = spec.copy();
        for (String path : copy.getJsonObject("paths").fieldNames()) {
            JsonObject item = copy.getJsonObject("paths").getJsonObject(path);
            for (String method : item.fieldNames()) {
                Object op = item.getValue(method);
                if (op instanceof JsonObject operation && operation.containsKey("responses")) {
                    for (String status : operation.getJsonObject("responses").fieldNames()) {
                        JsonObject content = operation.getJsonObject("responses").getJsonObject(status).getJsonObject("content");
                        if (content != null && content.containsKey(PROBLEM_JSON)) {
                            content.put("application/json", content.remove(PROBLEM_JSON));
                        }
                    }
                }
            }
        }
        return copy;
    }

    private void count(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> routes.metrics().answered(ctx.response().getStatusCode()));
        ctx.next();
    }

    private static void open(RouterBuilder builder, String operationId, Handler<RoutingContext> limit,
                             Handler<RoutingContext> handler) {
        builder.getRoute(operationId).setDoSecurity(false).addHandler(limit).addHandler(handler).addFailureHandler(Failures::handle);
    }

    private void secured(RouterBuilder builder, String operationId, Handler<RoutingContext> handler) {
        builder.getRoute(operationId).setDoSecurity(false).addHandler(routes.auth()::handle)
                .addHandler(routes.limits()::handle).addHandler(handler).addFailureHandler(Failures::handle);
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
