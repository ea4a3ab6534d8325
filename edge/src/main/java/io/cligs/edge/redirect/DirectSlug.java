package io.cligs.edge.redirect;

import io.cligs.core.link.Slug;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.http.HttpServerRequestInternal;

/** Which requests the redirect verticle answers without the Router: the hot path's largest saving (ADR 0005). */
final class DirectSlug {

    private DirectSlug() {
    }

    /**
     * The slug of a request the Router would hand to {@code /:slug} unchanged, or null to let the Router
     * decide. A path that is {@code /} and a valid slug (letters, digits, {@code . _ -}; never {@code .},
     * {@code ..}, or anything under {@code /-/}) needs no normalising or decoding, matches none of the
     * {@code /-/} routes and matches {@code /:slug} with the slug as its parameter; the Router would also
     * answer {@code 400} for a missing {@code Host}, so such requests go to it. Skipping the Router here
     * (its routing context, request wrapper and route matching) is the hot path's largest saving.
     */
    static String of(HttpServerRequest request) {
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
}
