package io.cligs.core.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PasswordSchemeTest {

    @Test
    void recognisesTheThreeLegacySchemes() {
        assertEquals(PasswordScheme.MD5, PasswordScheme.of("5f4dcc3b5aa765d61d8327deb882cf99"));
        assertEquals(PasswordScheme.SHA1, PasswordScheme.of("sha1$abcdEFGH$" + "0123456789abcdef0123456789abcdef01234567"));
        assertEquals(PasswordScheme.BCRYPT, PasswordScheme.of("$2y$05$" + "abcdefghijklmnopqrstuv" + "0123456789ABCDEFGHIJKLMNOPQ./xy"));
        assertEquals(PasswordScheme.BCRYPT, PasswordScheme.of("$2a$10$" + "abcdefghijklmnopqrstuv" + "0123456789ABCDEFGHIJKLMNOPQ./xy"));
    }

    @Test
    void anythingElseIsUnknown() {
        assertNull(PasswordScheme.of("5F4DCC3B5AA765D61D8327DEB882CF99"), "md5 hex is lower case");
        assertNull(PasswordScheme.of("sha1$$0123456789abcdef0123456789abcdef01234567"), "sha1 needs a salt");
        assertNull(PasswordScheme.of("sha1$salt$0123"), "sha1 hex is 40 digits");
        assertNull(PasswordScheme.of("$2x$05$abcdefghijklmnopqrstuv0123456789ABCDEFGHIJKLMNOPQ./xy"));
        assertNull(PasswordScheme.of("plaintext"));
        assertNull(PasswordScheme.of(""));
        assertNull(PasswordScheme.of(null));
    }
}
