// Yauaa vs uap-java for the click aggregator's user agents (ADR 0015): one library per JVM, cold.
// Prints, for the library named by the first argument:
//   init_ms      time from the first touch of the library's classes to a parser that has parsed once
//   init_cpu_ms  the CPU time the whole process spent meanwhile (all threads: the JIT's and GC's too); on a
//                busy machine this moves far less than init_ms
//   heap_mb      heap in use after a full GC with the parser held, minus the same before it was built
//   parses_s     uncached parses per second over the agent mix below (each agent once per pass, after a
//                warm-up of BENCH_WARMUP_S seconds, measured over BENCH_MEASURE_S seconds)
//   parses_cpu_s the same per second of the parsing thread's CPU time
//   then one line per agent of the mix: what the library says (browser | OS | device | bot or not).
// Run it through ops/bench/ua-parsers.sh, which builds the classpath and alternates the libraries.
//
//   java -cp <classpath> UaParsers yauaa|yauaa-all|uap
// yauaa: restricted to the four fields the aggregator reads, as AgentClassifier builds it; yauaa-all: every field.

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

public class UaParsers {

    /** A realistic mix of what follows a short link: browsers, apps' webviews, link previews, crawlers, scripts. */
    static final List<String> MIX = List.of(
            // desktop browsers
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
            // phones
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0",
            "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/442.0.0.38.118;FBBV/545614364;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]",
            "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.1.0.34.111 Android",
            // tablets
            "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            // link-preview fetchers
            "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
            "Slackbot 1.0 (+https://api.slack.com/robots)",
            "Twitterbot/1.0",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "facebookcatalog/1.0",
            "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
            "Mastodon/4.2.1 (http.rb/5.1.1; +https://mastodon.social/)",
            "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/) Bot",
            "WhatsApp/2.23.20.0",
            "WhatsApp/2.2413.51 A",
            "TelegramBot (like TwitterBot)",
            "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
            // crawlers
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
            // scripts and nothing
            "curl/8.4.0",
            "python-requests/2.31.0",
            "Wget/1.21.4",
            "Go-http-client/1.1",
            "");

    public static void main(String[] args) {
        String lib = args.length == 1 ? args[0] : "";
        long warmupS = Long.getLong("bench.warmup", 5), measureS = Long.getLong("bench.measure", 10);
        long heapBefore = heapAfterGc();
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Function<String, String> parser = switch (lib) {
            case "yauaa" -> yauaa(true);
            case "yauaa-all" -> yauaa(false);
            case "uap" -> uap();
            default -> throw new IllegalArgumentException("usage: UaParsers yauaa|yauaa-all|uap");
        };
        parser.apply(MIX.get(0));
        long initMs = (System.nanoTime() - t0) / 1_000_000;
        long initCpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        long heap = heapAfterGc() - heapBefore;
        List<String> seen = new ArrayList<>();
        for (String ua : MIX) {
            seen.add(parser.apply(ua) + "  <=  " + (ua.isEmpty() ? "(empty)" : ua));
        }
        long sink = 0;
        long end = System.nanoTime() + warmupS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (String ua : MIX) {
                sink += parser.apply(ua).length();
            }
        }
        long parses = 0;
        long start = System.nanoTime();
        long startCpu = threads.getCurrentThreadCpuTime();
        end = start + measureS * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (String ua : MIX) {
                sink += parser.apply(ua).length();
            }
            parses += MIX.size();
        }
        double perSecond = parses / ((System.nanoTime() - start) / 1e9);
        double perCpuSecond = parses / ((threads.getCurrentThreadCpuTime() - startCpu) / 1e9);
        System.out.printf("lib=%s init_ms=%d init_cpu_ms=%d heap_mb=%.1f parses_s=%.0f parses_cpu_s=%.0f (sink %d)%n",
                lib, initMs, initCpuMs, heap / 1048576.0, perSecond, perCpuSecond, sink % 10);
        seen.forEach(s -> System.out.println("  " + s));
    }

    /** Yauaa without its own cache (ours sits in front), restricted to the fields the aggregator reads or not. */
    static Function<String, String> yauaa(boolean restricted) {
        var builder = nl.basjes.parse.useragent.UserAgentAnalyzer.newBuilder();
        if (restricted) {
            builder.withFields("AgentName", "AgentClass", "OperatingSystemName", "DeviceClass");
        }
        var analyzer = builder.withoutCache().hideMatcherLoadStats().immediateInitialization().build();
        return ua -> {
            var a = analyzer.parse(ua);
            return a.getValue("AgentName") + " | " + a.getValue("OperatingSystemName") + " | "
                    + a.getValue("DeviceClass") + " | " + a.getValue("AgentClass");
        };
    }

    /** uap-java's plain Parser (no cache; its CachingParser would hide the parse cost). */
    static Function<String, String> uap() {
        var parser = new ua_parser.Parser();
        return ua -> {
            var c = parser.parse(ua);
            return c.userAgent.family + " | " + c.os.family + " | " + c.device.family;
        };
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
