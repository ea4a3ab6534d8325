package io.cligs.edge.redirect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;

/**
 * The edge's error bodies: RFC 9457 problem details ({@code application/problem+json}) with a stable
 * {@code type} URI, built once at class load so an error costs no more than a redirect. They do not
 * echo the requested path (nothing of the request is reflected in a response).
 */
public final class Problems {

    public static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("application/problem+json");
    public static final String TYPE_BASE = "https://cli.gs/problems/";

    public static final Buffer NOT_FOUND = body("link-not-found", "Link not found", 404,
            "No short link answers to this path.");
    public static final Buffer GONE = body("link-gone", "Link gone", 410,
            "This short link has been disabled or deleted.");
    public static final Buffer UNAVAILABLE = body("unavailable", "Service unavailable", 503,
            "The link could not be looked up just now; try again after Retry-After seconds.");
    public static final Buffer METHOD_NOT_ALLOWED = body("method-not-allowed", "Method not allowed", 405,
            "Only GET and HEAD are answered here.");
    public static final Buffer BAD_REQUEST = body("bad-request", "Bad request", 400,
            "The request could not be understood.");
    public static final Buffer URI_TOO_LONG = body("uri-too-long", "URI too long", 414,
            "The request line is longer than the edge reads; no short link is that long.");
    public static final Buffer HEADERS_TOO_LARGE = body("headers-too-large", "Request headers too large", 431,
            "The request headers are larger than the edge reads.");
    public static final Buffer INTERNAL = body("internal", "Internal error", 500,
            "The edge failed to answer; the failure is logged.");

    private Problems() {
    }

    private static Buffer body(String type, String title, int status, String detail) {
        return new JsonObject().put("type", TYPE_BASE + type).put("title", title).put("status", status)
                .put("detail", detail).toBuffer();
    }
}
