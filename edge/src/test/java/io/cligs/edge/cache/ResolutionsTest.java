package io.cligs.edge.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolutionsTest {

    private final Resolutions resolutions = new Resolutions(90);

    private static Link link(LinkStatus status, Map<CountryCode, TargetUrl> rules) {
        return new Link(7, Slug.parse("abc"), TargetUrl.of("https://example.com/a?x=1&y='2'"), status, rules, 3);
    }

    @Test
    void activeLinkWithoutRulesIsA301KeptNinetySeconds() {
        Resolution.Found f = assertInstanceOf(Resolution.Found.class, resolutions.of(link(LinkStatus.ACTIVE, Map.of())));
        assertEquals(301, f.status());
        assertEquals("private, max-age=90", f.cacheControl().toString());
        assertEquals("https://example.com/a?x=1&y='2'", f.fallback().location().toString());
        assertFalse(f.hasRules());
        String body = f.fallback().body().toString();
        assertTrue(body.contains("href=\"https://example.com/a?x=1&amp;y=&#39;2&#39;\""), body);
    }

    @Test
    void activeLinkWithRulesIsA302NoBrowserKeeps() {
        Link l = link(LinkStatus.ACTIVE, Map.of(CountryCode.parse("GB"), TargetUrl.of("https://example.co.uk/")));
        Resolution.Found f = assertInstanceOf(Resolution.Found.class, resolutions.of(l));
        assertEquals(302, f.status());
        assertEquals("private, max-age=0", f.cacheControl().toString());
        assertEquals("https://example.co.uk/", f.redirectFor(CountryCode.parse("GB")).location().toString());
        assertSame(f.fallback(), f.redirectFor(CountryCode.parse("SE")));
        assertSame(f.fallback(), f.redirectFor(null));
    }

    @Test
    void disabledAndDeletedLinksAreGone() {
        assertInstanceOf(Resolution.Gone.class, resolutions.of(link(LinkStatus.DISABLED, Map.of())));
        assertInstanceOf(Resolution.Gone.class, resolutions.of(link(LinkStatus.DELETED, Map.of())));
    }
}
