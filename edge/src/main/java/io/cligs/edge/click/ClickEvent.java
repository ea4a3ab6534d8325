package io.cligs.edge.click;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * One redirect served, or one request for an unknown slug (an orphan), as the request path sees it:
 * raw values only. The peer address and the {@code X-Forwarded-For} header are kept as they came so
 * that the drainer, off the request path, derives the visitor's address (trusted proxies), country and
 * salted visitor hash (DESIGN.md, "Clicks and analytics"); no raw address ever leaves the process.
 *
 * <p>The request path only captures references (the peer's address and the request's headers, which
 * nobody changes once the request is handed to the server); the header lookups and the address text
 * happen in the accessors, when the sink's drainer reads them, not per redirect.
 *
 * @param linkId the link redirected to; 0 for an orphan
 * @param slug the unknown slug asked for (an orphan), or null for a click
 * @param peerAddress the TCP peer
 * @param headers the request's headers (read only)
 */
public record ClickEvent(long linkId, String slug, long epochMillis, SocketAddress peerAddress, MultiMap headers) {

    private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");

    /** A redirect served. */
    public ClickEvent(long linkId, long epochMillis, SocketAddress peerAddress, MultiMap headers) {
        this(linkId, null, epochMillis, peerAddress, headers);
    }

    /** A {@code 404} for an unknown slug. */
    public static ClickEvent orphan(String slug, long epochMillis, SocketAddress peerAddress, MultiMap headers) {
        return new ClickEvent(0, slug == null ? "" : slug, epochMillis, peerAddress, headers);
    }

    public boolean isOrphan() {
        return slug != null;
    }

    /** The TCP peer's address text, or null. */
    public String peer() {
        return peerAddress == null ? null : peerAddress.host();
    }

    /** The {@code X-Forwarded-For} header, or null. */
    public String forwardedFor() {
        return headers == null ? null : headers.get(X_FORWARDED_FOR);
    }

    /** Every {@code X-Forwarded-For} header line, in order (empty when none). */
    public List<String> forwardedForLines() {
        return headers == null ? List.of() : headers.getAll(X_FORWARDED_FOR);
    }

    /** The {@code User-Agent} header, or null. */
    public String userAgent() {
        return headers == null ? null : headers.get(HttpHeaders.USER_AGENT);
    }

    /** The {@code Referer} header, or null. */
    public String referer() {
        return headers == null ? null : headers.get(HttpHeaders.REFERER);
    }
}
