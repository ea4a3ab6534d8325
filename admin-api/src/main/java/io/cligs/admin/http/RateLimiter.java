package io.cligs.admin.http;

import io.cligs.core.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets in Redis, shared by every admin API process: a bucket holds up to {@code capacity}
 * tokens and refills {@code capacity} per minute. One Lua script per take reads, refills and takes
 * atomically; the time comes from the injected clock (tests move it instead of sleeping). A limiter that
 * cannot reach Redis in time lets the request through ({@link Outcome#unavailable}), so a Redis outage
 * slows nothing and stops nothing; the caller counts it. Thread-safe.
 */
public final class RateLimiter {

    /** What a take found: allowed or not, tokens left, ms until the next token (when refused) and until full. */
    public record Outcome(boolean allowed, long limit, long remaining, long retryAfterMs, long resetMs, boolean unavailable) {

        static Outcome open(long limit) {
            return new Outcome(true, limit, limit, 0, 0, true);
        }

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMs + 999) / 1000);
        }

        public long resetSeconds() {
            return (resetMs + 999) / 1000;
        }
    }

    /**
     * KEYS[1] the bucket; ARGV capacity, tokens per ms, now (ms), cost, need. Allowed when the bucket
     * holds at least {@code need} tokens; then {@code cost} tokens are taken (never below zero).
     * Returns {allowed, remaining, ms to next token, ms to full}.
     */
    static final String SCRIPT = String.join("\n",
            "local cap = tonumber(ARGV[1])",
            "local rate = tonumber(ARGV[2])",
            "local now = tonumber(ARGV[3])",
            "local cost = tonumber(ARGV[4])",
            "local need = tonumber(ARGV[5])",
            "local b = redis.call('HMGET', KEYS[1], 't', 'ts')",
            "local tokens = tonumber(b[1])",
            "local ts = tonumber(b[2])",
            "if tokens == nil or ts == nil then tokens = cap; ts = now end",
            "if now > ts then tokens = math.min(cap, tokens + (now - ts) * rate); ts = now end",
            "local allowed = 0",
            "if tokens >= need then allowed = 1; tokens = math.max(0, tokens - cost) end",
            "redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(ts))",
            "redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 1000)",
            "local wait = 0",
            "if allowed == 0 then wait = math.ceil((need - tokens) / rate) end",
            "return {allowed, math.floor(tokens), wait, math.ceil((cap - tokens) / rate)}");

    private final Redis redis;
    private final RedisKeys keys;
    private final Clock clock;
    private final long timeoutMs;
    private volatile String sha;

    public RateLimiter(Redis redis, RedisKeys keys, Clock clock, Duration timeout) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.timeoutMs = timeout.toMillis();
    }

    /** Takes one token from {@code bucket} if it has one. */
    public Future<Outcome> take(String bucket, long perMinute) {
        return run(bucket, perMinute, 1, 1);
    }

    /** Whether {@code bucket} has a token, taking none. */
    public Future<Outcome> peek(String bucket, long perMinute) {
        return run(bucket, perMinute, 0, 1);
    }

    /** Takes one token whatever the bucket holds (a failed login counts even when over the limit). */
    public Future<Outcome> charge(String bucket, long perMinute) {
        return run(bucket, perMinute, 1, 0);
    }

    private Future<Outcome> run(String bucket, long perMinute, int cost, int need) {
        double rate = perMinute / 60_000.0;
        return script().compose(s -> redis.send(Request.cmd(Command.EVALSHA).arg(s).arg(1).arg(keys.rateBucket(bucket))
                                .arg(perMinute).arg(Double.toString(rate)).arg(clock.millis()).arg(cost).arg(need))
                        .timeout(timeoutMs, TimeUnit.MILLISECONDS))
                .map(r -> new Outcome(r.get(0).toInteger() == 1, perMinute, r.get(1).toLong(), r.get(2).toLong(),
                        r.get(3).toLong(), false))
                .otherwise(e -> {
                    if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                        sha = null;
                    }
                    return Outcome.open(perMinute);
                });
    }

    private Future<String> script() {
        String s = sha;
        if (s != null) {
            return Future.succeededFuture(s);
        }
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .map(Response::toString).onSuccess(loaded -> sha = loaded);
    }
}
