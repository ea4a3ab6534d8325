package io.cligs.core.link;

import java.util.Locale;

/** The life of a link: only {@code ACTIVE} links redirect; the others answer 410 Gone. */
public enum LinkStatus {
    ACTIVE('a'),
    DISABLED('d'),
    DELETED('x');

    private final char code;

    LinkStatus(char code) {
        this.code = code;
    }

    /** One character for the compact Redis encoding. */
    public char code() {
        return code;
    }

    /** The name as stored in MySQL and in the legacy export ({@code active}, ...). */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LinkStatus fromCode(char code) {
        for (LinkStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown link status code '" + code + "'");
    }

    /** Parses {@code active | disabled | deleted} (any case); anything else is an error naming the value. */
    public static LinkStatus parse(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "active": return ACTIVE;
                case "disabled": return DISABLED;
                case "deleted": return DELETED;
                default: break;
            }
        }
        throw new IllegalArgumentException("unknown link status '" + name + "' (active, disabled or deleted)");
    }
}
