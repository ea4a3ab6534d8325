package io.cligs.core.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cligs.core.link.Slug;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

    private final RedisKeys keys = new RedisKeys("clig:");

    @Test
    void linkKeysCarryTheSlugAsHashTag() {
        assertEquals("clig:link:{Ab.c}", keys.link(Slug.parse("Ab.c")));
        assertEquals("Ab.c", keys.slugOfLinkKey("clig:link:{Ab.c}"));
        assertNull(keys.slugOfLinkKey("other:link:{x}"));
    }

    @Test
    void everyNameIsUnderThePrefix() {
        RedisKeys t = new RedisKeys("test-1:");
        assertEquals("test-1:evict", t.evictChannel());
        assertEquals("test-1:clicks:{3}", t.clickStream(3));
        assertEquals("test-1:link:{*", t.linkPattern());
    }

    @Test
    void prefixWithBracesOrSpacesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RedisKeys("a{b"));
        assertThrows(IllegalArgumentException.class, () -> new RedisKeys("a b"));
    }
}
