package io.cligs.core.click;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.geo.InvalidCountryException;
import java.nio.charset.StandardCharsets;
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

    /** The most fields {@link #encodeFields} writes: names and values. */
    public static final int MAX_FIELDS = 20;

    private static final byte[] V = ascii("v");
    private static final byte[] V1 = ascii(VERSION);
    private static final byte[] TYPE = ascii("type");
    private static final byte[] CLICK = ascii("click");
    private static final byte[] ORPHAN = ascii("orphan");
    private static final byte[] ID = ascii("id");
    private static final byte[] LINK = ascii("link");
    private static final byte[] SLUG = ascii("slug");
    private static final byte[] TS = ascii("ts");
    private static final byte[] CC = ascii("cc");
    private static final byte[] VH = ascii("vh");
    private static final byte[] REF = ascii("ref");
    private static final byte[] UA = ascii("ua");
    private static final byte[] EDGE = ascii("edge");

    /**
     * The same fields as {@link #fields}, in the same order, as UTF-8 bytes written into {@code out} from
     * {@code at} (for a Redis request's arguments: no list, no per-field {@code String}); the number
     * written, at most {@link #MAX_FIELDS}. The names are arrays shared by every call: read them, never
     * change them.
     */
    public static int encodeFields(StreamEvent event, Object[] out, int at) {
        int i = at;
        out[i++] = V;
        out[i++] = V1;
        if (event instanceof ClickRecord c) {
            out[i++] = TYPE;
            out[i++] = CLICK;
            out[i++] = ID;
            out[i++] = ascii(c.eventId());
            out[i++] = LINK;
            out[i++] = decimal(c.linkId());
            out[i++] = TS;
            out[i++] = decimal(c.epochMillis());
            if (c.country() != null) {
                out[i++] = CC;
                out[i++] = ascii(c.country().value());
            }
            out[i++] = VH;
            out[i++] = ascii(c.visitorHash());
            if (c.referrerHost() != null) {
                out[i++] = REF;
                out[i++] = utf8(c.referrerHost());
            }
            if (c.userAgent() != null) {
                out[i++] = UA;
                out[i++] = utf8(c.userAgent());
            }
            out[i++] = EDGE;
            out[i++] = ascii(c.edgeId());
        } else if (event instanceof OrphanRecord o) {
            out[i++] = TYPE;
            out[i++] = ORPHAN;
            out[i++] = ID;
            out[i++] = ascii(o.eventId());
            out[i++] = SLUG;
            out[i++] = utf8(o.slug());
            out[i++] = TS;
            out[i++] = decimal(o.epochMillis());
            if (o.country() != null) {
                out[i++] = CC;
                out[i++] = ascii(o.country().value());
            }
            if (o.referrerHost() != null) {
                out[i++] = REF;
                out[i++] = utf8(o.referrerHost());
            }
            out[i++] = EDGE;
            out[i++] = ascii(o.edgeId());
        }
        return i - at;
    }

    /** How many fields (names and values) {@link #fields} and {@link #encodeFields} give the event. */
    public static int fieldCount(StreamEvent event) {
        if (event instanceof ClickRecord c) {
            return 14 + (c.country() == null ? 0 : 2) + (c.referrerHost() == null ? 0 : 2) + (c.userAgent() == null ? 0 : 2);
        }
        OrphanRecord o = (OrphanRecord) event;
        return 12 + (o.country() == null ? 0 : 2) + (o.referrerHost() == null ? 0 : 2);
    }

    /** A non-negative number's decimal digits (the records refuse negative ids and times). */
    private static byte[] decimal(long v) {
        if (v < 0) {
            return ascii(Long.toString(v));
        }
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        byte[] b = new byte[n];
        for (int k = n - 1; k >= 0; k--) {
            b[k] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return b;
    }

    /** Text the records hold to ASCII (tokens, hex, country codes). */
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
