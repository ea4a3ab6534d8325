package io.cligs.loader.analytics;

import io.cligs.core.redis.RedisKeys;
import io.cligs.store.BoundedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * What the aggregator has done with the click streams, asked of Redis: whether its consumer group
 * ({@value #GROUP}, the admin API's) has applied every entry up to a mark. The aggregator acknowledges an
 * entry only after the MySQL transaction that applied it commits (ADR 0014), so "delivered up to the
 * mark and nothing pending up to it" means "applied". Calls block the calling thread (the CLI's, never
 * an event loop) on the store's futures, each with a timeout.
 */
final class StreamWatch {

    /** The admin API's consumer group (its {@code Aggregator.GROUP}). */
    static final String GROUP = "aggregator";

    private final Redis redis;
    private final RedisKeys keys;
    private final int shards;
    private final long timeoutMs;

    StreamWatch(Redis redis, RedisKeys keys, int shards, long timeoutMs) {
        this.redis = redis;
        this.keys = keys;
        this.shards = shards;
        this.timeoutMs = timeoutMs;
    }

    /** Per shard, the id of the last entry added so far ({@code XINFO STREAM}'s last-generated-id), null for none. */
    List<String> marks() {
        List<String> out = new ArrayList<>(shards);
        for (int s = 0; s < shards; s++) {
            Response info;
            try {
                info = send(Request.cmd(Command.XINFO).arg("STREAM").arg(keys.clickStream(s)));
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).contains("no such key")) {
                    out.add(null);
                    continue;
                }
                throw e;
            }
            Response last = field(info, "last-generated-id");
            out.add(last == null || "0-0".equals(last.toString()) ? null : last.toString());
        }
        return out;
    }

    /** What is left before every shard's mark is applied. */
    record Left(long entries, boolean groupMissing) {
        boolean done() {
            return entries == 0 && !groupMissing;
        }
    }

    /**
     * How far the group is from the marks: the entries up to them not yet delivered (estimated by the
     * stream's length when the group lags) plus those delivered but not acknowledged.
     */
    Left left(List<String> marks) {
        long entries = 0;
        boolean missing = false;
        for (int s = 0; s < shards; s++) {
            String mark = marks.get(s);
            if (mark == null) {
                continue;
            }
            String stream = keys.clickStream(s);
            Response group = null;
            Response groups = send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream));
            if (groups != null) {
                for (Response g : groups) {
                    Response name = field(g, "name");
                    if (name != null && GROUP.equals(name.toString())) {
                        group = g;
                    }
                }
            }
            if (group == null) {
                missing = true;
                entries += length(stream);
                continue;
            }
            Response delivered = field(group, "last-delivered-id");
            if (delivered == null || compare(delivered.toString(), mark) < 0) {
                entries += Math.max(1, length(stream));
                continue;
            }
            Response pending = send(Request.cmd(Command.XPENDING).arg(stream).arg(GROUP).arg("-").arg(mark).arg(100));
            entries += pending == null ? 0 : pending.size();
        }
        return new Left(entries, missing);
    }

    /** Entries in every shard together ({@code XLEN}): the aggregator deletes what it applied. */
    long length() {
        long sum = 0;
        for (int s = 0; s < shards; s++) {
            sum += length(keys.clickStream(s));
        }
        return sum;
    }

    private long length(String stream) {
        Response r = send(Request.cmd(Command.XLEN).arg(stream));
        return r == null ? 0 : r.toLong();
    }

    private Response send(Request request) {
        return await(BoundedRedis.send(redis, request, timeoutMs), "Redis " + request.command());
    }

    /** The future's result (on the CLI's thread); its failure as an unchecked exception with its message. */
    static <T> T await(Future<T> f, String what) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
        }
    }

    /** A field of an {@code XINFO} reply: a map (RESP3) or a flat name/value list (RESP2). */
    static Response field(Response reply, String name) {
        if (reply == null) {
            return null;
        }
        if (reply.isMap()) {
            return reply.containsKey(name) ? reply.get(name) : null;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            if (name.equals(reply.get(i).toString())) {
                return reply.get(i + 1);
            }
        }
        return null;
    }

    /** Orders two stream entry ids {@code <ms>-<seq>}. */
    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, da)), Long.parseUnsignedLong(b.substring(0, db)));
        return c != 0 ? c : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(da + 1)),
                Long.parseUnsignedLong(b.substring(db + 1)));
    }
}
