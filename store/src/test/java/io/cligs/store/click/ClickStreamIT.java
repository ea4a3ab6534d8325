package io.cligs.store.click;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.InvalidEventException;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.redis.RedisKeys;
import io.cligs.store.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClickStreamIT {

    @RegisterExtension
    static final TestRedis REDIS = new TestRedis();

    static Vertx vertx;
    static Redis redis;
    static ClickStream stream;

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS.url()));
        stream = new ClickStream(redis, new RedisKeys(REDIS.prefix()), 3, Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() {
        vertx.close().await();
    }

    @Test
    void eventsAreAppendedToTheShardOfTheirLinkInOrderAndReadBack() throws Exception {
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(new ClickRecord("e-" + i, i % 3 + 1, 1000 + i, null, "cd".repeat(32), "t.co", "UA " + i, "e"));
        }
        events.add(new OrphanRecord("e-o", "missing", 5, null, null, "e"));
        stream.append(events).await();
        assertEquals(31L, stream.length().await());

        List<ClickStream.Entry> shard1 = stream.range(stream.shardOf(events.get(1)), "-", 100).await();
        List<StreamEvent> expected = new ArrayList<>();
        for (StreamEvent e : events) {
            if (stream.shardOf(e) == stream.shardOf(events.get(1))) {
                expected.add(e);
            }
        }
        assertEquals(expected, shard1.stream().map(ClickStream.Entry::event).toList());
        List<ClickStream.Entry> page = stream.range(stream.shardOf(events.get(1)), shard1.get(4).id(), 2).await();
        assertEquals(List.of(shard1.get(5), shard1.get(6)), page);
        assertTrue(REDIS.keys().contains(REDIS.prefix() + "clicks:{2}"));
    }

    @Test
    void anEntryNotWrittenByUsIsRefusedWhenRead() throws Exception {
        String key = REDIS.prefix() + "clicks:{0}";
        REDIS.command("DEL", key);
        REDIS.command("XADD", key, "*", "v", "1", "type", "click", "id", "x-1", "link", "1", "ts", "1", "vh", "zz", "edge", "e");
        Exception e = assertThrows(Exception.class, () -> stream.range(0, "-", 10).await());
        assertTrue(e instanceof InvalidEventException || e.getCause() instanceof InvalidEventException, e.toString());
        REDIS.command("DEL", key);
    }
}
