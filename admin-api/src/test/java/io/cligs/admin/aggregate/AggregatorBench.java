package io.cligs.admin.aggregate;

import io.cligs.core.click.ClickRecord;
import io.cligs.core.click.EventIds;
import io.cligs.core.click.OrphanRecord;
import io.cligs.core.click.StreamEvent;
import io.cligs.core.click.StreamEventCodec;
import io.cligs.core.click.VisitorHash;
import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.redis.RedisKeys;
import io.cligs.core.schema.Schema;
import io.cligs.store.Backends;
import io.cligs.store.BoundedRedis;
import io.cligs.store.click.ClickStream;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The aggregator benchmark's Java side (run by {@code ops/bench/aggregator.sh} with the test classpath; not
 * a test). Three modes, each printing {@code key=value} lines the script reads:
 *
 * <ul>
 *   <li>{@code fill <redis-url> <prefix> <events> <links> <seed> [shards]}: appends the events to the click
 *   streams {@code <prefix>clicks:{n}} as the edge does (store's {@link ClickStream}: a click to the stream of
 *   its link id modulo {@code shards}, 1 without it) (core's {@link StreamEventCodec}, pipelined {@code XADD}s,
 *   5,000 a round trip): clicks from 4 edges (ids from {@link EventIds}), Zipf-like over the links, over
 *   3 UTC days, 24 countries (and none), 12 referrers (and none), 12 agents of which 3 bots, 200,000
 *   visitors; 3% orphans; 2% duplicates (an earlier event appended again, as a replayed journal does).
 *   Prints the distinct events, clicks, orphans and uniques the rollups must then hold.</li>
 *   <li>{@code consume <redis-url> <prefix> <batch> [shards]}: the baseline: reads each stream in turn through a consumer
 *   group ({@code XREADGROUP COUNT batch}), decodes every entry with {@link StreamEventCodec}, then
 *   {@code XACK} + {@code XDEL} pipelined, one batch after the other, until it is empty: the aggregator's
 *   Redis side without MySQL.</li>
 *   <li>{@code aggregate <redis-url> <prefix> <mysql-url> <batch> <pool> [shards]}: migrates the database, starts
 *   the real {@link RunningAggregator} on {@code shards} streams and waits until every stream is empty with
 *   nothing pending.</li>
 * </ul>
 * Both timed modes print the seconds, this JVM's CPU seconds and its peak RSS (VmHWM).
 */
public final class AggregatorBench {

    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "IN", "BR", "JP", "CA", "ES", "IT", "NL", "PL",
            "SE", "AU", "MX", "KR", "TR", "RU", "CN", "ID", "NG", "ZA", "AR", "CH"};
    private static final String[] REFERRERS = {"t.co", "www.google.com", "www.facebook.com", "l.instagram.com",
            "news.ycombinator.com", "www.reddit.com", "out.reddit.com", "www.linkedin.com", "mail.google.com",
            "duckduckgo.com", "www.bing.com", "lm.facebook.com"};
    private static final String[] AGENTS = {
            ClickEvents.CHROME, ClickEvents.IPHONE,
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.43 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61",
            "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
            ClickEvents.SLACK, ClickEvents.GOOGLEBOT, "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"};
    private static final long DAY0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z

    private AggregatorBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fill" -> fill(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]),
                    shards(args, 6));
            case "consume" -> consume(args[1], args[2], Integer.parseInt(args[3]), shards(args, 4));
            case "aggregate" -> aggregate(args[1], args[2], MysqlUrl.parse(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), shards(args, 6));
            default -> throw new IllegalArgumentException("fill, consume or aggregate, not " + args[0]);
        }
    }

    /** The optional last argument: the number of click streams ({@code CLIG_CLICK_STREAM_SHARDS}), 1 without it. */
    private static int shards(String[] args, int index) {
        return args.length > index ? Integer.parseInt(args[index]) : 1;
    }

    static void fill(String redisUrl, String prefix, int n, int links, long seed, int shards) {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxWaitingHandlers(20_000));
        try {
            ClickStream stream = new ClickStream(redis, new RedisKeys(prefix), shards, Duration.ofSeconds(30));
            Random random = new Random(seed);
            VisitorHash hashes = VisitorHash.of("the aggregator benchmark's visitor secret");
            EventIds[] edges = new EventIds[4];
            for (int i = 0; i < edges.length; i++) {
                edges[i] = new EventIds("bench-edge-" + i, 1_700_000_000_000L + i);
            }
            double[] zipf = zipf(links, 1.1);
            List<StreamEvent> written = new ArrayList<>(n);
            Set<String> uniques = new HashSet<>();
            long clicks = 0;
            long orphans = 0;
            long duplicates = 0;
            List<StreamEvent> batch = new ArrayList<>(5000);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                StreamEvent e;
                if (!written.isEmpty() && random.nextInt(100) < 2) {
                    // a replayed journal: an event already in the stream, sent again (mostly recent ones)
                    int back = Math.min(written.size(), 1 + random.nextInt(20_000));
                    e = written.get(written.size() - back);
                    duplicates++;
                } else {
                    int edge = random.nextInt(edges.length);
                    long ts = DAY0 + (long) (random.nextDouble() * 3 * 86_400_000L);
                    String country = random.nextInt(20) == 0 ? null : COUNTRIES[(int) (Math.abs(random.nextGaussian()) * 6) % COUNTRIES.length];
                    String referrer = random.nextInt(3) == 0 ? null : REFERRERS[random.nextInt(REFERRERS.length)];
                    if (random.nextInt(100) < 3) {
                        e = new OrphanRecord(edges[edge].next(), "missing" + random.nextInt(5000), ts,
                                country == null ? null : new CountryCode(country), referrer, "bench-edge-" + edge);
                        orphans++;
                    } else {
                        long link = 1 + sample(zipf, random);
                        String agent = AGENTS[random.nextInt(AGENTS.length)];
                        int visitor = random.nextInt(200_000);
                        byte[] address = {10, (byte) (visitor >> 16), (byte) (visitor >> 8), (byte) visitor};
                        String hash = hashes.hash(address, agent, ts);
                        e = new ClickRecord(edges[edge].next(), link, ts, country == null ? null : new CountryCode(country),
                                hash, referrer, agent, "bench-edge-" + edge);
                        clicks++;
                        // the hash covers the agent, and the bot flag depends on the agent only: one row per (link, day, hash)
                        uniques.add(link + "/" + Rollup.day(ts) + "/" + hash);
                    }
                    written.add(e);
                }
                batch.add(e);
                if (batch.size() == 5000) {
                    stream.append(batch).await();
                    batch.clear();
                }
            }
            stream.append(batch).await();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("entries=%d%ndistinct=%d%nclicks=%d%norphans=%d%nduplicates=%d%nuniques=%d%nfill_seconds=%.2f%n",
                    n, clicks + orphans, clicks, orphans, duplicates, uniques.size(), seconds);
        } finally {
            redis.close();
            vertx.close().await();
        }
    }

    static void consume(String redisUrl, String prefix, int batch, int shards) {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, redisUrl);
        try {
            for (int shard = 0; shard < shards; shard++) {
                String stream = new RedisKeys(prefix).clickStream(shard);
                BoundedRedis.send(redis, Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("baseline").arg("0")
                        .arg("MKSTREAM"), 5000).await();
            }
            Usage usage = Usage.start();
            long events = 0;
            // one shard after the other, one batch at a time: the Redis side of one aggregator loop
            for (int shard = 0; shard < shards; shard++) {
                String stream = new RedisKeys(prefix).clickStream(shard);
                while (true) {
                    Response reply = BoundedRedis.send(redis, Request.cmd(Command.XREADGROUP).arg("GROUP").arg("baseline")
                            .arg("c").arg("COUNT").arg(batch).arg("STREAMS").arg(stream).arg(">"), 30_000).await();
                    Response list = reply == null ? null : reply.isMap() ? reply.get(stream) : reply.get(0).get(1);
                    if (list == null || list.size() == 0) {
                        break;
                    }
                    Request xack = Request.cmd(Command.XACK).arg(stream).arg("baseline");
                    Request xdel = Request.cmd(Command.XDEL).arg(stream);
                    for (Response item : list) {
                        List<String> fields = new ArrayList<>(item.get(1).size());
                        for (Response f : item.get(1)) {
                            fields.add(f.toString());
                        }
                        StreamEventCodec.decode(fields);
                        String id = item.get(0).toString();
                        xack.arg(id);
                        xdel.arg(id);
                        events++;
                    }
                    BoundedRedis.batch(redis, List.of(xack, xdel), 30_000).await();
                }
            }
            usage.print(events);
        } finally {
            redis.close();
            vertx.close().await();
        }
    }

    static void aggregate(String redisUrl, String prefix, MysqlUrl mysqlUrl, int batch, int poolSize, int shards)
            throws Exception {
        Schema.migrate(mysqlUrl);
        Vertx vertx = Vertx.vertx();
        Pool mysql = Backends.mysql(vertx, mysqlUrl, poolSize, Duration.ofSeconds(10), null);
        Redis probe = Redis.createClient(vertx, redisUrl);
        RedisKeys keys = new RedisKeys(prefix);
        try {
            long entries = length(probe, keys, shards);
            AggregatorConfig config = new AggregatorConfig(true, shards, batch, Duration.ofMillis(200), Duration.ofSeconds(30));
            Usage usage = Usage.start();
            RunningAggregator aggregator = RunningAggregator.deploy(vertx, config,
                    new RedisSettings(List.of(redisUrl), RedisSettings.Mode.STANDALONE, prefix), mysql, Clock.systemUTC(),
                    Duration.ofSeconds(30)).await();
            while (true) {
                Thread.sleep(20);
                if (length(probe, keys, shards) == 0 && pending(probe, keys, shards) == 0) {
                    break;
                }
            }
            usage.print(entries);
            aggregator.close().await();
            try (Connection c = DriverManager.getConnection(mysqlUrl.jdbcUrl(), mysqlUrl.user(), mysqlUrl.password())) {
                Map<String, Long> totals = new LinkedHashMap<>();
                totals.put("rollup_clicks", ClickEvents.number(c, "SELECT SUM(clicks) FROM click_days"));
                totals.put("rollup_uniques", ClickEvents.number(c, "SELECT SUM(uniques) FROM click_days"));
                totals.put("rollup_visitors", ClickEvents.number(c, "SELECT COUNT(*) FROM click_visitors"));
                totals.put("rollup_orphans", ClickEvents.number(c, "SELECT SUM(hits) FROM orphan_days"));
                totals.put("rollup_country_clicks", ClickEvents.number(c,
                        "SELECT SUM(clicks) FROM click_breakdowns WHERE dimension = 'country'"));
                totals.put("rollup_device_clicks", ClickEvents.number(c,
                        "SELECT SUM(clicks) FROM click_breakdowns WHERE dimension = 'device'"));
                totals.put("progress_applied", ClickEvents.number(c, "SELECT SUM(applied) FROM click_stream_progress"));
                totals.forEach((k, v) -> System.out.println(k + "=" + v));
            }
        } finally {
            probe.close();
            mysql.close().await();
            vertx.close().await();
        }
    }

    private static long length(Redis probe, RedisKeys keys, int shards) {
        long sum = 0;
        for (int shard = 0; shard < shards; shard++) {
            sum += BoundedRedis.send(probe, Request.cmd(Command.XLEN).arg(keys.clickStream(shard)), 5000).await().toLong();
        }
        return sum;
    }

    private static long pending(Redis probe, RedisKeys keys, int shards) {
        long sum = 0;
        for (int shard = 0; shard < shards; shard++) {
            Response pending = BoundedRedis.send(probe, Request.cmd(Command.XPENDING).arg(keys.clickStream(shard))
                    .arg(Aggregator.GROUP), 5000).await();
            sum += pending.get(0).toLong();
        }
        return sum;
    }

    /** Zipf-like cumulative weights (s) over n ranks. */
    private static double[] zipf(int n, double s) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }

    private static int sample(double[] cumulative, Random random) {
        int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(i < 0 ? -i - 1 : i, cumulative.length - 1);
    }

    /** Wall time, this JVM's CPU time and its peak RSS from a start. */
    private record Usage(long startNanos, long startCpuNanos) {

        static Usage start() {
            return new Usage(System.nanoTime(), cpuNanos());
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        void print(long events) throws java.io.UncheckedIOException {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double cpu = (cpuNanos() - startCpuNanos) / 1e9;
            long hwmKb = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmHWM:")) {
                        hwmKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.printf("events=%d%nseconds=%.3f%nevents_per_s=%.0f%ncpu_seconds=%.2f%ncpu_us_per_event=%.1f%npeak_rss_mb=%d%n",
                    events, seconds, events / seconds, cpu, cpu * 1e6 / events, hwmKb / 1024);
        }
    }
}
