package io.cligs.edge.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.LoggerFactory;

/**
 * The edge's counters, cheap enough for the hot path (DESIGN.md's budget: an HdrHistogram
 * {@link Recorder} and {@link LongAdder}s, no Micrometer per request), rendered on {@code /-/metrics}
 * in the Prometheus text format. One instance per edge, shared by every event loop: recording is
 * wait-free and thread-safe; {@link #render} is synchronized (one scrape at a time).
 */
public final class EdgeMetrics {

    /** The statuses the redirect path answers, in the order of the per-status arrays. */
    static final int[] STATUSES = {301, 302, 400, 404, 405, 410, 414, 431, 500, 503};
    private static final String[] STATUS_LABELS = {"301", "302", "400", "404", "405", "410", "414", "431", "500", "503"};
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Upper bounds of the latency histogram buckets, seconds, as Prometheus labels. */
    private static final String[] BUCKETS = {"0.00001", "0.000025", "0.00005", "0.0001", "0.00025", "0.0005", "0.001",
        "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};

    private final LongAdder[] requests = adders(STATUSES.length);
    private final LongAdder[] latencySumNanos = adders(STATUSES.length);
    private final Recorder[] recorders = new Recorder[STATUSES.length];
    private final Histogram[] cumulative = new Histogram[STATUSES.length];
    private final Histogram[] intervals = new Histogram[STATUSES.length];

    public final LongAdder caffeineHits = new LongAdder();
    public final LongAdder caffeineMisses = new LongAdder();
    public final LongAdder negativeHits = new LongAdder();
    public final LongAdder negativeMisses = new LongAdder();
    public final LongAdder singleFlightJoins = new LongAdder();
    public final LongAdder redisGets = new LongAdder();
    public final LongAdder redisHits = new LongAdder();
    public final LongAdder redisMisses = new LongAdder();
    public final LongAdder redisErrors = new LongAdder();
    public final LongAdder redisTimeouts = new LongAdder();
    public final LongAdder redisWriteBacks = new LongAdder();
    public final LongAdder mysqlQueries = new LongAdder();
    public final LongAdder mysqlHits = new LongAdder();
    public final LongAdder mysqlMisses = new LongAdder();
    public final LongAdder mysqlErrors = new LongAdder();
    public final LongAdder mysqlTimeouts = new LongAdder();
    public final LongAdder evictionsReceived = new LongAdder();
    public final LongAdder evictAllsReceived = new LongAdder();
    public final LongAdder resubscribes = new LongAdder();
    /** PINGs a kept Redis connection left unanswered for an interval (each replaces the connection). */
    public final LongAdder lookupPingsUnanswered = new LongAdder();
    public final LongAdder subscriptionPingsUnanswered = new LongAdder();
    public final LongAdder connectionsRefused = new LongAdder();
    public final LongAdder idleTimeouts = new LongAdder();
    public final LongAdder headTimeouts = new LongAdder();
    public final LongAdder obsFolds = new LongAdder();
    public final LongAdder twoHosts = new LongAdder();
    /** The log of what requests cause, throttled per kind; its left-out lines are counted here. */
    public final ThrottledLog requestLog = new ThrottledLog(LoggerFactory.getLogger("io.cligs.edge.requests"), System::nanoTime);

    private volatile LongSupplier cacheEntries = () -> 0;
    private volatile LongSupplier negativeEntries = () -> 0;
    private volatile LongSupplier openConnections = () -> 0;
    private volatile Consumer<PrometheusText> more = p -> { };

    public EdgeMetrics() {
        for (int i = 0; i < STATUSES.length; i++) {
            recorders[i] = new Recorder(MAX_NANOS, 2);
            cumulative[i] = new Histogram(MAX_NANOS, 2);
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Lets the gauges read the cache sizes. */
    public void cacheSizes(LongSupplier entries, LongSupplier negative) {
        this.cacheEntries = entries;
        this.negativeEntries = negative;
    }

    /** Lets the gauge read the open client connections. */
    public void openConnections(LongSupplier open) {
        this.openConnections = open;
    }

    /** Lets another part of the edge (the click pipeline) add its families to the exposition. */
    public void section(Consumer<PrometheusText> families) {
        this.more = families;
    }

    /** Records one answered request; {@code startNanos} from {@link System#nanoTime()} when it arrived. */
    public void request(int status, long startNanos) {
        record(status, System.nanoTime() - startNanos);
    }

    /** Records one answered request that took {@code nanos}. */
    void record(int status, long nanos) {
        int i = index(status);
        if (nanos < 0) {
            nanos = 0;
        } else if (nanos > MAX_NANOS) {
            nanos = MAX_NANOS;
        }
        requests[i].increment();
        latencySumNanos[i].add(nanos);
        recorders[i].recordValue(nanos);
    }

    private static int index(int status) {
        switch (status) {
            case 301: return 0;
            case 302: return 1;
            case 400: return 2;
            case 404: return 3;
            case 405: return 4;
            case 410: return 5;
            case 414: return 6;
            case 431: return 7;
            case 503: return 9;
            default: return 8;
        }
    }

    /** Requests answered with {@code status} so far (500 also counts statuses not listed). */
    public long requests(int status) {
        return requests[index(status)].sum();
    }

    /** The whole exposition. */
    public synchronized String render() {
        PrometheusText p = new PrometheusText();
        p.family("cligs_edge_requests_total", "counter", "Slug requests answered, by HTTP status.");
        for (int i = 0; i < STATUSES.length; i++) {
            p.sample("cligs_edge_requests_total", requests[i].sum(), "status", STATUS_LABELS[i]);
        }
        p.family("cligs_edge_request_duration_seconds", "histogram",
                "Time from request to response written, by HTTP status.");
        for (int i = 0; i < STATUSES.length; i++) {
            intervals[i] = recorders[i].getIntervalHistogram(intervals[i]);
            cumulative[i].add(intervals[i]);
            Histogram h = cumulative[i];
            for (String le : BUCKETS) {
                long upper = (long) (Double.parseDouble(le) * 1e9);
                p.sample("cligs_edge_request_duration_seconds_bucket", h.getCountBetweenValues(0, upper),
                        "status", STATUS_LABELS[i], "le", le);
            }
            p.sample("cligs_edge_request_duration_seconds_bucket", h.getTotalCount(), "status", STATUS_LABELS[i], "le", "+Inf");
            p.sample("cligs_edge_request_duration_seconds_sum", latencySumNanos[i].sum() / 1e9, "status", STATUS_LABELS[i]);
            p.sample("cligs_edge_request_duration_seconds_count", h.getTotalCount(), "status", STATUS_LABELS[i]);
        }
        p.family("cligs_edge_cache_lookups_total", "counter",
                "Lookups per tier (caffeine, negative, redis, mysql) and result (hit, miss); a mysql miss is a confirmed unknown slug.");
        tier(p, "caffeine", caffeineHits, caffeineMisses);
        tier(p, "negative", negativeHits, negativeMisses);
        tier(p, "redis", redisHits, redisMisses);
        tier(p, "mysql", mysqlHits, mysqlMisses);
        p.family("cligs_edge_cache_hit_ratio", "gauge", "hit / (hit + miss) per tier since start; NaN before the first lookup.");
        ratio(p, "caffeine", caffeineHits, caffeineMisses);
        ratio(p, "negative", negativeHits, negativeMisses);
        ratio(p, "redis", redisHits, redisMisses);
        ratio(p, "mysql", mysqlHits, mysqlMisses);
        p.family("cligs_edge_cache_entries", "gauge", "Entries held by the in-process caches.");
        p.sample("cligs_edge_cache_entries", cacheEntries.getAsLong(), "cache", "links");
        p.sample("cligs_edge_cache_entries", negativeEntries.getAsLong(), "cache", "negative");
        p.family("cligs_edge_singleflight_joins_total", "counter", "Misses that joined a lookup already in flight for the same slug.");
        p.sample("cligs_edge_singleflight_joins_total", singleFlightJoins.sum());
        p.family("cligs_edge_redis_commands_total", "counter", "Redis commands sent on the lookup path, by command.");
        p.sample("cligs_edge_redis_commands_total", redisGets.sum(), "command", "get");
        p.sample("cligs_edge_redis_commands_total", redisWriteBacks.sum(), "command", "set");
        p.family("cligs_edge_redis_errors_total", "counter", "Redis calls that failed (not timeouts).");
        p.sample("cligs_edge_redis_errors_total", redisErrors.sum());
        p.family("cligs_edge_redis_timeouts_total", "counter", "Redis calls abandoned after CLIG_REDIS_TIMEOUT_MS.");
        p.sample("cligs_edge_redis_timeouts_total", redisTimeouts.sum());
        p.family("cligs_edge_mysql_queries_total", "counter", "MySQL lookups sent.");
        p.sample("cligs_edge_mysql_queries_total", mysqlQueries.sum());
        p.family("cligs_edge_mysql_errors_total", "counter", "MySQL lookups that failed (not timeouts).");
        p.sample("cligs_edge_mysql_errors_total", mysqlErrors.sum());
        p.family("cligs_edge_mysql_timeouts_total", "counter", "MySQL lookups abandoned after CLIG_MYSQL_TIMEOUT_MS.");
        p.sample("cligs_edge_mysql_timeouts_total", mysqlTimeouts.sum());
        p.family("cligs_edge_evictions_received_total", "counter", "Slugs received on the eviction channel.");
        p.sample("cligs_edge_evictions_received_total", evictionsReceived.sum());
        p.family("cligs_edge_evict_alls_received_total", "counter", "Evict-all messages received on the eviction channel (each drops the whole cache).");
        p.sample("cligs_edge_evict_alls_received_total", evictAllsReceived.sum());
        p.family("cligs_edge_resubscribes_total", "counter", "Subscriptions to the eviction channel (each one drops the whole cache).");
        p.sample("cligs_edge_resubscribes_total", resubscribes.sum());
        p.family("cligs_edge_redis_pings_unanswered_total", "counter",
                "PINGs a kept Redis connection left unanswered for CLIG_EDGE_PING_INTERVAL_MS (each replaces the connection).");
        p.sample("cligs_edge_redis_pings_unanswered_total", lookupPingsUnanswered.sum(), "connection", "lookup");
        p.sample("cligs_edge_redis_pings_unanswered_total", subscriptionPingsUnanswered.sum(), "connection", "subscription");
        p.family("cligs_edge_connections_open", "gauge", "Client connections open (HTTP/1.1).");
        p.sample("cligs_edge_connections_open", openConnections.getAsLong());
        p.family("cligs_edge_connections_refused_total", "counter",
                "Client connections closed at once because CLIG_EDGE_MAX_CONNECTIONS were open.");
        p.sample("cligs_edge_connections_refused_total", connectionsRefused.sum());
        p.family("cligs_edge_connection_timeouts_total", "counter",
                "Client connections closed by a timeout: idle (CLIG_EDGE_IDLE_TIMEOUT_MS), head (CLIG_EDGE_HEAD_TIMEOUT_MS).");
        p.sample("cligs_edge_connection_timeouts_total", idleTimeouts.sum(), "timeout", "idle");
        p.sample("cligs_edge_connection_timeouts_total", headTimeouts.sum(), "timeout", "head");
        p.family("cligs_edge_malformed_heads_total", "counter",
                "Connections whose request head was refused 400 for what the HTTP decoder hides: obs_fold, two_hosts.");
        p.sample("cligs_edge_malformed_heads_total", obsFolds.sum(), "reason", "obs_fold");
        p.sample("cligs_edge_malformed_heads_total", twoHosts.sum(), "reason", "two_hosts");
        requestLog.render(p);
        more.accept(p);
        return p.toString();
    }

    private static void tier(PrometheusText p, String tier, LongAdder hits, LongAdder misses) {
        p.sample("cligs_edge_cache_lookups_total", hits.sum(), "tier", tier, "result", "hit");
        p.sample("cligs_edge_cache_lookups_total", misses.sum(), "tier", tier, "result", "miss");
    }

    private static void ratio(PrometheusText p, String tier, LongAdder hits, LongAdder misses) {
        double h = hits.sum();
        double total = h + misses.sum();
        p.sample("cligs_edge_cache_hit_ratio", total == 0 ? Double.NaN : h / total, "tier", tier);
    }
}
