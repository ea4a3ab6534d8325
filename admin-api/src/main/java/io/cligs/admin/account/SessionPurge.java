package io.cligs.admin.account;

import io.cligs.store.account.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired sessions, 10,000 rows at a time, on the admin API's 10-second timer: every 360th tick
 * (about hourly), and at once again while a batch came back full, so a backlog drains without one long
 * delete holding locks. Confined to the timer's context.
 */
public final class SessionPurge {

    private static final Logger LOG = LoggerFactory.getLogger(SessionPurge.class);
    static final int BATCH = 10_000;
    static final int TICKS_BETWEEN = 360;

    private final SessionStore sessions;
    private int ticks;
    private boolean running;

    public SessionPurge(SessionStore sessions) {
        this.sessions = sessions;
    }

    /** One tick of the timer. */
    public void tick() {
        if (running || ticks++ % TICKS_BETWEEN != 0) {
            return;
        }
        running = true;
        sessions.purgeExpired(BATCH).onComplete(done -> {
            running = false;
            if (done.failed()) {
                LOG.warn("purging expired sessions failed (tried again in an hour): {}", String.valueOf(done.cause()));
            } else if (done.result() == BATCH) {
                ticks = 0; // a full batch: more are waiting, go again on the next tick
            } else if (done.result() > 0) {
                LOG.info("purged {} expired sessions", done.result());
            }
        });
    }
}
