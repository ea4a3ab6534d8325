package io.cligs.loader;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work: a progress bar with rate and ETA on a terminal, else a plain line every
 * few seconds (logs of cron jobs and CI stay readable). Not thread-safe: one worker steps it.
 */
public abstract class Progress implements AutoCloseable {

    /** A bar when stdout is a terminal, else periodic lines on {@code out}. */
    public static Progress start(String task, long total, String unit, PrintWriter out) {
        if (System.console() != null && !"dumb".equals(System.getenv("TERM"))) {
            return new Bar(task, total, unit);
        }
        return new Lines(task, total, unit, out, System::nanoTime, Duration.ofSeconds(5));
    }

    /** Counts {@code n} more units done. */
    public abstract void step(long n);

    /**
     * A remark shown after the rate until replaced ({@code null} or empty: none), e.g. why the work
     * pauses; a plain-lines progress prints a line at once when the remark changes.
     */
    public abstract void note(String remark);

    @Override
    public abstract void close();

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total, String unit) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                    .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build();
        }

        @Override
        public void step(long n) {
            bar.stepBy(n);
        }

        @Override
        public void note(String remark) {
            bar.setExtraMessage(remark == null ? "" : remark);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Periodic plain lines; time is injected so that tests never sleep. */
    static final class Lines extends Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final PrintWriter out;
        private final LongSupplier nanos;
        private final long everyNanos;
        private final long started;
        private long lastPrint;
        private long done;
        private String remark = "";

        Lines(String task, long total, String unit, PrintWriter out, LongSupplier nanos, Duration every) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.out = out;
            this.nanos = nanos;
            this.everyNanos = every.toNanos();
            this.started = nanos.getAsLong();
            this.lastPrint = started;
        }

        @Override
        public void step(long n) {
            done += n;
            long now = nanos.getAsLong();
            if (now - lastPrint >= everyNanos) {
                lastPrint = now;
                out.println(line(now));
                out.flush();
            }
        }

        @Override
        public void note(String text) {
            String r = text == null ? "" : text;
            if (!r.equals(remark)) {
                remark = r;
                if (!r.isEmpty()) {
                    long now = nanos.getAsLong();
                    lastPrint = now;
                    out.println(line(now));
                    out.flush();
                }
            }
        }

        String line(long now) {
            double secs = Math.max(1e-9, (now - started) / 1e9);
            long rate = Math.round(done / secs);
            String eta = rate > 0 && total > done ? ", ETA " + formatSeconds((total - done) / (double) rate) : "";
            return String.format(java.util.Locale.ROOT, "%s: %d/%d %s (%d %s/s%s)%s", task, done, total, unit, rate, unit, eta,
                    remark.isEmpty() ? "" : " " + remark);
        }

        @Override
        public void close() {
        }

        private static String formatSeconds(double s) {
            long t = Math.round(s);
            return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
                    : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
        }
    }
}
