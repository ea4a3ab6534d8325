package io.cligs.core.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to reach Redis: {@link EnvVar#CLIG_REDIS_URL} (one URL, or a comma list of nodes in cluster
 * mode), {@link EnvVar#CLIG_REDIS_MODE} ({@code standalone} or {@code cluster}) and
 * {@link EnvVar#CLIG_REDIS_PREFIX}. Shared by every module that speaks Redis.
 */
public record RedisSettings(List<String> urls, Mode mode, String prefix) {

    public enum Mode { STANDALONE, CLUSTER }

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
        String modeText = env.string(EnvVar.CLIG_REDIS_MODE).toLowerCase(Locale.ROOT);
        Mode mode;
        switch (modeText) {
            case "standalone": mode = Mode.STANDALONE; break;
            case "cluster": mode = Mode.CLUSTER; break;
            default: throw new ConfigException(EnvVar.CLIG_REDIS_MODE.name(), "'" + modeText + "' is neither standalone nor cluster");
        }
        List<String> urls = new ArrayList<>();
        for (String u : env.string(EnvVar.CLIG_REDIS_URL).split(",")) {
            if (u.isBlank()) {
                continue;
            }
            try {
                URI uri = new URI(u.trim());
                if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(EnvVar.CLIG_REDIS_URL.name(), "'" + EnvVar.maskUrlPasswords(u) + "' is not a redis://host:port URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(EnvVar.CLIG_REDIS_URL.name(), "'" + EnvVar.maskUrlPasswords(u) + "' is not a URL");
            }
            urls.add(u.trim());
        }
        String prefix = env.string(EnvVar.CLIG_REDIS_PREFIX);
        try {
            new io.cligs.core.redis.RedisKeys(prefix);
            return new RedisSettings(urls, mode, prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigException((mode == Mode.STANDALONE && urls.size() != 1 ? EnvVar.CLIG_REDIS_URL : EnvVar.CLIG_REDIS_PREFIX).name(), e.getMessage());
        }
    }

    /** The URLs as {@link EnvVar#CLIG_REDIS_URL} takes them, passwords included: print only {@link #describe()}. */
    public String url() {
        return String.join(",", urls);
    }

    /** For printing: passwords masked, as the registry's secret flag asks. */
    public String describe() {
        return EnvVar.CLIG_REDIS_URL.printable(url());
    }

    /** The mode as {@link EnvVar#CLIG_REDIS_MODE} spells it. */
    public String modeName() {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
