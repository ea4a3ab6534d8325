package io.cligs.edge.cache;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.TargetUrl;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a {@link Link} into its {@link Resolution}, precomputing status, {@code Cache-Control},
 * {@code Location} and the HTML body (DESIGN.md's status rules). Immutable and thread-safe.
 */
public final class Resolutions {

    /** Right Clig answers depend on the visitor: no cache may keep them. */
    static final CharSequence NO_CACHE = HttpHeaders.createOptimized("private, max-age=0");

    private final CharSequence permanentCacheControl;

    /** @param redirectMaxAge seconds a browser may keep a {@code 301} ({@code CLIG_REDIRECT_MAX_AGE}) */
    public Resolutions(int redirectMaxAge) {
        this.permanentCacheControl = HttpHeaders.createOptimized("private, max-age=" + redirectMaxAge);
    }

    public Resolution of(Link link) {
        if (!link.redirects()) {
            return new Resolution.Gone(link.id(), link.version());
        }
        Resolution.Redirect fallback = redirect(link.target());
        long expiresAtMs = link.expiresAt() == null ? Long.MAX_VALUE : link.expiresAt().toEpochMilli();
        if (link.httpStatus() == 301) {
            // an expiring link must be asked again, or a browser would keep following it past its expiry
            return new Resolution.Found(link.id(), link.version(), 301, link.expiresAt() == null ? permanentCacheControl : NO_CACHE,
                    fallback, Map.of(), expiresAtMs);
        }
        Map<CountryCode, Resolution.Redirect> byCountry = new HashMap<>();
        for (Map.Entry<CountryCode, TargetUrl> rule : link.rules().entrySet()) {
            byCountry.put(rule.getKey(), redirect(rule.getValue()));
        }
        return new Resolution.Found(link.id(), link.version(), link.httpStatus(), NO_CACHE, fallback, Map.copyOf(byCountry),
                expiresAtMs);
    }

    static Resolution.Redirect redirect(TargetUrl target) {
        String href = escapeHtml(target.value());
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Redirecting</title></head>"
                + "<body><p>This link goes to <a href=\"" + href + "\">" + href + "</a>.</p></body></html>\n";
        return new Resolution.Redirect(HttpHeaders.createOptimized(target.value()),
                Buffer.buffer(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** A target is ASCII without spaces, quotes or angle brackets (TargetUrl); '&' and '\'' remain. */
    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
