package io.cligs.core.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LegacyHexTest {

    @Test
    void passwordHashesAreLowerCaseApiKeysEitherCase() {
        assertTrue(LegacyHex.isHex("09afAF", 0, 6, LegacyHex.Letters.ANY));
        assertFalse(LegacyHex.isHex("09afAF", 0, 6, LegacyHex.Letters.LOWER));
        assertTrue(LegacyHex.isHex("09af", 0, 4, LegacyHex.Letters.LOWER));
        assertFalse(LegacyHex.isHex("09ag", 0, 4, LegacyHex.Letters.ANY));
        assertFalse(LegacyHex.isHex("", 0, 0, LegacyHex.Letters.ANY), "empty is no hex value");
    }

    @Test
    void anApiKeyIs32HexDigitsOfEitherCase() {
        assertTrue(LegacyHex.isApiKey("0123456789abcdef0123456789abcdef"));
        assertTrue(LegacyHex.isApiKey("0123456789ABCDEF0123456789ABCDEF"), "the old system compared keys as stored");
        assertFalse(LegacyHex.isApiKey("0123456789abcdef0123456789abcde"));
        assertFalse(LegacyHex.isApiKey("0123456789abcdef0123456789abcdeg"));
        assertFalse(LegacyHex.isApiKey(null));
    }

    @Test
    void anUpperCaseMd5IsNoPasswordHash() {
        // PHP's md5() is lower case: an upper-case value never matched a password
        assertTrue(PasswordScheme.of("5F4DCC3B5AA765D61D8327DEB882CF99") == null);
        assertTrue(PasswordScheme.of("5f4dcc3b5aa765d61d8327deb882cf99") == PasswordScheme.MD5);
    }
}
