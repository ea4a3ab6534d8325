package io.cligs.core.click;

import io.cligs.core.geo.CountryCode;

/**
 * A redirect served (a {@code 301} or {@code 302}), as it leaves the edge: no raw address, only the
 * country and the salted {@link VisitorHash}. Validates itself; visitor-supplied text must first go
 * through {@link EventText}, which crops and cleans it.
 *
 * @param country null when the address has none in the GeoIP database
 * @param visitorHash 64 lower-case hex digits ({@link VisitorHash})
 * @param referrerHost null when there was no usable {@code Referer} ({@link EventText#referrerHost})
 * @param userAgent null when absent; at most {@link EventText#MAX_USER_AGENT} characters, no control characters
 */
public record ClickRecord(String eventId, long linkId, long epochMillis, CountryCode country, String visitorHash,
                          String referrerHost, String userAgent, String edgeId) implements StreamEvent {

    public ClickRecord {
        EventText.checkEventId(eventId);
        if (linkId <= 0) {
            throw new InvalidEventException("link", "a link id is positive, got " + linkId);
        }
        EventText.checkTime(epochMillis);
        VisitorHash.check(visitorHash);
        EventText.checkReferrerHost(referrerHost);
        EventText.checkText("ua", userAgent, EventText.MAX_USER_AGENT);
        EventText.checkEdgeId(edgeId);
    }
}
