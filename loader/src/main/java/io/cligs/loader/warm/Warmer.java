package io.cligs.loader.warm;

import io.cligs.core.link.Link;
import io.cligs.loader.LoaderException;
import io.cligs.loader.Progress;
import io.cligs.store.Store;
import io.cligs.store.link.LinkPublisher;
import io.cligs.store.link.RedisLinks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the Redis link cache from MySQL through the data layer's one write step
 * ({@link LinkPublisher}): pages of links in id order are written through to Redis, and the slugs whose
 * value changed are published so that running edges drop them (past
 * {@link LinkPublisher#DEFAULT_FLUSH_THRESHOLD} changes, one "evict all" at the end instead). The ids are
 * split into {@link #READERS} ranges paged through at once, each page written while the next is read,
 * so MySQL and Redis work at the same time and memory stays flat. Every clig is written, whatever its status: the edge
 * answers 410 for disabled and deleted ones from the cache too. Runs on the CLI's thread, blocking on
 * the store's futures; never on an event loop.
 */
public final class Warmer {

    /** Links read from MySQL per query. */
    static final int PAGE = 2000;
    /** Ranges of ids paged through at once (each with one read and one write in flight). */
    static final int READERS = 4;

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
        List<Long> bounds = await(store.reader().split(READERS), "MySQL");
        AtomicLong done = new AtomicLong();
        List<Future<Void>> ranges = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            ranges.add(range(session, bounds.get(i), bounds.get(i + 1), done));
        }
        Future<?> all = Future.all(ranges);
        try (Progress progress = Progress.start("warm", estimate, "keys", out)) {
            long shown = 0;
            while (!waitFor(all, 200)) {
                long now = done.get();
                progress.step(now - shown);
                shown = now;
            }
            progress.step(done.get() - shown);
        }
        await(all, "MySQL or Redis");
        double seconds = (System.nanoTime() - started) / 1e9;
        long pruned = prune ? prune(session) : 0;
        LinkPublisher.Published published = await(session.finish(), "Redis");
        return new Result(done.get(), published, pruned, seconds);
    }

    /**
     * Pages through the ids in {@code (after, upTo]}: each page is written while the next one is read, and
     * a page is written only once the previous write finished (one read and one write in flight per range).
     */
    private Future<Void> range(LinkPublisher.Session session, long after, long upTo, AtomicLong done) {
        Promise<Void> finished = Promise.promise();
        step(session, after, upTo, Future.succeededFuture(), done, finished);
        return finished.future();
    }

    /**
     * One page of a range. Deliberately not one {@code compose} chain per range: a chain whose result
     * waits on the next page's keeps every page it read reachable until the range ends, so a warm of 1M
     * links ran out of a 128 MB heap. Here a page is released as soon as it is written.
     */
    private void step(LinkPublisher.Session session, long after, long upTo, Future<Void> previousWrite, AtomicLong done,
                      Promise<Void> finished) {
        store.reader().page(after, upTo, PAGE).onComplete(read -> previousWrite.onComplete(previous -> {
            if (read.failed() || previous.failed()) {
                finished.tryFail(read.failed() ? read.cause() : previous.cause());
                return;
            }
            List<Link> links = read.result();
            if (links.isEmpty()) {
                finished.tryComplete();
                return;
            }
            int n = links.size();
            long last = links.get(n - 1).id();
            Future<Void> write = session.add(links).onSuccess(w -> done.addAndGet(n));
            step(session, last, upTo, write, done, finished);
        }));
    }

    /** Whether {@code f} completed within {@code ms} (blocks the CLI's thread, never an event loop). */
    private static boolean waitFor(Future<?> f, long ms) {
        try {
            f.toCompletionStage().toCompletableFuture().get(ms, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** InnoDB's row estimate: instant, good enough for a progress bar; also proves the schema is there. */
    private long estimateRows() throws LoaderException {
        try {
            store.mysql().query("SELECT id FROM cligs LIMIT 0").execute().await();
        } catch (Exception e) { // await() rethrows checked failures (a TimeoutException) as they are
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
        } catch (Exception e) { // await() rethrows checked failures (a TimeoutException) as they are
            throw new LoaderException(system + " failed during the warm: " + e.getMessage(), e);
        }
    }
}
