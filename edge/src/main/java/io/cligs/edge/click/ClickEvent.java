package io.cligs.edge.click;

/**
 * One redirect served, as the request path sees it: raw values only. The peer address and the
 * {@code X-Forwarded-For} header are kept as they came so that the drainer, off the request path,
 * derives the visitor's address (trusted proxies), country and salted visitor hash (DESIGN.md,
 * "Clicks and analytics"); no raw address ever leaves the process.
 *
 * @param forwardedFor the {@code X-Forwarded-For} header, or null
 * @param userAgent the {@code User-Agent} header, or null
 * @param referer the {@code Referer} header, or null
 */
public record ClickEvent(long linkId, long epochMillis, String peer, String forwardedFor, String userAgent, String referer) {
}
