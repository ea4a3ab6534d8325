package io.cligs.admin.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.admin.testing.AdminFixture;
import io.cligs.admin.testing.AdminFixture.Answer;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The old v1/v2 API as old clients call it: plain-text answers, anonymous without a key, 4xx for a bad key. */
class LegacyApiIT {

    @RegisterExtension
    @Order(1)
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    @Order(2)
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    @Order(3)
    static final AdminFixture API = new AdminFixture(DB, REDIS);

    private static final String OLD_KEY = "00112233445566778899aabbccddeeff";

    @BeforeAll
    static void anOldAccountWithAnOldKey() throws Exception {
        DB.execute("INSERT INTO accounts (id, username, password_scheme, password_hash) VALUES (9, 'olduser', 'md5', "
                        + "'5f4dcc3b5aa765d61d8327deb882cf99')",
                "INSERT INTO api_keys (id, account_id, key_sha256, key_prefix) VALUES (3, 9, UNHEX(SHA2('" + OLD_KEY + "', 256)), '00112233'),"
                        + " (4, 9, UNHEX(SHA2('ffeeddccbbaa99887766554433221100', 256)), 'ffeeddcc')",
                "UPDATE api_keys SET revoked_at = NOW() WHERE id = 4");
    }

    @Test
    void createWithoutAKeyMakesAnAnonymousClig() throws Exception {
        Answer a = API.get("/api/v1/cligs/create?url=" + enc("https://example.com/anon") + "&title=Anon&appid=x", null);
        assertEquals(200, a.status(), a::toString);
        assertTrue(a.header("Content-Type").startsWith("text/plain"));
        assertTrue(a.body().matches("http://127\\.0\\.0\\.1:8080/[0-9A-Za-z]{7}"), a.body());
        assertEquals("NULL", owner(slugOf(a.body())));
    }

    @Test
    void createWithAnOldKeyBelongsToItsAccountInV1AndV2() throws Exception {
        for (String v : new String[] {"v1", "v2"}) {
            Answer a = API.get("/api/" + v + "/cligs/create?url=" + enc("https://example.com/" + v) + "&key=" + OLD_KEY, null);
            assertEquals(200, a.status(), a::toString);
            assertEquals("9", owner(slugOf(a.body())));
        }
    }

    @Test
    void anUnknownOrRevokedKeyIsRefusedInPlainText() {
        for (String bad : new String[] {"nope", "ffeeddccbbaa99887766554433221100"}) {
            Answer a = API.get("/api/v1/cligs/create?url=" + enc("https://example.com/x") + "&key=" + bad, null);
            assertEquals(403, a.status(), a::toString);
            assertTrue(a.header("Content-Type").startsWith("text/plain"), a::toString);
        }
    }

    @Test
    void badUrlsAreRefusedInPlainText() {
        assertEquals(400, API.get("/api/v1/cligs/create", null).status());
        Answer js = API.get("/api/v1/cligs/create?url=" + enc("javascript:alert(1)"), null);
        assertEquals(400, js.status(), js::toString);
        assertTrue(js.header("Content-Type").startsWith("text/plain"));
    }

    @Test
    void expandTakesASlugOrAShortUrl() {
        String shortUrl = API.get("/api/v1/cligs/create?url=" + enc("https://example.com/long/path?q=1"), null).body();
        String slug = slugOf(shortUrl);
        Answer bySlug = API.get("/api/v1/cligs/expand?clig=" + slug, null);
        assertEquals(200, bySlug.status());
        assertEquals("https://example.com/long/path?q=1", bySlug.body());
        assertEquals("https://example.com/long/path?q=1", API.get("/api/v1/cligs/expand?clig=" + enc(shortUrl), null).body());
        assertEquals(404, API.get("/api/v1/cligs/expand?clig=nothing-here", null).status());
    }

    private static String slugOf(String shortUrl) {
        return shortUrl.substring(shortUrl.lastIndexOf('/') + 1);
    }

    private static String owner(String slug) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT account_id FROM cligs WHERE slug = '" + slug + "'")) {
            assertTrue(r.next(), slug);
            String v = r.getString(1);
            return v == null ? "NULL" : v;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
