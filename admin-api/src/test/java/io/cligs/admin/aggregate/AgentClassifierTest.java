package io.cligs.admin.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AgentClassifierTest {

    private final AgentClassifier agents = new AgentClassifier(100);

    @ParameterizedTest
    @ValueSource(strings = {
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
        "Twitterbot/1.0",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
        "Mastodon/4.2.1 (http.rb/5.1.1; +https://mastodon.social/) Bot",
        "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)",
        "WhatsApp/2.23.20.0",
        "TelegramBot (like TwitterBot)",
        "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.4.0"})
    void linkPreviewFetchersAndCrawlersAreBots(String userAgent) {
        Agent a = agents.classify(userAgent);
        assertTrue(a.bot(), userAgent);
        assertEquals("bot", a.device());
    }

    @Test
    void browsersAreNamedWithTheirSystemAndDevice() {
        Agent chrome = agents.classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36");
        assertEquals(new Agent("Chrome", "Windows", "desktop", false), chrome);
        Agent iphone = agents.classify("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        assertEquals(new Agent("Safari", "iOS", "mobile", false), iphone);
        Agent edge = agents.classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0");
        assertEquals("Edge", edge.browser());
        Agent firefox = agents.classify("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0");
        assertEquals(new Agent("Firefox", "Linux", "desktop", false), firefox);
        assertFalse(agents.classify("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/120.0.0.0 Mobile Safari/537.36").bot());
    }

    @Test
    void noAgentAtAllIsABot() {
        assertTrue(agents.classify(null).bot());
    }
}
