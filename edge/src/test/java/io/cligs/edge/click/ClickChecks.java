package io.cligs.edge.click;

import io.cligs.core.redis.RedisKeys;
import io.cligs.store.click.ClickStream;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Sending redirects and reading the click stream back in the click ITs (blocking, on the test thread). */
final class ClickChecks {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ClickChecks() {
    }

    /**
     * Sends {@code n} GETs of {@code paths} in turn from {@code threads} threads; returns how many were
     * answered with a redirect (301/302).
     */
    static int redirects(int port, List<String> paths, int n, int threads, String... headers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger redirected = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        int status = get(port, paths.get(i % paths.size()), headers);
                        if (status == 301 || status == 302) {
                            redirected.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return redirected.get();
    }

    static int get(int port, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Every entry of the click stream under {@code prefix} (XRANGE pages over every shard), decoded. */
    static List<ClickStream.Entry> entries(Vertx vertx, String redisUrl, String prefix, int shards) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        try {
            ClickStream stream = new ClickStream(redis, new RedisKeys(prefix), shards, Duration.ofSeconds(5));
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

    /** Entries in the stream (XLEN), or -1 when Redis does not answer. */
    static long length(Vertx vertx, String redisUrl, String prefix, int shards) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        try {
            return new ClickStream(redis, new RedisKeys(prefix), shards, Duration.ofSeconds(5)).length().await();
        } catch (RuntimeException e) {
            return -1;
        } finally {
            redis.close();
        }
    }
}
