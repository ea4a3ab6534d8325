package io.cligs.store.link;

import io.cligs.core.link.Link;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one step that makes a link change visible: the links are written through to Redis
 * ({@link RedisLinks#store}), and the slugs whose value changed are published on the eviction channel,
 * so every running edge drops them and loads the new answer. Every writer ends with this step (the link
 * write of {@link LinkStore}, {@code loader warm}; later sync and rollback): nothing else writes link keys.
 *
 * <p>A writer of many links opens a {@link Session}: while it has changed at most
 * {@code flushThreshold} links their slugs are published as they are written; past that, one
 * {@link RedisLinks#evictAll} at {@link Session#finish()} replaces millions of messages. A write that
 * replaced a newer version of a link (a writer racing this one, or a key left from an earlier
 * database) is put right before the session finishes: the link is read again from MySQL, the truth,
 * written and published.
 */
public final class LinkPublisher {

    /** Default number of changed links above which a session publishes one flush instead of each slug. */
    public static final int DEFAULT_FLUSH_THRESHOLD = 10_000;

    /** Links read again from MySQL per query when correcting the ones Redis held newer. */
    static final int CORRECTION_CHUNK = 1000;

    /** What a publication did. */
    public record Published(long written, long unchanged, long corrected, long deleted, boolean flushed) {
        public long changed() {
            return written + corrected + deleted;
        }
    }

    private final RedisLinks redis;
    private final LinkReader mysql;
    private final int flushThreshold;

    public LinkPublisher(RedisLinks redis, LinkReader mysql) {
        this(redis, mysql, DEFAULT_FLUSH_THRESHOLD);
    }

    public LinkPublisher(RedisLinks redis, LinkReader mysql, int flushThreshold) {
        if (flushThreshold < 1) {
            throw new IllegalArgumentException("flushThreshold must be at least 1, was " + flushThreshold);
        }
        this.redis = redis;
        this.mysql = mysql;
        this.flushThreshold = flushThreshold;
    }

    /** Writes and publishes a few links (one session). */
    public Future<Published> publish(List<Link> links) {
        Session s = session();
        return s.add(links).compose(v -> s.finish());
    }

    public Session session() {
        return new Session();
    }

    /**
     * One writer's run over many links. {@link #add} and {@link #remove} may run concurrently (a writer
     * keeps several pages in flight); the counters are guarded by the session's lock. Call
     * {@link #finish()} once, after every other call completed.
     */
    public final class Session {
        private long written;
        private long unchanged;
        private long deleted;
        private long changedSeen;
        private boolean flush;
        private final List<String> replacedNewer = new ArrayList<>();

        private Session() {
        }

        /** Writes these links through and publishes the changed ones (unless past the threshold). */
        public Future<Void> add(List<Link> links) {
            return redis.store(links).compose(results -> announce(tally(links, results)));
        }

        private synchronized List<String> tally(List<Link> links, List<RedisLinks.Stored> results) {
            List<String> changed = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                switch (results.get(i)) {
                    case WRITTEN -> {
                        written++;
                        changed.add(links.get(i).slug().value());
                    }
                    case UNCHANGED -> unchanged++;
                    case REPLACED_NEWER -> replacedNewer.add(links.get(i).slug().value());
                }
            }
            return changed;
        }

        /** Deletes the keys of links MySQL no longer has, and publishes them. */
        public Future<Void> remove(Collection<String> slugs) {
            return redis.delete(slugs).compose(n -> {
                synchronized (this) {
                    deleted += n;
                }
                return announce(n == 0 ? List.of() : slugs);
            });
        }

        private Future<Void> announce(Collection<String> slugs) {
            boolean each;
            synchronized (this) {
                changedSeen += slugs.size();
                flush = flush || changedSeen > flushThreshold;
                each = !flush;
            }
            return each ? redis.evict(slugs) : Future.succeededFuture();
        }

        /** Puts right the links whose newer version a write replaced, then publishes the flush if one is due. */
        public Future<Published> finish() {
            return correctReplacedNewer().compose(corrected -> {
                synchronized (this) {
                    Published p = new Published(written, unchanged, corrected, deleted, flush);
                    return (p.flushed() ? redis.evictAll() : Future.<Void>succeededFuture()).map(v -> p);
                }
            });
        }

        private Future<Long> correctReplacedNewer() {
            List<String> slugs;
            synchronized (this) {
                slugs = new ArrayList<>(replacedNewer);
                replacedNewer.clear();
            }
            Future<Void> chain = Future.succeededFuture();
            for (int from = 0; from < slugs.size(); from += CORRECTION_CHUNK) {
                List<String> chunk = slugs.subList(from, Math.min(slugs.size(), from + CORRECTION_CHUNK));
                chain = chain.compose(v -> correct(chunk));
            }
            return chain.map(v -> (long) slugs.size());
        }

        private Future<Void> correct(List<String> slugs) {
            return mysql.bySlugs(slugs).compose(fresh -> {
                List<String> gone = new ArrayList<>();
                for (String s : slugs) {
                    if (!fresh.containsKey(s)) {
                        gone.add(s);
                    }
                }
                return redis.store(new ArrayList<>(fresh.values()))
                        .compose(r -> redis.delete(gone))
                        .compose(d -> announce(slugs));
            });
        }
    }
}
