package io.cligs.core.click;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.InvalidCountryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StreamEvent} as the fields of a Redis Stream entry ({@code XADD key * field value ...}) and
 * back. Version 1:
 *
 * <pre>
 * click:  v=1 type=click  id link ts [cc] vh [ref] [ua] edge
 * orphan: v=1 type=orphan id slug ts [cc] [ref] edge
 * </pre>
 *
 * {@code ts} is UTC epoch ms in decimal, {@code cc} ISO 3166-1 alpha-2; a field in brackets is left out
 * when the value is null. No value holds a control character (the records refuse them), so the
 * edge's journal can write the fields tab-separated on one line. Decoding validates everything
 * through the records: a hostile or damaged entry is an {@link InvalidEventException}, never a half-read
 * event. Stateless and thread-safe.
 */
public final class StreamEventCodec {

    public static final String VERSION = "1";

    private StreamEventCodec() {
    }

    /** Field names and values, alternating. */
    public static List<String> fields(StreamEvent event) {
        List<String> f = new ArrayList<>(20);
        add(f, "v", VERSION);
        if (event instanceof ClickRecord c) {
            add(f, "type", "click");
            add(f, "id", c.eventId());
            add(f, "link", Long.toString(c.linkId()));
            add(f, "ts", Long.toString(c.epochMillis()));
            add(f, "cc", c.country() == null ? null : c.country().value());
            add(f, "vh", c.visitorHash());
            add(f, "ref", c.referrerHost());
            add(f, "ua", c.userAgent());
            add(f, "edge", c.edgeId());
        } else if (event instanceof OrphanRecord o) {
            add(f, "type", "orphan");
            add(f, "id", o.eventId());
            add(f, "slug", o.slug());
            add(f, "ts", Long.toString(o.epochMillis()));
            add(f, "cc", o.country() == null ? null : o.country().value());
            add(f, "ref", o.referrerHost());
            add(f, "edge", o.edgeId());
        }
        return f;
    }

    private static void add(List<String> fields, String name, String value) {
        if (value != null) {
            fields.add(name);
            fields.add(value);
        }
    }

    /** Decodes fields and values, alternating (as {@link #fields} writes them and {@code XRANGE} returns them). */
    public static StreamEvent decode(List<String> fieldsAndValues) {
        if (fieldsAndValues.size() % 2 != 0) {
            throw new InvalidEventException("fields", "an odd number of names and values");
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < fieldsAndValues.size(); i += 2) {
            if (m.put(fieldsAndValues.get(i), fieldsAndValues.get(i + 1)) != null) {
                throw new InvalidEventException(fieldsAndValues.get(i), "given twice");
            }
        }
        return decode(m);
    }

    /** Decodes an entry's fields by name. */
    public static StreamEvent decode(Map<String, String> f) {
        if (!VERSION.equals(f.get("v"))) {
            throw new InvalidEventException("v", "unknown version " + f.get("v"));
        }
        String type = f.get("type");
        if ("click".equals(type)) {
            return new ClickRecord(f.get("id"), number(f, "link"), number(f, "ts"), country(f), f.get("vh"),
                    f.get("ref"), f.get("ua"), f.get("edge"));
        }
        if ("orphan".equals(type)) {
            return new OrphanRecord(f.get("id"), f.get("slug"), number(f, "ts"), country(f), f.get("ref"), f.get("edge"));
        }
        throw new InvalidEventException("type", "neither click nor orphan: " + type);
    }

    private static long number(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null || v.isEmpty() || v.length() > 19) {
            throw new InvalidEventException(name, "a decimal number, got " + (v == null ? "none" : v.length() + " characters"));
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                throw new InvalidEventException(name, "a decimal number");
            }
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidEventException(name, "out of range");
        }
    }

    private static CountryCode country(Map<String, String> f) {
        String cc = f.get("cc");
        if (cc == null) {
            return null;
        }
        try {
            return new CountryCode(cc);
        } catch (InvalidCountryException e) {
            throw new InvalidEventException("cc", "not an ISO 3166-1 alpha-2 code");
        }
    }
}
