package io.cligs.loader.warm;

import io.cligs.core.link.Link;
import io.cligs.loader.LoaderException;
import io.cligs.loader.Progress;
import io.cligs.store.Store;
import io.cligs.store.link.LinkPublisher;
import io.cligs.store.link.RedisLinks;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds the Redis link cache from MySQL through the data layer's one write step
 * ({@link LinkPublisher}): pages of links in id order are written through to Redis, and the slugs whose
 * value changed are published so that running edges drop them (past
 * {@link LinkPublisher#DEFAULT_FLUSH_THRESHOLD} changes, one "evict all" at the end instead). The next
 * page is read from MySQL while up to {@link #IN_FLIGHT} pages are being written, so MySQL and Redis
 * work at the same time and memory stays flat. Every clig is written, whatever its status: the edge
 * answers 410 for disabled and deleted ones from the cache too. Runs on the CLI's thread, blocking on
 * the store's futures; never on an event loop.
 */
public final class Warmer {

    /** Links read from MySQL per query. */
    static final int PAGE = 2000;
    /** Pages being written to Redis at once. */
    static final int IN_FLIGHT = 4;

    /** What a warm did; {@code seconds} is the warm itself, without the prune. */
    public record Result(long keys, LinkPublisher.Published published, long pruned, double seconds) {
        public double keysPerSecond() {
            return keys / Math.max(seconds, 1e-9);
        }
    }

    private final Store store;
    private final PrintWriter out;

    public Warmer(Store store, PrintWriter out) {
        this.store = store;
        this.out = out;
    }

    public Result run(boolean prune) throws LoaderException {
        long estimate = estimateRows();
        long started = System.nanoTime();
        LinkPublisher.Session session = store.publisher().session();
        long keys = 0;
        try (Progress progress = Progress.start("warm", estimate, "keys", out)) {
            Deque<Future<Void>> writing = new ArrayDeque<>();
            Future<List<Link>> next = store.reader().page(0, PAGE);
            while (true) {
                List<Link> page = await(next, "MySQL");
                if (page.isEmpty()) {
                    break;
                }
                next = store.reader().page(page.get(page.size() - 1).id(), PAGE);
                if (writing.size() == IN_FLIGHT) {
                    await(writing.removeFirst(), "Redis");
                }
                writing.addLast(session.add(page));
                keys += page.size();
                progress.step(page.size());
            }
            while (!writing.isEmpty()) {
                await(writing.removeFirst(), "Redis");
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long pruned = prune ? prune(session) : 0;
        LinkPublisher.Published published = await(session.finish(), "Redis");
        return new Result(keys, published, pruned, seconds);
    }

    /** InnoDB's row estimate: instant, good enough for a progress bar; also proves the schema is there. */
    private long estimateRows() throws LoaderException {
        try {
            store.mysql().query("SELECT id FROM cligs LIMIT 0").execute().await();
        } catch (RuntimeException e) {
            throw new LoaderException("the database has no cligs schema or cannot be read (" + e.getMessage()
                    + "): run `loader migrate` first");
        }
        for (Row r : await(store.mysql().query("SELECT TABLE_ROWS FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cligs'").execute(), "MySQL")) {
            Long n = r.getLong(0);
            return n == null ? 1 : Math.max(1, n);
        }
        return 1;
    }

    /** Deletes (and publishes) link keys whose slug MySQL no longer has: SCAN, one IN query per page. */
    private long prune(LinkPublisher.Session session) throws LoaderException {
        long deleted = 0;
        String cursor = "0";
        do {
            RedisLinks.ScanPage page = await(store.redisLinks().scan(cursor, 2000), "Redis");
            cursor = page.cursor();
            if (page.slugs().isEmpty()) {
                continue;
            }
            Set<String> present = await(store.reader().existing(page.slugs()), "MySQL");
            List<String> gone = new ArrayList<>();
            for (String slug : new HashSet<>(page.slugs())) {
                if (!present.contains(slug)) {
                    gone.add(slug);
                }
            }
            if (!gone.isEmpty()) {
                await(session.remove(gone), "Redis");
                deleted += gone.size();
            }
        } while (!cursor.equals("0"));
        return deleted;
    }

    private static <T> T await(Future<T> f, String system) throws LoaderException {
        try {
            return f.await();
        } catch (RuntimeException e) {
            throw new LoaderException(system + " failed during the warm: " + e.getMessage(), e);
        }
    }
}
