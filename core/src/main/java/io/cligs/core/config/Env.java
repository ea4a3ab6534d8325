package io.cligs.core.config;

import io.cligs.core.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code CLIG_*} variables over the defaults of the registry, {@link EnvVar}: a variable is
 * named only by its constant there, so no module has a name or a default of its own. Every failure
 * is a {@link ConfigException} naming the variable, so a bad value stops start-up with a message
 * that says what to fix. Immutable, thread-safe.
 */
public final class Env {

    private final Map<String, String> vars;

    private Env(Map<String, String> vars) {
        this.vars = Map.copyOf(Objects.requireNonNull(vars, "vars"));
    }

    public static Env of(Map<String, String> vars) {
        return new Env(vars);
    }

    /** The value, trimmed, or the registry's default (possibly null) when unset or blank. */
    public String string(EnvVar var) {
        String v = vars.get(var.name());
        return v == null || v.isBlank() ? var.defaultValue() : v.trim();
    }

    public int integer(EnvVar var, int min, int max) {
        String v = string(var);
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(var.name(), "'" + v + "' is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(var.name(), "'" + v + "' is not a whole number (" + min + ".." + max + ")");
        }
    }

    public int port(EnvVar var) {
        return integer(var, 0, 65535);
    }

    /** A duration in milliseconds. */
    public Duration millis(EnvVar var, long minMs, long maxMs) {
        String v = string(var);
        try {
            long n = Long.parseLong(v);
            if (n < minMs || n > maxMs) {
                throw new ConfigException(var.name(), "'" + v + "' ms is out of range " + minMs + ".." + maxMs);
            }
            return Duration.ofMillis(n);
        } catch (NumberFormatException e) {
            throw new ConfigException(var.name(), "'" + v + "' is not a number of milliseconds");
        }
    }

    public boolean bool(EnvVar var) {
        String v = string(var);
        switch (String.valueOf(v).toLowerCase(java.util.Locale.ROOT)) {
            case "true": case "1": case "yes": case "on": return true;
            case "false": case "0": case "no": case "off": return false;
            default: throw new ConfigException(var.name(), "'" + v + "' is not a boolean (true/false)");
        }
    }

    public List<Cidr> cidrs(EnvVar var) {
        try {
            return Cidr.parseList(String.valueOf(string(var)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(var.name(), e.getMessage());
        }
    }

    /** A path to an existing readable file, or null when unset and the default is null. */
    public Path readableFile(EnvVar var) {
        String v = string(var);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!java.nio.file.Files.isReadable(p)) {
            throw new ConfigException(var.name(), "'" + v + "' does not exist or is not readable");
        }
        return p;
    }

    public MysqlUrl mysqlUrl(EnvVar var) {
        try {
            return MysqlUrl.parse(string(var));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(var.name(), e.getMessage());
        }
    }
}
