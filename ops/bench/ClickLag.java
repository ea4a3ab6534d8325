// Click-to-stats lag at a steady redirect rate, for ops/bench/clicks-lag.sh.
//
// Run (vertx-core and the MySQL client come from the edge's fat jar):
//   java -cp edge/target/edge.jar ops/bench/ClickLag.java edge=PORT db=NAME probe=/SLUG probeid=ID paths=FILE \
//        [rate=5000] [seconds=180] [probeevery=25] [out=PREFIX] [stopat=S stopcmd=CMD startat=S startcmd=CMD] [settle=300]
//
// An open-loop client: every 10 ms it sends the requests due for `rate` per second (never waiting for
// answers; at most 20,000 in flight), paths from FILE round-robin, every `probeevery`-th request to the
// probe link instead, and remembers when each probe request was sent. Every 100 ms it reads the probe's
// total from the rollups the stats API reads (SUM(clicks) FROM click_days WHERE link_id = probe). When the
// total has grown from a to b, the probe clicks a+1..b (in the order sent) became visible then: each one's
// lag is that time (when the read came back) minus when its request was sent. Both times are overstated by
// at most one round trip, so the lag is, if anything, overstated.
//
// With stopat/startat it runs CMD (through sh -c) at those seconds (the bench stops and restarts its
// Redis) and reports the lags of the clicks sent before, during and after that window, and how long after
// the restart the probe's total caught up with the probe clicks sent before the restart.
//
// After the load it waits (up to `settle` s) until SUM(clicks) over all links equals the redirects answered
// (minus the sum when it started): "counts exact". Output: a summary on stdout (key=value lines) and, with
// out=PREFIX, PREFIX-seconds.tsv (one line per second of load).

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class ClickLag {

  static final int MAX_IN_FLIGHT = 20_000;

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : argv) {
      int eq = s.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value, got " + s);
      }
      a.put(s.substring(0, eq), s.substring(eq + 1));
    }
    new ClickLag(a).run();
  }

  final int edgePort;
  final String db;
  final String probe;
  final long probeId;
  final String[] paths;
  final int rate;
  final int seconds;
  final int probeEvery;
  final String out;
  final int stopAt;
  final String stopCmd;
  final int startAt;
  final String startCmd;
  final int settle;

  final Vertx vertx = Vertx.vertx();
  HttpClientAgent client;
  Pool mysql;

  // the load (touched on the event loop of the timer and of the client's answers: atomics)
  final AtomicLong sent = new AtomicLong();
  final AtomicLong ok = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong inFlight = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();
  long[] probeSent = new long[1 << 16];
  volatile int probes;
  int pathIndex;
  long startNanos;
  long stopNanos = -1;
  long startedNanos = -1;

  // the sampler's view
  long probeBase;
  long allBase;
  int visible;
  final List<Double> lags = new ArrayList<>();
  final List<Integer> lagProbe = new ArrayList<>();
  volatile long caughtUpNanos = -1;
  volatile int probesBeforeRestart = -1;
  final List<String> seconds_ = new ArrayList<>();

  ClickLag(Map<String, String> a) throws IOException {
    edgePort = Integer.parseInt(req(a, "edge"));
    db = req(a, "db");
    probe = req(a, "probe");
    probeId = Long.parseLong(req(a, "probeid"));
    paths = Files.readAllLines(Path.of(req(a, "paths"))).stream().filter(p -> !p.isEmpty() && !p.equals(probe))
        .toArray(String[]::new);
    rate = Integer.parseInt(a.getOrDefault("rate", "5000"));
    seconds = Integer.parseInt(a.getOrDefault("seconds", "180"));
    probeEvery = Integer.parseInt(a.getOrDefault("probeevery", "25"));
    out = a.get("out");
    stopAt = Integer.parseInt(a.getOrDefault("stopat", "-1"));
    stopCmd = a.get("stopcmd");
    startAt = Integer.parseInt(a.getOrDefault("startat", "-1"));
    startCmd = a.get("startcmd");
    settle = Integer.parseInt(a.getOrDefault("settle", "300"));
    if (paths.length == 0) {
      throw new IllegalArgumentException("no paths");
    }
  }

  static String req(Map<String, String> a, String k) {
    String v = a.get(k);
    if (v == null) {
      throw new IllegalArgumentException("missing " + k + "=");
    }
    return v;
  }

  <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  long sum(String where, Tuple args) throws Exception {
    Row r = await(mysql.preparedQuery("SELECT CAST(COALESCE(SUM(clicks), 0) AS SIGNED) FROM click_days" + where)
        .execute(args)).iterator().next();
    return r.getLong(0);
  }

  void run() throws Exception {
    client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(edgePort)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
    mysql = MySQLBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(2))
        .connectingTo(new MySQLConnectOptions().setHost("127.0.0.1").setPort(3306).setUser("root").setDatabase(db))
        .using(vertx).build();

    // a quiet start: the rollups no longer move (earlier requests' clicks are all in)
    long last = -1;
    for (int i = 0; i < 60; i++) {
      long s = sum("", Tuple.tuple());
      if (s == last) {
        break;
      }
      last = s;
      Thread.sleep(1000);
    }
    allBase = sum("", Tuple.tuple());
    probeBase = sum(" WHERE link_id = ?", Tuple.of(probeId));
    System.out.println("base_all=" + allBase);
    System.out.println("base_probe=" + probeBase);

    startNanos = System.nanoTime();
    long loadTimer = vertx.setPeriodic(10, t -> sendDue());
    long sampleTimer = vertx.setPeriodic(100, t -> sample());
    long secondTimer = vertx.setPeriodic(1000, t -> second());
    boolean stopped = false;
    boolean started = false;
    while (true) {
      double el = (System.nanoTime() - startNanos) / 1e9;
      if (el >= seconds) {
        break;
      }
      if (stopCmd != null && !stopped && el >= stopAt) {
        stopped = true;
        stopNanos = System.nanoTime();
        System.out.println("stop_at_s=" + String.format("%.1f", el) + " rc=" + sh(stopCmd));
      }
      if (startCmd != null && !started && el >= startAt) {
        started = true;
        startedNanos = System.nanoTime();
        probesBeforeRestart = probes;
        System.out.println("start_at_s=" + String.format("%.1f", el) + " rc=" + sh(startCmd));
      }
      Thread.sleep(20);
    }
    vertx.cancelTimer(loadTimer);
    long loadEnd = System.nanoTime();
    for (int i = 0; i < 300 && inFlight.get() > 0; i++) {
      Thread.sleep(100);
    }
    vertx.cancelTimer(secondTimer);
    second();

    // counts exact: every answered redirect is in the rollups
    long exactNanos = -1;
    long all = -1;
    long deadline = System.nanoTime() + settle * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      all = sum("", Tuple.tuple()) - allBase;
      if (all >= ok.get()) {
        exactNanos = System.nanoTime();
        break;
      }
      Thread.sleep(100);
    }
    Thread.sleep(300);
    vertx.cancelTimer(sampleTimer);
    long finalAll = sum("", Tuple.tuple()) - allBase;
    long finalProbe = sum(" WHERE link_id = ?", Tuple.of(probeId)) - probeBase;

    double secs = (loadEnd - startNanos) / 1e9;
    System.out.printf("seconds=%.1f%n", secs);
    System.out.println("sent=" + sent.get());
    System.out.printf("rate=%.0f%n", sent.get() / secs);
    System.out.println("answered_redirects=" + ok.get());
    System.out.println("failed=" + failed.get());
    System.out.println("skipped_in_flight_cap=" + skipped.get());
    System.out.println("probe_clicks=" + probes);
    System.out.println("probe_visible=" + finalProbe);
    System.out.println("rollup_clicks=" + finalAll);
    System.out.println("counts_exact=" + (finalAll == ok.get() && finalProbe == probes));
    System.out.printf("exact_after_load_end_s=%s%n", exactNanos < 0 ? "never" : String.format("%.1f", (exactNanos - loadEnd) / 1e9));
    if (startedNanos > 0) {
      System.out.printf("exact_after_restart_s=%s%n", exactNanos < 0 ? "never" : String.format("%.1f", (exactNanos - startedNanos) / 1e9));
      System.out.printf("probe_backlog_visible_after_restart_s=%s%n",
          caughtUpNanos < 0 ? "never" : String.format("%.1f", (caughtUpNanos - startedNanos) / 1e9));
    }
    report("all", 0, Integer.MAX_VALUE);
    if (stopNanos > 0 && startedNanos > 0) {
      int before = firstSentAfter(stopNanos);
      int restart = firstSentAfter(startedNanos);
      report("before_stop", 0, before);
      report("while_down", before, restart);
      report("after_restart", restart, Integer.MAX_VALUE);
    }
    if (out != null) {
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(out + "-seconds.tsv")))) {
        w.println("second\tsent\tanswered\tfailed\tin_flight\tprobe_sent\tprobe_visible\tmax_lag_ms_seen");
        seconds_.forEach(w::println);
      }
    }
    client.close();
    mysql.close();
    vertx.close();
  }

  int firstSentAfter(long nanos) {
    int n = probes;
    for (int i = 0; i < n; i++) {
      if (probeSent[i] >= nanos) {
        return i;
      }
    }
    return n;
  }

  void report(String name, int from, int to) {
    List<Double> l = new ArrayList<>();
    for (int i = 0; i < lags.size(); i++) {
      int p = lagProbe.get(i);
      if (p >= from && p < to) {
        l.add(lags.get(i));
      }
    }
    double[] v = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      System.out.println("lag_" + name + "=none");
      return;
    }
    System.out.printf("lag_%s_ms: n=%d p50=%.0f p90=%.0f p99=%.0f max=%.0f%n", name, v.length, pct(v, 50), pct(v, 90),
        pct(v, 99), v[v.length - 1]);
  }

  static double pct(double[] v, double p) {
    int i = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return v[Math.max(0, Math.min(v.length - 1, i))];
  }

  static int sh(String cmd) {
    try {
      return new ProcessBuilder("sh", "-c", cmd).inheritIO().start().waitFor();
    } catch (Exception e) {
      System.out.println("command failed: " + e);
      return -1;
    }
  }

  // -------------------------------------------------------------- load

  void sendDue() {
    long due = (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
    while (sent.get() < due) {
      if (inFlight.get() >= MAX_IN_FLIGHT) {
        skipped.addAndGet(due - sent.get());
        sent.set(due);
        return;
      }
      long n = sent.incrementAndGet();
      String path;
      if (n % probeEvery == 0) {
        synchronized (this) {
          if (probes == probeSent.length) {
            probeSent = Arrays.copyOf(probeSent, probes * 2);
          }
          probeSent[probes] = System.nanoTime();
          probes++;
        }
        path = probe;
      } else {
        path = paths[pathIndex++ % paths.length];
      }
      inFlight.incrementAndGet();
      client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
              .putHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"))
          .compose(r -> r.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
          .onComplete(done -> {
            inFlight.decrementAndGet();
            if (done.succeeded() && done.result() >= 301 && done.result() <= 308) {
              ok.incrementAndGet();
            } else {
              failed.incrementAndGet();
            }
          });
    }
  }

  // -------------------------------------------------------------- sampling

  boolean sampling;
  double maxLagThisSecond;

  void sample() {
    if (sampling) {
      return;
    }
    sampling = true;
    mysql.preparedQuery("SELECT CAST(COALESCE(SUM(clicks), 0) AS SIGNED) FROM click_days WHERE link_id = ?")
        .execute(Tuple.of(probeId))
        .onComplete(done -> {
          sampling = false;
          if (done.failed()) {
            return;
          }
          long now = System.nanoTime();
          long total = done.result().iterator().next().getLong(0) - probeBase;
          int sentSoFar;
          synchronized (this) {
            sentSoFar = probes;
            while (visible < total && visible < sentSoFar) {
              double lag = (now - probeSent[visible]) / 1e6;
              lags.add(lag);
              lagProbe.add(visible);
              maxLagThisSecond = Math.max(maxLagThisSecond, lag);
              visible++;
            }
          }
          if (caughtUpNanos < 0 && probesBeforeRestart >= 0 && visible >= probesBeforeRestart) {
            caughtUpNanos = now;
          }
        });
  }

  synchronized void second() {
    long s = Math.round((System.nanoTime() - startNanos) / 1e9);
    seconds_.add(s + "\t" + sent.get() + "\t" + ok.get() + "\t" + failed.get() + "\t" + inFlight.get() + "\t" + probes
        + "\t" + visible + "\t" + String.format("%.0f", maxLagThisSecond));
    maxLagThisSecond = 0;
  }
}
