package io.cligs.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to reach Redis: {@code CLIG_REDIS_URL} (one URL, or a comma list of nodes in cluster mode),
 * {@code CLIG_REDIS_MODE} ({@code standalone} or {@code cluster}) and {@code CLIG_REDIS_PREFIX}.
 */
public record RedisSettings(List<String> urls, Mode mode, String prefix) {

    public enum Mode { STANDALONE, CLUSTER }

    public static final String URL = "CLIG_REDIS_URL";
    public static final String MODE = "CLIG_REDIS_MODE";
    public static final String PREFIX = "CLIG_REDIS_PREFIX";

    public RedisSettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no Redis URL");
        }
        if (mode == Mode.STANDALONE && urls.size() != 1) {
            throw new IllegalArgumentException("a comma list of Redis nodes needs CLIG_REDIS_MODE=cluster");
        }
    }

    public static RedisSettings fromEnv(Env env) {
        String modeText = env.string(MODE, "standalone").toLowerCase(Locale.ROOT);
        Mode mode;
        switch (modeText) {
            case "standalone": mode = Mode.STANDALONE; break;
            case "cluster": mode = Mode.CLUSTER; break;
            default: throw new ConfigException(MODE, "'" + modeText + "' is neither standalone nor cluster");
        }
        List<String> urls = new ArrayList<>();
        for (String u : env.string(URL, "redis://127.0.0.1:6379/0").split(",")) {
            if (u.isBlank()) {
                continue;
            }
            try {
                URI uri = new URI(u.trim());
                if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(URL, "'" + mask(u) + "' is not a redis://host:port URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(URL, "'" + mask(u) + "' is not a URL");
            }
            urls.add(u.trim());
        }
        String prefix = env.string(PREFIX, "clig:");
        try {
            new io.cligs.core.redis.RedisKeys(prefix);
            return new RedisSettings(urls, mode, prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(mode == Mode.STANDALONE && urls.size() != 1 ? URL : PREFIX, e.getMessage());
        }
    }

    /** For printing: passwords masked. */
    public String describe() {
        List<String> masked = new ArrayList<>();
        for (String u : urls) {
            masked.add(mask(u));
        }
        return String.join(",", masked);
    }

    static String mask(String url) {
        return url.replaceAll("(//[^/@]*:)[^@/]*@", "$1****@");
    }
}
