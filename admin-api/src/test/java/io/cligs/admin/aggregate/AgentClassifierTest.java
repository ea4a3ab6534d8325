package io.cligs.admin.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The real analyzer (Yauaa, built once for the class: seconds) on a known mix of agents. */
class AgentClassifierTest {

    private static AgentClassifier agents;

    @BeforeAll
    static void analyzer() throws Exception {
        agents = new AgentClassifier(AgentClassifier.analyzer().get(120, TimeUnit.SECONDS), 100);
    }

    /** Every link-preview fetcher DESIGN.md names, some in two of their forms, and crawlers and scripts. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Slackbot 1.0 (+https://api.slack.com/robots)",
        "Slack-ImgProxy (+https://api.slack.com/robots)",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mastodon/4.2.1 (http.rb/5.1.1; +https://mastodon.social/)",
        "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/) Bot",
        "WhatsApp/2.23.20.0",
        "WhatsApp/2.2413.51 A",
        "WhatsApp/2.23.24.76 i",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.6099.71 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
        "curl/8.4.0",
        "python-requests/2.31.0",
        "Wget/1.21.4",
        "Go-http-client/1.1"})
    void linkPreviewFetchersCrawlersAndScriptsAreBots(String userAgent) {
        Agent a = agents.classify(userAgent);
        assertTrue(a.bot(), userAgent + " -> " + a);
        assertEquals("bot", a.device(), userAgent);
    }

    /** The explicit list catches what Yauaa 8.1.1 alone does not: WhatsApp's fetcher is not a robot to it. */
    @Test
    void thePreviewListAddsWhatTheLibraryMisses() {
        String whatsapp = "WhatsApp/2.23.20.0";
        assertTrue(AgentClassifier.isPreviewFetcher(whatsapp));
        assertFalse(AgentClassifier.isPreviewFetcher(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"));
        assertEquals(new Agent("WhatsApp", Agent.UNKNOWN, "bot", true), agents.classify(whatsapp));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void noAgentAtAllIsABot(String userAgent) {
        assertEquals(new Agent(Agent.UNKNOWN, Agent.UNKNOWN, Agent.UNKNOWN, true), agents.classify(userAgent));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        Chrome  | Windows | desktop | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36
        Edge    | Windows | desktop | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0
        Firefox | Windows | desktop | Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0
        Safari  | macOS   | desktop | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15
        Chrome  | macOS   | desktop | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36
        Firefox | Linux   | desktop | Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0
        Safari  | iOS     | mobile  | Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1
        Chrome  | iOS     | mobile  | Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1
        Firefox | iOS     | mobile  | Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15
        Chrome  | Android | mobile  | Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36
        Firefox | Android | mobile  | Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0
        Safari  | iOS     | tablet  | Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1
        Chrome  | Android | tablet  | Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36
        """)
    void browsersAreNamedWithTheirSystemAndDevice(String browser, String os, String device, String userAgent) {
        assertEquals(new Agent(browser, os, device, false), agents.classify(userAgent));
    }

    @Test
    void aClassifiedAgentIsKept() {
        String ua = "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0";
        assertSame(agents.classify(ua), agents.classify(ua));
    }
}
