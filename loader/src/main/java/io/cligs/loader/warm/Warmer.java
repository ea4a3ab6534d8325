package io.cligs.loader.warm;

import io.cligs.core.config.MysqlUrl;
import io.cligs.core.config.RedisSettings;
import io.cligs.core.geo.CountryCode;
import io.cligs.core.link.Link;
import io.cligs.core.link.LinkCodec;
import io.cligs.core.link.LinkStatus;
import io.cligs.core.link.Slug;
import io.cligs.core.link.TargetUrl;
import io.cligs.core.redis.RedisKeys;
import io.cligs.loader.Database;
import io.cligs.loader.LoaderException;
import io.cligs.loader.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds the Redis link cache from MySQL: cligs and their rules are streamed in id order over two
 * connections and merged, each link encoded with {@link LinkCodec} and {@code SET} in one RESP
 * pipeline whose replies a second thread reads as they come (like {@code redis-cli --pipe}).
 * Every clig is written, whatever its status: the edge answers 410 for disabled and deleted ones
 * from the cache too.
 */
public final class Warmer {

    /** What a warm did; {@code seconds} is the warm itself, without the prune. */
    public record Result(long keys, long errors, long pruned, double seconds) {
        public double keysPerSecond() {
            return keys / Math.max(seconds, 1e-9);
        }
    }

    private final MysqlUrl mysql;
    private final RedisSettings redis;
    private final PrintWriter out;

    public Warmer(MysqlUrl mysql, RedisSettings redis, PrintWriter out) {
        this.mysql = mysql;
        this.redis = redis;
        this.out = out;
    }

    public Result run(boolean prune) throws LoaderException, SQLException, IOException, InterruptedException {
        RedisKeys keys = new RedisKeys(redis.prefix());
        long started = System.nanoTime();
        long written;
        AtomicLong errors = new AtomicLong();
        try (Connection cligsDb = Database.connect(mysql); Connection rulesDb = Database.connect(mysql);
             RespConnection resp = RespConnection.open(redis)) {
            Database.requireSchema(cligsDb, mysql);
            long estimate = estimateRows(cligsDb);
            AtomicLong replies = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicReference<IOException> readFailure = new AtomicReference<>();
            Thread reader = new Thread(() -> readReplies(resp, replies, errors, firstError, readFailure), "warm-replies");
            reader.setDaemon(true);
            reader.start();
            try (Progress progress = Progress.start("warm", estimate, "keys", out)) {
                written = writeAll(cligsDb, rulesDb, resp, keys, progress);
            }
            reader.join();
            if (readFailure.get() != null) {
                throw new LoaderException("Redis failed during the warm after " + replies.get() + " replies: "
                        + readFailure.get().getMessage());
            }
            if (replies.get() != written) {
                throw new LoaderException("Redis answered " + replies.get() + " of " + written + " SET commands");
            }
            if (firstError.get() != null) {
                out.println("warm: " + errors.get() + " SET commands failed, first error: " + firstError.get());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long pruned = prune ? prune(cligsDb, resp, keys) : 0;
            return new Result(written, errors.get(), pruned, seconds);
        }
    }

    /** InnoDB's row estimate: instant, good enough for a progress bar (COUNT(*) would scan the table). */
    private static long estimateRows(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cligs'")) {
            return rs.next() ? Math.max(1, rs.getLong(1)) : 1;
        }
    }

    /** Counts the SET replies until the PONG that ends the pipeline. */
    private static void readReplies(RespConnection resp, AtomicLong replies, AtomicLong errors,
                                    AtomicReference<String> firstError, AtomicReference<IOException> failure) {
        try {
            while (true) {
                Object r = resp.readReply();
                if ("PONG".equals(r)) {
                    return;
                }
                if (r instanceof RespConnection.Error e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e.message());
                }
                replies.incrementAndGet();
            }
        } catch (IOException e) {
            failure.set(e);
        }
    }

    /** Ends the pipeline: its PONG tells the reply reader that every SET was answered. */
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A chunk of encoded SET commands, or the end marker. */
    private record Chunk(byte[] bytes, int length, int commands) {
        static final Chunk END = new Chunk(new byte[0], 0, 0);
    }

    /**
     * Reads and encodes on this thread while another writes the encoded chunks to Redis, so that
     * MySQL, the encoding and Redis work at the same time (a bounded queue keeps memory flat).
     */
    private static long writeAll(Connection cligsDb, Connection rulesDb, RespConnection resp, RedisKeys keys, Progress progress)
            throws SQLException, IOException, InterruptedException {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(8);
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (Chunk c = queue.take(); c != Chunk.END; c = queue.take()) {
                    if (writeFailure.get() == null) {
                        resp.writeRaw(c.bytes(), 0, c.length());
                    }
                }
                resp.flush();
            } catch (IOException e) {
                writeFailure.set(e);
                queue.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "warm-writer");
        writer.setDaemon(true);
        writer.start();
        long n = 0;
        try (Statement cs = streaming(cligsDb); Statement rs = streaming(rulesDb);
             ResultSet cligs = cs.executeQuery("SELECT id, slug, target, status, version FROM cligs ORDER BY id");
             ResultSet rules = rs.executeQuery("SELECT clig_id, country, target FROM rightclig_rules ORDER BY clig_id, country")) {
            boolean moreRules = rules.next();
            Map<CountryCode, TargetUrl> linkRules = new HashMap<>();
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(1 << 17);
            int inChunk = 0;
            while (cligs.next()) {
                long id = cligs.getLong(1);
                linkRules.clear();
                while (moreRules && rules.getLong(1) < id) {
                    moreRules = rules.next(); // rules of a clig that is gone (cannot happen with the FK)
                }
                while (moreRules && rules.getLong(1) == id) {
                    linkRules.put(CountryCode.parse(rules.getString(2)), TargetUrl.of(rules.getString(3)));
                    moreRules = rules.next();
                }
                Link link = new Link(id, Slug.parse(cligs.getString(2)), TargetUrl.of(cligs.getString(3)),
                        LinkStatus.parse(cligs.getString(4)), linkRules, cligs.getLong(5));
                RespConnection.encodeSet(buf, keys.link(link.slug()), LinkCodec.encode(link));
                n++;
                inChunk++;
                if (buf.size() >= 1 << 16) {
                    handOver(queue, buf, inChunk, writeFailure);
                    progress.step(inChunk);
                    inChunk = 0;
                }
            }
            handOver(queue, buf, inChunk, writeFailure);
            progress.step(inChunk);
            buf.writeBytes(PING);
            queue.put(new Chunk(buf.toByteArray(), buf.size(), 0));
        } finally {
            queue.put(Chunk.END);
            writer.join();
        }
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
        return n;
    }

    private static void handOver(BlockingQueue<Chunk> queue, java.io.ByteArrayOutputStream buf, int commands,
                                 AtomicReference<IOException> writeFailure) throws InterruptedException, IOException {
        if (writeFailure.get() != null) {
            throw writeFailure.get();
        }
        if (commands > 0) {
            queue.put(new Chunk(buf.toByteArray(), buf.size(), commands));
            buf.reset();
        }
    }

    private static Statement streaming(Connection db) throws SQLException {
        Statement s = db.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        s.setFetchSize(4096);
        return s;
    }

    /** Deletes link keys whose slug MySQL no longer has (SCAN, one IN query per page). */
    private long prune(Connection db, RespConnection resp, RedisKeys keys) throws IOException, SQLException {
        long deleted = 0;
        String cursor = "0";
        do {
            Object reply = resp.call("SCAN", cursor, "MATCH", keys.linkPattern(), "COUNT", "2000");
            if (!(reply instanceof List<?> parts) || parts.size() != 2) {
                throw new IOException("unexpected SCAN reply: " + reply);
            }
            cursor = (String) parts.get(0);
            Map<String, String> bySlug = new HashMap<>();
            for (Object k : (List<?>) parts.get(1)) {
                String key = (String) k;
                String slug = keys.slugOfLinkKey(key);
                if (slug != null) {
                    bySlug.put(slug, key);
                }
            }
            if (bySlug.isEmpty()) {
                continue;
            }
            Set<String> present = new HashSet<>();
            List<String> slugs = new ArrayList<>(bySlug.keySet());
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < slugs.size(); i++) {
                marks.append(i == 0 ? "?" : ",?");
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT slug FROM cligs WHERE slug IN (" + marks + ")")) {
                for (int i = 0; i < slugs.size(); i++) {
                    ps.setString(i + 1, slugs.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        present.add(rs.getString(1));
                    }
                }
            }
            Set<String> gone = new LinkedHashSet<>();
            for (Map.Entry<String, String> e : bySlug.entrySet()) {
                if (!present.contains(e.getKey())) {
                    gone.add(e.getValue());
                }
            }
            if (!gone.isEmpty()) {
                List<String> args = new ArrayList<>();
                args.add("DEL");
                args.addAll(gone);
                Object r = resp.call(args.toArray(new String[0]));
                if (r instanceof Long l) {
                    deleted += l;
                }
            }
        } while (!cursor.equals("0"));
        return deleted;
    }
}
