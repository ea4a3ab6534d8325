package io.cligs.admin.aggregate;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.EventIds;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.click.ClickStream;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Test helper: builds known click and orphan events and appends them to a test's click stream, as an edge would. */
public final class ClickEvents implements AutoCloseable {

    public static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Safari/537.36";
    public static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    public static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
    public static final String GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

    private final Redis redis;
    private final ClickStream stream;
    private final EventIds ids = new EventIds("test-edge", System.currentTimeMillis());
    private final VisitorHash visitors = VisitorHash.of("a test visitor secret of some length");

    public ClickEvents(Vertx vertx, String redisUrl, String prefix) {
        this.redis = Redis.createClient(vertx, redisUrl);
        this.stream = new ClickStream(redis, new RedisKeys(prefix), 1, Duration.ofSeconds(5));
    }

    /** A click at {@code at} by visitor number {@code visitor} (its address). */
    public ClickRecord click(long linkId, String at, int visitor, String country, String referrer, String userAgent) {
        long ts = Instant.parse(at).toEpochMilli();
        byte[] address = {10, 0, (byte) (visitor >> 8), (byte) visitor};
        return new ClickRecord(ids.next(), linkId, ts, country == null ? null : new CountryCode(country),
                visitors.hash(address, userAgent, ts), referrer, userAgent, "test-edge");
    }

    public OrphanRecord orphan(String slug, String at) {
        return new OrphanRecord(ids.next(), slug, Instant.parse(at).toEpochMilli(), null, null, "test-edge");
    }

    public void append(List<? extends StreamEvent> events) {
        stream.append(events).await();
    }

    public long length() {
        return stream.length().await();
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Polls {@code condition} every 50 ms until it holds or {@code limit} passes (a loaded 2-core machine). */
    public static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The one number a query answers (0 for no row or NULL). */
    public static long number(Connection c, String sql, Object... args) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e, e);
        }
    }
}
