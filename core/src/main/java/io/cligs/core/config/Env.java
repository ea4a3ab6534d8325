package io.cligs.core.config;

import io.cligs.core.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code CLIG_*} variables over defaults. Every failure is a {@link ConfigException} naming
 * the variable, so a bad value stops start-up with a message that says what to fix.
 */
public final class Env {

    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(Objects.requireNonNull(vars, "vars"));
    }

    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    /** The raw value, or the default when unset or blank. */
    public String string(String name, String defaultValue) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? defaultValue : v.trim();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new ConfigException(name, "'" + v + "' is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "'" + v + "' is not a whole number (" + min + ".." + max + ")");
        }
    }

    public int port(String name, int defaultValue) {
        return integer(name, defaultValue, 0, 65535);
    }

    /** A duration in milliseconds. */
    public Duration millis(String name, Duration defaultValue, long minMs, long maxMs) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < minMs || n > maxMs) {
                throw new ConfigException(name, "'" + v + "' ms is out of range " + minMs + ".." + maxMs);
            }
            return Duration.ofMillis(n);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "'" + v + "' is not a number of milliseconds");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        String v = vars.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "1": case "yes": case "on": return true;
            case "false": case "0": case "no": case "off": return false;
            default: throw new ConfigException(name, "'" + v + "' is not a boolean (true/false)");
        }
    }

    public List<Cidr> cidrs(String name, String defaultValue) {
        String v = string(name, defaultValue);
        try {
            return Cidr.parseList(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, e.getMessage());
        }
    }

    /** A path to an existing readable file, or null when unset and the default is null. */
    public Path readableFile(String name) {
        String v = string(name, null);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!java.nio.file.Files.isReadable(p)) {
            throw new ConfigException(name, "'" + v + "' does not exist or is not readable");
        }
        return p;
    }

    public MysqlUrl mysqlUrl(String name, String defaultValue) {
        try {
            return MysqlUrl.parse(string(name, defaultValue));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, e.getMessage());
        }
    }
}
