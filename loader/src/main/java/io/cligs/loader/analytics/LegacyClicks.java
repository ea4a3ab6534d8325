package io.cligs.loader.analytics;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.EventIds;
import io.cligs.core.click.EventText;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.CountryTable;
import io.cligs.core.geo.InvalidCountryException;
import io.cligs.loader.dump.BadRowException;
import io.cligs.loader.dump.LegacyIds;
import io.cligs.loader.dump.LegacyTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * One row of the legacy click log ({@code id, clig_id, clicked_at, ip, referrer, user_agent, country},
 * FORMAT.md) as the click event the edge would have sent for it: the link, the time in UTC (from the
 * MANIFEST's zone), the old country when it is a real ISO code (else GeoIP2 on the visitor's address:
 * {@link VisitorAddress}), the visitor hash of that address and the agent under
 * {@code CLIG_VISITOR_SECRET}'s key of the click's UTC day, the referrer's host and the agent as the edge
 * keeps them ({@link EventText}). Its event id is {@code legacy-0-<legacy id, base 36>} (ADR 0019): the
 * edge-id form of core's {@code EventIds} with the edge {@value #EDGE} and a fixed boot part, so a second
 * run sends the same ids and the aggregator counts nothing twice.
 *
 * <p>Not thread-safe (the visitor hash keeps its day's key): one per reading thread.
 */
final class LegacyClicks {

    /** The edge id of every legacy click event; no edge may be named so ({@code CLIG_EDGE_ID}). */
    static final String EDGE = EventIds.LEGACY_EDGE;
    /** The boot part of every legacy event id: fixed, so ids do not change from run to run. */
    static final String BOOT = "0";
    static final String ID_PREFIX = EDGE + "-" + BOOT + "-";
    static final int FIELDS = 7;

    /** Where a click's country came from, for the summary. */
    enum CountrySource { KEPT, GEOIP, UNKNOWN }

    private final ZoneId zone;
    private final CountryTable countries;
    private final String secret;
    /**
     * One hash per UTC day: {@link VisitorHash} keeps the key of one day, and the log's clicks jump between
     * days row by row (deriving a day's key per row cost most of the loader's time).
     */
    private final Map<Long, VisitorHash> visitorsByDay = new HashMap<>();
    private final LinkIds links;
    private CountrySource lastSource;

    /** @param secret {@code CLIG_VISITOR_SECRET} (16 bytes or more) */
    LegacyClicks(ZoneId zone, CountryTable countries, String secret, LinkIds links) {
        this.zone = zone;
        this.countries = countries;
        this.secret = secret;
        VisitorHash.of(secret); // refuses a short secret now, not at the first row
        this.links = links;
    }

    /** The event id of a legacy click id. */
    static String eventId(long legacyId) {
        return ID_PREFIX + Long.toString(legacyId, 36);
    }

    /**
     * The event for a row's fields.
     *
     * @throws BadRowException {@code bad_id}, {@code bad_clig_id}, {@code bad_date}, {@code bad_ip} or
     *     {@code orphan} (the clig is not in MySQL: never imported, or rejected by the import)
     */
    ClickRecord convert(String[] f) throws BadRowException {
        long id = legacyClickId(f[0]);
        long cligId = cligId(f[1]);
        Instant at = time(f[2]);
        byte[] address = VisitorAddress.of(f[3]);
        if (!links.contains(cligId)) {
            throw new BadRowException("orphan", "clig " + cligId + " is not in the database (not imported, or rejected)");
        }
        CountryCode country = oldCountry(f[6]);
        if (country != null) {
            lastSource = CountrySource.KEPT;
        } else {
            country = countries.lookup(address);
            lastSource = country == null ? CountrySource.UNKNOWN : CountrySource.GEOIP;
        }
        long ms = at.toEpochMilli();
        String ua = EventText.userAgent(f[5]);
        VisitorHash visitors = visitorsByDay.computeIfAbsent(Math.floorDiv(ms, 86_400_000L), d -> VisitorHash.of(secret));
        return new ClickRecord(eventId(id), cligId, ms, country, visitors.hash(address, ua, ms),
                EventText.referrerHost(f[4]), ua, EDGE);
    }

    /** Where the country of the last converted click came from. */
    CountrySource lastSource() {
        return lastSource;
    }

    /** The old GeoIP value when it is a country ({@code uk} is GB); null for NULL, {@code --}, pseudo-codes. */
    static CountryCode oldCountry(String raw) {
        if (raw == null || raw.isBlank() || "--".equals(raw.trim())) {
            return null;
        }
        try {
            return CountryCode.parse(raw);
        } catch (InvalidCountryException e) {
            return null; // EU, A1, XX...: what the old database said was no country; GeoIP2 may know better
        }
    }

    /** A legacy click id: BIGINT, 1 and up. */
    static long legacyClickId(String text) throws BadRowException {
        return LegacyIds.bigintId(text, "bad_id", "id");
    }

    /** A legacy clig id: 1..2^32-1 (INT UNSIGNED). */
    static long cligId(String text) throws BadRowException {
        return LegacyIds.intId(text, "bad_clig_id", "clig_id");
    }

    private Instant time(String text) throws BadRowException {
        if (text == null) {
            throw new BadRowException("bad_date", "clicked_at is NULL");
        }
        Instant at;
        try {
            at = LegacyTime.toInstant(text, zone);
        } catch (IllegalArgumentException e) {
            throw new BadRowException("bad_date", "clicked_at: " + e.getMessage());
        }
        if (at == null) {
            throw new BadRowException("bad_date", "clicked_at is the zero date: the day of the click is unknown");
        }
        if (at.toEpochMilli() < 0) {
            throw new BadRowException("bad_date", "clicked_at " + text + " is before 1970");
        }
        return at;
    }
}
