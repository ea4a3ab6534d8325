package io.cligs.store.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.StoreFixture;
import io.cligs.store.testing.TestRedis;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LinkStoreIT {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();
    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();
    @RegisterExtension
    static final StoreFixture STORE = new StoreFixture(DB, REDIS);

    @BeforeEach
    void rows() throws Exception {
        DB.execute("DELETE FROM link_history", "DELETE FROM rightclig_rules", "DELETE FROM cligs",
                "INSERT INTO cligs (id, account_id, slug, target, title, status, updated_at, version) VALUES "
                        + "(1, 7, 'abc', 'https://example.com/a', 'A', 'active', NOW(), 1),"
                        + "(2, 8, 'rules', 'https://example.com/r', NULL, 'active', NOW(), 3),"
                        + "(3, NULL, 'gone', 'https://example.com/g', NULL, 'disabled', NOW(), 1)",
                "INSERT INTO rightclig_rules (clig_id, country, target) VALUES (2, 'GB', 'https://example.co.uk/'),"
                        + "(2, 'DE', 'https://example.de/')");
        REDIS.deleteAll();
    }

    @Test
    void readsALinkWithItsRulesBySlug() {
        Link link = STORE.reader().bySlug("rules").await();
        assertEquals(2, link.id());
        assertEquals(3, link.version());
        assertEquals(302, link.httpStatus());
        assertEquals("https://example.co.uk/", link.targetFor(CountryCode.parse("GB")).value());
        assertEquals(Map.of(CountryCode.parse("GB"), TargetUrl.of("https://example.co.uk/"),
                CountryCode.parse("DE"), TargetUrl.of("https://example.de/")), link.rules());
        assertNull(STORE.reader().bySlug("nope").await());
    }

    @Test
    void pagesThroughEveryLinkInIdOrder() {
        List<Link> first = STORE.reader().page(0, 2).await();
        assertEquals(List.of("abc", "rules"), first.stream().map(l -> l.slug().value()).toList());
        assertEquals(2, first.get(1).rules().size());
        List<Link> second = STORE.reader().page(first.get(1).id(), 2).await();
        assertEquals(List.of("gone"), second.stream().map(l -> l.slug().value()).toList());
        assertTrue(STORE.reader().page(3, 2).await().isEmpty());
    }

    @Test
    void changeCommitsRecordsHistoryWritesRedisAndPublishes() throws Exception {
        try (var sub = STORE.subscribe()) {
            LinkStore.Written w = STORE.links().change("abc", LinkChange.target(TargetUrl.of("https://example.com/new")),
                    Actor.account(7, "ab12"), 7L).await();
            assertTrue(w.changed());
            assertTrue(w.published());
            assertEquals(2, w.link().version());
            assertEquals("abc", sub.messages().poll(5, TimeUnit.SECONDS));
        }
        Link cached = LinkCodec.decode((String) REDIS.command("GET", STORE.keys().link("abc")));
        assertEquals("https://example.com/new", cached.target().value());
        assertEquals(2, cached.version());
        try (var c = DB.connect(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT h.actor, h.account_id, h.change_kind, h.before_state, h.after_state, c.target, c.version "
                     + "FROM link_history h JOIN cligs c ON c.id = h.clig_id")) {
            assertTrue(rs.next());
            assertEquals("account:7 key:ab12", rs.getString(1));
            assertEquals(7, rs.getLong(2));
            assertEquals("update", rs.getString(3));
            assertTrue(rs.getString(4).contains("\"target\":\"https://example.com/a\""), rs.getString(4));
            assertTrue(rs.getString(5).contains("\"target\":\"https://example.com/new\""), rs.getString(5));
            assertEquals("https://example.com/new", rs.getString(6));
            assertEquals(2, rs.getLong(7));
            assertFalse(rs.next());
        }
    }

    @Test
    void rulesAndStatusChangeTogetherWithTheVersion() {
        Link after = STORE.links().change("rules", new LinkChange(null, null, LinkStatus.DISABLED,
                Map.of(CountryCode.parse("US"), TargetUrl.of("https://example.us/")), java.util.Set.of(CountryCode.parse("DE"))),
                Actor.loader("test"), null).await().link();
        assertEquals(410, after.httpStatus());
        assertEquals(4, after.version());
        assertEquals(after, STORE.reader().bySlug("rules").await());
    }

    @Test
    void anotherOwnersLinkIsNotFoundAndUnchanged() throws Exception {
        Exception e = assertThrows(Exception.class, () -> STORE.links()
                .change("abc", LinkChange.status(LinkStatus.DELETED), Actor.account(8, null), 8L).await());
        assertInstanceOf(LinkNotFoundException.class, e);
        assertEquals(LinkStatus.ACTIVE, STORE.reader().bySlug("abc").await().status());
        assertNull(REDIS.command("GET", STORE.keys().link("abc")));
        try (var c = DB.connect(); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM link_history")) {
            rs.next();
            assertEquals(0, rs.getLong(1));
        }
    }

    @Test
    void aChangeThatChangesNothingWritesNothing() {
        LinkStore.Written w = STORE.links().change("abc", LinkChange.target(TargetUrl.of("https://example.com/a")),
                Actor.loader("test"), null).await();
        assertFalse(w.changed());
        assertEquals(1, STORE.reader().bySlug("abc").await().version());
    }

    @Test
    void publisherWritesOnlyWhatChangedAndPublishesIt() throws Exception {
        List<Link> all = STORE.reader().page(0, 10).await();
        try (var sub = STORE.subscribe()) {
            LinkPublisher.Published first = STORE.publisher().publish(all).await();
            assertEquals(new LinkPublisher.Published(3, 0, 0, 0, false), first);
            for (int i = 0; i < 3; i++) {
                assertTrue(List.of("abc", "rules", "gone").contains(sub.messages().poll(5, TimeUnit.SECONDS)));
            }
            LinkPublisher.Published again = STORE.publisher().publish(all).await();
            assertEquals(new LinkPublisher.Published(0, 3, 0, 0, false), again);
            assertNull(sub.messages().poll(300, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aWriteSaysWhenItReplacedANewerLink() throws Exception {
        Link old = STORE.reader().bySlug("abc").await();
        Link newer = new Link(old.id(), old.slug(), TargetUrl.of("https://example.com/newer"), old.status(), Map.of(), 9);
        REDIS.command("SET", STORE.keys().link("abc"), LinkCodec.encode(newer));
        assertEquals(List.of(RedisLinks.Stored.REPLACED_NEWER), STORE.redisLinks().store(List.of(old)).await());
        assertEquals(List.of(RedisLinks.Stored.UNCHANGED), STORE.redisLinks().store(List.of(old)).await());
        assertEquals(List.of(RedisLinks.Stored.WRITTEN), STORE.redisLinks().store(List.of(newer)).await());
    }

    @Test
    void aRacingOlderWriteIsPutRightFromMysql() throws Exception {
        // MySQL moved on to version 2 and Redis has it; a writer that read version 1 earlier comes late
        Link v1 = STORE.reader().bySlug("abc").await();
        STORE.links().change("abc", LinkChange.target(TargetUrl.of("https://example.com/v2")), Actor.loader("test"), null).await();
        LinkPublisher.Published p = STORE.publisher().publish(List.of(v1)).await();
        assertEquals(1, p.corrected());
        Link cached = LinkCodec.decode((String) REDIS.command("GET", STORE.keys().link("abc")));
        assertEquals("https://example.com/v2", cached.target().value());
        assertEquals(2, cached.version());
    }

    @Test
    void aSessionPutsRightAKeyLeftNewerFromAnEarlierDatabase() throws Exception {
        // a key left from an earlier database with a higher version: MySQL is the truth
        Link stale = new Link(1, Slug.parse("abc"), TargetUrl.of("https://stale.example/"), LinkStatus.ACTIVE, Map.of(), 99);
        REDIS.command("SET", STORE.keys().link("abc"), LinkCodec.encode(stale));
        LinkPublisher.Published p = STORE.publisher().publish(STORE.reader().page(0, 10).await()).await();
        assertEquals(1, p.corrected());
        assertEquals(STORE.reader().bySlug("abc").await(), LinkCodec.decode((String) REDIS.command("GET", STORE.keys().link("abc"))));
    }

    @Test
    void pastTheThresholdASessionPublishesOneFlush() throws Exception {
        LinkPublisher small = new LinkPublisher(STORE.redisLinks(), STORE.reader(), 2);
        try (var sub = STORE.subscribe()) {
            LinkPublisher.Session s = small.session();
            s.add(STORE.reader().page(0, 10).await()).await();
            LinkPublisher.Published p = s.finish().await();
            assertTrue(p.flushed());
            assertEquals(RedisKeys.EVICT_ALL, sub.messages().poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void removedLinksAreDeletedAndPublished() throws Exception {
        REDIS.command("SET", STORE.keys().link("orphan"), "x");
        try (var sub = STORE.subscribe()) {
            LinkPublisher.Session s = STORE.publisher().session();
            s.remove(List.of("orphan")).await();
            assertEquals(1, s.finish().await().deleted());
            assertEquals("orphan", sub.messages().poll(5, TimeUnit.SECONDS));
        }
        assertNull(REDIS.command("GET", STORE.keys().link("orphan")));
    }
}
