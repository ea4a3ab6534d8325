package io.cligs.store.testing;

import io.cligs.core.redis.RedisKeys;
import io.cligs.store.click.ClickStream;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the click streams hold, for tests that check what was sent to them. */
public final class StreamContents {

    private StreamContents() {
    }

    /** Every entry of the click streams under {@code prefix} (XRANGE pages over every shard, in shard order), decoded. */
    public static List<ClickStream.Entry> entries(Vertx vertx, String redisUrl, String prefix, int shards) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        try {
            ClickStream stream = new ClickStream(redis, new RedisKeys(prefix), shards, Duration.ofSeconds(10));
            List<ClickStream.Entry> all = new ArrayList<>();
            for (int shard = 0; shard < shards; shard++) {
                String after = "-";
                while (true) {
                    List<ClickStream.Entry> page = stream.range(shard, after, 2000).await();
                    if (page.isEmpty()) {
                        break;
                    }
                    all.addAll(page);
                    after = page.get(page.size() - 1).id();
                }
            }
            return all;
        } finally {
            redis.close();
        }
    }
}
