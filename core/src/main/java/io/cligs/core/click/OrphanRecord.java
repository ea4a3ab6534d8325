package io.cligs.core.click;

import io.cligs.core.geo.CountryCode;

/**
 * A request for a slug that does not exist (a {@code 404}), so ops see what visitors look for. The
 * slug is what the visitor asked for, cropped and cleaned by {@link EventText#slug}: it need not be a
 * valid slug.
 *
 * @param country null when unknown
 * @param referrerHost null when there was no usable {@code Referer}
 */
public record OrphanRecord(String eventId, String slug, long epochMillis, CountryCode country, String referrerHost,
                           String edgeId) implements StreamEvent {

    public OrphanRecord {
        EventText.checkEventId(eventId);
        EventText.checkText("slug", slug, EventText.MAX_SLUG);
        if (slug == null || slug.isEmpty()) {
            throw new InvalidEventException("slug", "an orphan event names the slug asked for");
        }
        EventText.checkTime(epochMillis);
        EventText.checkReferrerHost(referrerHost);
        EventText.checkEdgeId(edgeId);
    }
}
