package io.cligs.admin.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON and problem JSON answers, never cached by anyone. */
public final class Json {

    private Json() {
    }

    public static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toBuffer());
    }

    public static void noContent(RoutingContext ctx) {
        ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
    }

    public static void problem(RoutingContext ctx, Problem problem, long retryAfterSeconds) {
        if (retryAfterSeconds >= 0) {
            ctx.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store").end(problem.toJson().toBuffer());
    }

    /** The validated JSON body of the request (the OpenAPI validator has checked its shape). */
    public static JsonObject body(RoutingContext ctx) {
        JsonObject body = ctx.body().asJsonObject();
        return body == null ? new JsonObject() : body;
    }
}
