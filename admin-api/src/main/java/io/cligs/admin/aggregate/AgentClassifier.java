package io.cligs.admin.aggregate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Locale;

/**
 * Classifies user agents for the rollups, caching each distinct agent (Caffeine): agents repeat heavily,
 * so parsing costs little once warm.
 *
 * <p>A stop-gap (ADR 0014): neither uap-java nor Yauaa resolves on these machines yet, so this is an
 * ordered list of product tokens, most specific first, not a parser. The bot list is explicit and
 * includes the link-preview fetchers DESIGN.md names (Slack, X, Facebook, LinkedIn, Mastodon, WhatsApp,
 * Telegram, Discord); it stays when a library takes over browser, OS and device. Thread-safe.
 */
public final class AgentClassifier {

    /** Lower-case tokens that mark a bot; an agent without any text is a bot too (scripts, probes). */
    static final List<String> BOT_TOKENS = List.of("bot", "crawler", "spider", "slurp", "facebookexternalhit",
            "facebot", "slackbot", "slack-imgproxy", "twitterbot", "linkedinbot", "mastodon", "whatsapp",
            "telegrambot", "discordbot", "embedly", "skypeuripreview", "pinterest", "redditbot", "applebot",
            "headlesschrome", "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "okhttp",
            "java/", "libwww-perl", "httpclient", "preview");

    private static final List<String[]> BROWSERS = List.of(
            new String[] {"edg/", "Edge"}, new String[] {"edga/", "Edge"}, new String[] {"edgios/", "Edge"},
            new String[] {"opr/", "Opera"}, new String[] {"opera", "Opera"},
            new String[] {"samsungbrowser/", "Samsung Internet"}, new String[] {"yabrowser/", "Yandex Browser"},
            new String[] {"firefox/", "Firefox"}, new String[] {"fxios/", "Firefox"},
            new String[] {"crios/", "Chrome"}, new String[] {"chrome/", "Chrome"}, new String[] {"chromium/", "Chromium"},
            new String[] {"msie ", "Internet Explorer"}, new String[] {"trident/", "Internet Explorer"},
            new String[] {"safari/", "Safari"});
    private static final List<String[]> SYSTEMS = List.of(
            new String[] {"windows", "Windows"}, new String[] {"android", "Android"},
            new String[] {"iphone", "iOS"}, new String[] {"ipad", "iOS"}, new String[] {"ipod", "iOS"},
            new String[] {"cros", "ChromeOS"}, new String[] {"mac os x", "macOS"}, new String[] {"macintosh", "macOS"},
            new String[] {"linux", "Linux"}, new String[] {"freebsd", "FreeBSD"});

    private final Cache<String, Agent> cache;

    public AgentClassifier(long cacheSize) {
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /** @param userAgent as the event carries it; null: nothing was sent */
    public Agent classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Agent(Agent.UNKNOWN, Agent.UNKNOWN, Agent.UNKNOWN, true);
        }
        return cache.get(userAgent, AgentClassifier::parse);
    }

    static Agent parse(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        boolean bot = BOT_TOKENS.stream().anyMatch(ua::contains);
        String browser = first(ua, BROWSERS);
        String os = first(ua, SYSTEMS);
        String device;
        if (bot) {
            device = "bot";
        } else if (ua.contains("ipad") || ua.contains("tablet") || "Android".equals(os) && !ua.contains("mobile")) {
            device = "tablet";
        } else if (ua.contains("mobi") || ua.contains("iphone") || ua.contains("ipod")) {
            device = "mobile";
        } else if (os.equals(Agent.UNKNOWN)) {
            device = Agent.UNKNOWN;
        } else {
            device = "desktop";
        }
        return new Agent(browser, os, device, bot);
    }

    private static String first(String ua, List<String[]> table) {
        for (String[] row : table) {
            if (ua.contains(row[0])) {
                return row[1];
            }
        }
        return Agent.UNKNOWN;
    }
}
