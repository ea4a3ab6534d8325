package io.cligs.admin.aggregate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies user agents for the rollups with Yauaa (ADR 0015), caching each distinct agent (Caffeine):
 * agents repeat heavily, and a parse costs about 0.2 ms of CPU (ADR 0015), so parsing costs little once warm.
 *
 * <p>The analyzer takes seconds of CPU and about 133 MB of heap to build, so it is built once per process
 * ({@link #analyzer()}), on a thread of its own, never on an event loop; every classifier shares it (its
 * {@code parse} is thread-safe). Yauaa's verdict is used as it is, with three additions: an agent that
 * names one of the link-preview fetchers of {@link #PREVIEW_FETCHERS} is a bot whatever Yauaa says
 * (Yauaa 8.1.1 calls {@code WhatsApp/2.x} a mobile app or unknown), an agent without any text is a bot
 * (scripts, probes), and a few of Yauaa's names are written as the stats always wrote them
 * ({@code Windows NT} → {@code Windows}, {@code Mac OS} → {@code macOS}; device classes in lower case,
 * {@code Phone} → {@code mobile}). Thread-safe.
 */
public final class AgentClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(AgentClassifier.class);

    /**
     * Lower-case tokens of the link-preview fetchers DESIGN.md names (Slack, X, Facebook, LinkedIn, Mastodon,
     * WhatsApp, Telegram, Discord): bots even when the library does not say so.
     */
    static final List<String> PREVIEW_FETCHERS = List.of("slackbot", "slack-imgproxy", "twitterbot",
            "facebookexternalhit", "facebookcatalog", "facebot", "linkedinbot", "mastodon", "whatsapp/",
            "telegrambot", "discordbot");

    /**
     * The only Yauaa fields read; the analyzer is built for these (and the 5 they depend on) alone, which
     * saves little heap or CPU over every field (ADR 0015) but no more is asked of it than is used.
     */
    static final List<String> FIELDS = List.of(UserAgent.AGENT_NAME, UserAgent.AGENT_CLASS,
            UserAgent.OPERATING_SYSTEM_NAME, UserAgent.DEVICE_CLASS);

    /** Yauaa's device classes of robots, servers fetching for others, and attacks. */
    private static final Set<String> BOT_DEVICES = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Cloud", "Spy",
            "Hacker");
    /** Yauaa's agent classes of the same. */
    private static final Set<String> BOT_AGENTS = Set.of("Robot", "Robot Mobile", "Robot Imitator",
            "Cloud Application", "Hacker");
    private static final Map<String, String> SYSTEMS = Map.of("Windows NT", "Windows", "Mac OS", "macOS");
    private static final Map<String, String> DEVICES = Map.of("Phone", "mobile", "Mobile", "mobile");
    /** What Yauaa says when it cannot tell. */
    private static final Set<String> UNKNOWNS = Set.of("Unknown", "??", "");

    private static final Object LOCK = new Object();
    private static CompletableFuture<UserAgentAnalyzer> shared;

    private final UserAgentAnalyzer analyzer;
    private final Cache<String, Agent> cache;

    /** @param analyzer from {@link #analyzer()} (blocks until it is built: never call on an event loop) */
    public AgentClassifier(UserAgentAnalyzer analyzer, long cacheSize) {
        this.analyzer = analyzer;
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /**
     * The process's one analyzer, built on first call on a daemon thread of its own ({@code agent-analyzer});
     * later calls get the same future. It completes in seconds (ADR 0015 has the figures).
     */
    public static CompletableFuture<UserAgentAnalyzer> analyzer() {
        synchronized (LOCK) {
            if (shared == null || shared.isCompletedExceptionally()) {
                CompletableFuture<UserAgentAnalyzer> building = new CompletableFuture<>();
                Thread thread = new Thread(() -> {
                    try {
                        building.complete(build());
                    } catch (Throwable e) {
                        building.completeExceptionally(e);
                    }
                }, "agent-analyzer");
                thread.setDaemon(true);
                thread.start();
                shared = building;
            }
            return shared;
        }
    }

    /** Builds an analyzer now, on the calling thread (seconds of CPU): {@link #analyzer()} is the way in. */
    static UserAgentAnalyzer build() {
        long start = System.nanoTime();
        UserAgentAnalyzer analyzer = UserAgentAnalyzer.newBuilder()
                .withFields(FIELDS)
                .withoutCache() // ours, in front: it keeps the classified Agent, not Yauaa's result
                .hideMatcherLoadStats()
                .immediateInitialization()
                .build();
        LOG.info("user agent analyzer (Yauaa) built in {} ms", (System.nanoTime() - start) / 1_000_000);
        return analyzer;
    }

    /** @param userAgent as the event carries it; null: nothing was sent */
    public Agent classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return new Agent(Agent.UNKNOWN, Agent.UNKNOWN, Agent.UNKNOWN, true);
        }
        return cache.get(userAgent, this::parse);
    }

    private Agent parse(String userAgent) {
        UserAgent parsed = analyzer.parse(userAgent);
        String deviceClass = parsed.getValue(UserAgent.DEVICE_CLASS);
        boolean bot = BOT_DEVICES.contains(deviceClass) || BOT_AGENTS.contains(parsed.getValue(UserAgent.AGENT_CLASS))
                || isPreviewFetcher(userAgent);
        String os = name(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME));
        String device = bot ? "bot" : UNKNOWNS.contains(deviceClass) ? Agent.UNKNOWN
                : DEVICES.getOrDefault(deviceClass, deviceClass.toLowerCase(Locale.ROOT));
        return new Agent(name(parsed.getValue(UserAgent.AGENT_NAME)), SYSTEMS.getOrDefault(os, os), device, bot);
    }

    static boolean isPreviewFetcher(String userAgent) {
        String ua = userAgent.toLowerCase(Locale.ROOT);
        for (String token : PREVIEW_FETCHERS) {
            if (ua.contains(token)) {
                return true;
            }
        }
        return false;
    }

    private static String name(String value) {
        return value == null || UNKNOWNS.contains(value) ? Agent.UNKNOWN : value;
    }
}
