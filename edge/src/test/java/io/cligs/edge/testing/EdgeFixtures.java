package io.cligs.edge.testing;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.testing.TestDatabase;
import io.cligs.store.testing.TestRedis;
import io.cligs.edge.config.EdgeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Arranging edges, links and time-bounded waits in integration tests. */
public final class EdgeFixtures {

    private EdgeFixtures() {
    }

    /** An edge on 127.0.0.1, a free port, over the test's database and Redis prefix, plus {@code extra} variables. */
    public static EdgeConfig config(String mysqlUrl, String redisUrl, String redisPrefix, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put(EdgeConfig.HOST, "127.0.0.1");
        env.put(EdgeConfig.PORT, "0");
        env.put(EdgeConfig.INSTANCES, "2");
        env.put(EdgeConfig.MYSQL_URL, mysqlUrl);
        env.put("CLIG_REDIS_URL", redisUrl);
        env.put("CLIG_REDIS_PREFIX", redisPrefix);
        env.putAll(extra);
        return EdgeConfig.fromEnv(env);
    }

    public static EdgeConfig config(TestDatabase db, TestRedis redis, Map<String, String> extra) {
        return config(mysqlUrl(db.url()), redis.url(), redis.prefix(), extra);
    }

    public static String mysqlUrl(MysqlUrl url) {
        return "mysql://" + url.user() + (url.password().isEmpty() ? "" : ":" + url.password()) + "@" + url.host() + ":"
                + url.port() + "/" + url.database();
    }

    /** Inserts a clig and its rules ({@code country, target} pairs). */
    public static void insertLink(TestDatabase db, long id, String slug, String target, String status, String... rules)
            throws SQLException {
        db.execute("INSERT INTO cligs (id, slug, target, status, updated_at, version) VALUES (" + id + ", '" + slug + "', '"
                + target.replace("'", "''") + "', '" + status + "', NOW(3), 1)");
        for (int i = 0; i + 1 < rules.length; i += 2) {
            db.execute("INSERT INTO rightclig_rules (clig_id, country, target) VALUES (" + id + ", '" + rules[i] + "', '"
                    + rules[i + 1] + "')");
        }
    }

    public static void putInRedis(TestRedis redis, Link link) throws IOException {
        redis.command("SET", new RedisKeys(redis.prefix()).link(link.slug()), LinkCodec.encode(link));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls {@code condition} every few ms until it holds or {@code limit} passes; returns whether it held. */
    public static boolean await(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(2);
        }
        return condition.getAsBoolean();
    }
}
