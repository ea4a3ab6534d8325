package io.cligs.admin.http;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An RFC 9457 problem: a stable {@code type} URI per kind of failure, its {@code status}, a human
 * {@code detail}, and the {@code field} at fault when there is one. {@link ApiException} carries one
 * to the one failure handler ({@link Failures}).
 *
 * @param field null when no single field is at fault
 */
public record Problem(Type type, String detail, String field) {

    /** The kinds of failure, each with its type URI, title and status. */
    public enum Type {
        INVALID_REQUEST("invalid-request", "The request is not valid", 400),
        INVALID_TARGET("invalid-target", "The target URL is refused", 400),
        INVALID_SLUG("invalid-slug", "The slug is refused", 400),
        INVALID_COUNTRY("invalid-country", "The country code is refused", 400),
        UNAUTHORIZED("unauthorized", "Authentication is needed", 401),
        NOT_FOUND("not-found", "Not found", 404),
        METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
        CONFLICT("conflict", "Already taken", 409),
        TOO_LARGE("body-too-large", "The request body is over 64 KiB", 413),
        UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The body must be application/json", 415),
        RATE_LIMITED("rate-limited", "Too many requests", 429),
        INTERNAL("internal", "Internal error", 500),
        UNAVAILABLE("unavailable", "Temporarily unavailable", 503);

        private final String name;
        private final String title;
        private final int status;

        Type(String name, String title, int status) {
            this.name = name;
            this.title = title;
            this.status = status;
        }

        /** The stable type URI. */
        public String uri() {
            return "https://cli.gs/problems/" + name;
        }

        public String title() {
            return title;
        }

        public int status() {
            return status;
        }
    }

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }

    public int status() {
        return type.status();
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("type", type.uri()).put("title", type.title()).put("status", type.status())
                .put("detail", detail);
        if (field != null) {
            json.put("field", field);
        }
        return json;
    }
}
