#!/usr/bin/env bash
# ops/bench/clicks-lag.sh: the click pipeline end to end at a steady redirect rate (issue 10):
#   run 1: click-to-stats lag: BENCH_RATE redirects/s for BENCH_SECONDS through a running edge (clicks
#          on) and a running admin API (aggregator on); every BENCH_PROBE_EVERY-th request goes to a
#          probe link, and every 100 ms ops/bench/ClickLag.java reads the probe's total from the rollups
#          the stats API reads (click_days): lag = when a click shows there - when its request was sent;
#   run 2: Redis down for BENCH_OUTAGE_SECONDS at that rate: the bench's own Redis is shut down
#          (SHUTDOWN SAVE, so the stream and the consumer group survive, as with a persistent Redis)
#          BENCH_OUTAGE_AT s into the load and started again; every second the edge's RSS, its heap
#          (jstat) and its journal (bytes on disk, events from the edge's metrics) are sampled; after
#          the restart: how long until the journal is replayed, and until the rollups hold exactly one
#          click per redirect answered.
# Everything of its own: database BENCH_DB, a redis-server on BENCH_REDIS_PORT (never the shared 6379),
# ports, BENCH_DIR. Results go into docs/PERFORMANCE.md between <!-- clicks-lag:start --> and
# <!-- clicks-lag:end -->. Run it under `flock /tmp/cligs-bench.lock` on a shared machine.
#
# Environment (all optional):
#   BENCH_RATE=5000 BENCH_SECONDS=180 BENCH_PROBE_EVERY=25
#   BENCH_OUTAGE_SECONDS=60 BENCH_OUTAGE_AT=30 BENCH_AFTER_SECONDS=90 (load after the restart)
#   BENCH_LINKS=1000 BENCH_DIR=/tmp/cligs-clicks-lag BENCH_DB=cligs_clicks_lag BENCH_REDIS_PREFIX=clicklag:
#   BENCH_REDIS_PORT=28690 BENCH_EDGE_PORT=28680 BENCH_ADMIN_PORT=28681
#   BENCH_EDGE_JAR=edge/target/edge.jar BENCH_ADMIN_JAR=admin-api/target/admin-api.jar
#   BENCH_JAVA_OPTS="-Xms256m -Xmx1g" (edge and admin API)  BENCH_REPORT=docs/PERFORMANCE.md
#   BENCH_SKIP_STEADY=1 / BENCH_SKIP_OUTAGE=1 skip a run
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
INVOCATION="$0${*:+ $*}"

BENCH_RATE="${BENCH_RATE:-5000}"
BENCH_SECONDS="${BENCH_SECONDS:-180}"
BENCH_PROBE_EVERY="${BENCH_PROBE_EVERY:-25}"
BENCH_OUTAGE_SECONDS="${BENCH_OUTAGE_SECONDS:-60}"
BENCH_OUTAGE_AT="${BENCH_OUTAGE_AT:-30}"
BENCH_AFTER_SECONDS="${BENCH_AFTER_SECONDS:-90}"
BENCH_LINKS="${BENCH_LINKS:-1000}"
BENCH_DIR="${BENCH_DIR:-/tmp/cligs-clicks-lag}"
BENCH_DB="${BENCH_DB:-cligs_clicks_lag}"
BENCH_REDIS_PREFIX="${BENCH_REDIS_PREFIX:-clicklag:}"
BENCH_REDIS_PORT="${BENCH_REDIS_PORT:-28690}"
BENCH_EDGE_PORT="${BENCH_EDGE_PORT:-28680}"
BENCH_ADMIN_PORT="${BENCH_ADMIN_PORT:-28681}"
BENCH_EDGE_JAR="${BENCH_EDGE_JAR:-edge/target/edge.jar}"
BENCH_ADMIN_JAR="${BENCH_ADMIN_JAR:-admin-api/target/admin-api.jar}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms256m -Xmx1g}"
BENCH_REPORT="${BENCH_REPORT:-docs/PERFORMANCE.md}"
BENCH_SKIP_STEADY="${BENCH_SKIP_STEADY:-0}"
BENCH_SKIP_OUTAGE="${BENCH_SKIP_OUTAGE:-0}"
MARKER=clicks-lag

[[ "$BENCH_REDIS_PORT" != 6379 ]] || { echo "BENCH_REDIS_PORT must not be the shared 6379" >&2; exit 1; }

DATA="$BENCH_DIR/data"
LOGS="$BENCH_DIR/logs"
JOURNAL="$BENCH_DIR/journal"
REDIS_DIR="$BENCH_DIR/redis"

log() { printf '[clicks-lag %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[clicks-lag] ERROR: %s\n' "$*" >&2; exit 1; }

declare -A PIDS=()
cleanup() {
  local rc=$? name pid i
  for name in "${!PIDS[@]}"; do
    pid=${PIDS[$name]}
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  redis-cli -p "$BENCH_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for b in java wrk curl redis-server redis-cli mariadb python3 jstat; do
  command -v "$b" >/dev/null || die "$b is missing"
done
port_free() { ! timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }
for p in "$BENCH_REDIS_PORT" "$BENCH_EDGE_PORT" "$BENCH_ADMIN_PORT"; do
  port_free "$p" || die "port 127.0.0.1:$p is in use"
done
if [[ ! -f "$BENCH_EDGE_JAR" || ! -f "$BENCH_ADMIN_JAR" ]]; then
  log "building the jars: mvn -B -ntp -q -pl edge,admin-api -am package -DskipTests"
  mvn -B -ntp -q -pl edge,admin-api -am package -DskipTests
fi

rm -rf "$BENCH_DIR"
mkdir -p "$DATA" "$LOGS" "$JOURNAL" "$REDIS_DIR"
# copies: a rebuild during the run must not change the jars under running JVMs
cp "$BENCH_EDGE_JAR" "$BENCH_DIR/edge.jar" && BENCH_EDGE_JAR="$BENCH_DIR/edge.jar"
cp "$BENCH_ADMIN_JAR" "$BENCH_DIR/admin-api.jar" && BENCH_ADMIN_JAR="$BENCH_DIR/admin-api.jar"
python3 ops/bench/gen_links.py --count "$BENCH_LINKS" --out "$DATA" >/dev/null
TSV="$DATA/links.tsv"
# the probe: the first link; the load: every other link, Zipf-drawn (ClickLag leaves the probe out of it)
read -r PROBE_ID PROBE_SLUG < <(awk -F'\t' 'NR == 1 { print $1, $2 }' "$TSV")

log "database $BENCH_DB: recreating, core's migrations, $BENCH_LINKS links"
mariadb --protocol=TCP -h127.0.0.1 -uroot -e \
  "DROP DATABASE IF EXISTS \`$BENCH_DB\`; CREATE DATABASE \`$BENCH_DB\` CHARACTER SET utf8mb4"
while read -r m; do
  mariadb --protocol=TCP -h127.0.0.1 -uroot "$BENCH_DB" <"$m"
done < <(find core/src/main/resources/db/migration -name 'V*__*.sql' | sort -V)
mariadb --protocol=TCP -h127.0.0.1 -uroot --local-infile=1 "$BENCH_DB" -e \
  "LOAD DATA LOCAL INFILE '$TSV' INTO TABLE cligs FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n'
   (id, slug, target, status, created_at, updated_at, version)"

REDIS_CMD=(redis-server --port "$BENCH_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes
  --dir "$REDIS_DIR" --dbfilename dump.rdb --pidfile "$REDIS_DIR/redis.pid" --logfile "$LOGS/redis.log")
redis_up() {
  "${REDIS_CMD[@]}"
  for ((i = 0; i < 100; i++)); do
    [[ "$(redis-cli -p "$BENCH_REDIS_PORT" ping 2>/dev/null)" == PONG ]] && return 0
    sleep 0.1
  done
  die "redis-server on $BENCH_REDIS_PORT did not start"
}
log "redis-server of its own on 127.0.0.1:$BENCH_REDIS_PORT"
redis_up

common_env() {
  export CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/$BENCH_DB"
  export CLIG_REDIS_URL="redis://127.0.0.1:$BENCH_REDIS_PORT/0"
  export CLIG_REDIS_PREFIX="$BENCH_REDIS_PREFIX"
}

wait_url() { # wait_url NAME URL SECONDS
  for ((i = 0; i < $3 * 4; i++)); do
    kill -0 "${PIDS[$1]}" 2>/dev/null || { tail -n 30 "$LOGS/$1.log" >&2; die "$1 exited"; }
    [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' "$2" || true) == 200 ]] && return 0
    sleep 0.25
  done
  tail -n 30 "$LOGS/$1.log" >&2
  die "$1 not ready at $2"
}

log "starting the edge on 127.0.0.1:$BENCH_EDGE_PORT (clicks on, journal $JOURNAL)"
(
  common_env
  # shellcheck disable=SC2086 # a list of options
  CLIG_EDGE_HOST=127.0.0.1 CLIG_EDGE_PORT="$BENCH_EDGE_PORT" CLIG_CLICKS=on CLIG_EDGE_ID=clicklag \
    CLIG_VISITOR_SECRET="the clicks-lag bench's visitor secret" CLIG_CLICK_JOURNAL_DIR="$JOURNAL" \
    CLIG_EDGE_INSTANCES=1 CLIG_EDGE_MANAGEMENT_HOST=127.0.0.1 CLIG_EDGE_MANAGEMENT_PORT=0 \
    exec java $BENCH_JAVA_OPTS -jar "$BENCH_EDGE_JAR" >"$LOGS/edge.log" 2>&1
) &
PIDS[edge]=$!
wait_url edge "http://127.0.0.1:$BENCH_EDGE_PORT/-/health/ready" 60
MGMT_PORT=$(grep -o 'edge management listening on [^ ]*' "$LOGS/edge.log" | tail -n 1 | sed 's/.*://')
[[ -n "$MGMT_PORT" ]] || die "cannot find the edge's management port in $LOGS/edge.log"

log "starting the admin API on 127.0.0.1:$BENCH_ADMIN_PORT (aggregator on)"
(
  common_env
  # shellcheck disable=SC2086 # a list of options
  CLIG_ADMIN_HOST=127.0.0.1 CLIG_ADMIN_PORT="$BENCH_ADMIN_PORT" CLIG_AGGREGATOR=on \
    exec java $BENCH_JAVA_OPTS -jar "$BENCH_ADMIN_JAR" >"$LOGS/admin.log" 2>&1
) &
PIDS[admin]=$!
wait_url admin "http://127.0.0.1:$BENCH_ADMIN_PORT/-/health/ready" 60

log "warming the edge's cache: every link once"
wrk -t1 -c4 -d3s -s ops/bench/paths.lua "http://127.0.0.1:$BENCH_EDGE_PORT" -- "$DATA/paths-all.txt" 1 >/dev/null

machine_busy() {
  local a b c d
  read -r a b < <(awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  sleep 2
  read -r c d < <(awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  echo $(((c - a) * 100 / (d - b > 0 ? d - b : 1)))
}

lag() { # lag OUT_PREFIX ARGS...: ClickLag's summary into OUT_PREFIX.txt
  local prefix=$1
  shift
  java -cp "$BENCH_EDGE_JAR" ops/bench/ClickLag.java edge="$BENCH_EDGE_PORT" db="$BENCH_DB" probe="/$PROBE_SLUG" \
    probeid="$PROBE_ID" paths="$DATA/paths-zipf.txt" rate="$BENCH_RATE" probeevery="$BENCH_PROBE_EVERY" \
    out="$prefix" "$@" | tee "$prefix.txt"
}

EDGE_PID=${PIDS[edge]}
proc_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)

STEADY_BUSY=n/a
if [[ "$BENCH_SKIP_STEADY" != 1 ]]; then
  STEADY_BUSY=$(machine_busy)
  STEADY_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  log "run 1: $BENCH_RATE redirects/s for $BENCH_SECONDS s (background load: $STEADY_BUSY% of the machine, load average $STEADY_LOAD)"
  e0=$(proc_ticks "$EDGE_PID"); a0=$(proc_ticks "${PIDS[admin]}")
  lag "$BENCH_DIR/steady" seconds="$BENCH_SECONDS"
  e1=$(proc_ticks "$EDGE_PID"); a1=$(proc_ticks "${PIDS[admin]}")
  STEADY_EDGE_CPU=$(((e1 - e0) * 100 / CLK_TCK / BENCH_SECONDS))
  STEADY_ADMIN_CPU=$(((a1 - a0) * 100 / CLK_TCK / BENCH_SECONDS))
fi

OUTAGE_BUSY=n/a
if [[ "$BENCH_SKIP_OUTAGE" != 1 ]]; then
  OUTAGE_BUSY=$(machine_busy)
  OUTAGE_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
  total=$((BENCH_OUTAGE_AT + BENCH_OUTAGE_SECONDS + BENCH_AFTER_SECONDS))
  log "run 2: $BENCH_RATE redirects/s for $total s, Redis down from $BENCH_OUTAGE_AT s for $BENCH_OUTAGE_SECONDS s (background load: $OUTAGE_BUSY%, load average $OUTAGE_LOAD)"
  # one line a second: epoch s, edge RSS kB, journal bytes on disk, journal events (the edge's metric)
  (
    while kill -0 "$EDGE_PID" 2>/dev/null; do
      rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$EDGE_PID/status")
      bytes=$(du -sb "$JOURNAL" | cut -f1)
      events=$(curl -s -m 1 "http://127.0.0.1:$MGMT_PORT/-/metrics" | awk '$1 == "cligs_edge_click_journal_events" { print $2 }')
      printf '%s\t%s\t%s\t%s\n' "$(date +%s.%N)" "$rss" "$bytes" "${events:-?}"
      sleep 1
    done
  ) >"$BENCH_DIR/outage-samples.tsv" &
  PIDS[sampler]=$!
  date +%s.%N >"$BENCH_DIR/jstat.start"
  jstat -gc "$EDGE_PID" 1000 >"$BENCH_DIR/outage-jstat.txt" &
  PIDS[jstat]=$!
  date +%s.%N >"$BENCH_DIR/outage.start"
  lag "$BENCH_DIR/outage" seconds="$total" stopat="$BENCH_OUTAGE_AT" startat="$((BENCH_OUTAGE_AT + BENCH_OUTAGE_SECONDS))" \
    stopcmd="date +%s.%N >$BENCH_DIR/redis.stopped; redis-cli -p $BENCH_REDIS_PORT shutdown save" \
    startcmd="date +%s.%N >$BENCH_DIR/redis.started; ${REDIS_CMD[*]@Q}" settle=600
  sleep 3
  kill "${PIDS[sampler]}" "${PIDS[jstat]}" 2>/dev/null || true
fi

# ------------------------------------------------------------------ report

val() { awk -F= -v k="$2" '$1 == k { print $2 }' "$1"; }
line() { grep -E "^$2" "$1" | sed 's/^[^:]*: //' || echo n/a; }

{
  echo "<!-- $MARKER:start -->"
  echo "## Click pipeline end to end: click-to-stats lag, and Redis down for ${BENCH_OUTAGE_SECONDS} s"
  echo
  echo "Written by \`ops/bench/clicks-lag.sh\`; do not edit by hand, run it again."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "- command: \`flock /tmp/cligs-bench.lock $INVOCATION\` with BENCH_RATE=$BENCH_RATE BENCH_SECONDS=$BENCH_SECONDS BENCH_PROBE_EVERY=$BENCH_PROBE_EVERY BENCH_OUTAGE_SECONDS=$BENCH_OUTAGE_SECONDS BENCH_OUTAGE_AT=$BENCH_OUTAGE_AT BENCH_AFTER_SECONDS=$BENCH_AFTER_SECONDS BENCH_LINKS=$BENCH_LINKS"
  echo "- setup: one edge (clicks on, \`CLIG_EDGE_INSTANCES=1\`, journal on local disk) and one admin API (aggregator on, defaults: \`CLIG_AGGREGATOR_BATCH=2000\`, \`CLIG_AGGREGATOR_BLOCK_MS=1000\`), JVMs \`$BENCH_JAVA_OPTS\`, a redis-server of the bench's own (port $BENCH_REDIS_PORT), the shared MariaDB; nothing pinned; the load from \`ops/bench/ClickLag.java\` (an open-loop Vert.x client on the same machine), $BENCH_LINKS links Zipf-drawn, every ${BENCH_PROBE_EVERY}th request to a probe link"
  echo "- lag: per probe click, (first 100 ms read of \`SUM(clicks) FROM click_days\` for the probe that counts it, timed when the read returned) − (when its request was sent); the rollups are what the stats API reads"
  echo
  if [[ "$BENCH_SKIP_STEADY" != 1 ]]; then
    f="$BENCH_DIR/steady.txt"
    echo "### Run 1: click-to-stats lag at a steady $BENCH_RATE redirects/s for $BENCH_SECONDS s"
    echo
    echo "Background load before the run: $STEADY_BUSY% of the machine (load average $STEADY_LOAD)."
    echo
    echo "| redirects/s sent | answered | failed | probe clicks | lag p50 / p90 / p99 / max (ms) | counts exact | edge CPU % of a core | admin API CPU % |"
    echo "| ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |"
    lagl=$(line "$f" "lag_all_ms")
    echo "| $(val "$f" rate) | $(val "$f" answered_redirects) | $(val "$f" failed) | $(val "$f" probe_clicks) | $lagl | $(val "$f" counts_exact) ($(val "$f" exact_after_load_end_s) s after the load) | $STEADY_EDGE_CPU | $STEADY_ADMIN_CPU |"
    echo
  fi
  if [[ "$BENCH_SKIP_OUTAGE" != 1 ]]; then
    f="$BENCH_DIR/outage.txt"
    stopped=$(cat "$BENCH_DIR/redis.stopped")
    started=$(cat "$BENCH_DIR/redis.started")
    echo "### Run 2: Redis down for $BENCH_OUTAGE_SECONDS s at $BENCH_RATE redirects/s"
    echo
    echo "Background load before the run: $OUTAGE_BUSY% of the machine (load average $OUTAGE_LOAD). Redis stopped (\`SHUTDOWN SAVE\`) $BENCH_OUTAGE_AT s into the load, started again $BENCH_OUTAGE_SECONDS s later; the load ran $BENCH_AFTER_SECONDS s more."
    echo
    python3 - "$BENCH_DIR" "$stopped" "$started" <<'PY'
import sys
d, stopped, started = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = []
for l in open(d + "/outage-samples.tsv"):
    p = l.split("\t")
    if len(p) < 4:
        continue
    t, rss, b, ev = float(p[0]), int(p[1] or 0), int(p[2] or 0), p[3].strip()
    rows.append((t, rss, b, ev))
# heap used (S0U+S1U+EU+OU, kB) from jstat -gc, one line a second from jstat.start
t0 = float(open(d + "/jstat.start").read())
heap = []
hdr = None
for l in open(d + "/outage-jstat.txt"):
    p = l.split()
    if not p:
        continue
    if p[0] == "S0C":
        hdr = p
        continue
    v = dict(zip(hdr, p))
    heap.append(float(v["S0U"]) + float(v["S1U"]) + float(v["EU"]) + float(v["OU"]))
heapt = [(t0 + i, h) for i, h in enumerate(heap)]
def phase(t):
    return "before" if t < stopped else "down" if t < started else "after"
def stats(name):
    r = [x for x in rows if phase(x[0]) == name]
    h = [x[1] for x in heapt if phase(x[0]) == name]
    return r, h
print("| phase | seconds | edge RSS MB (min / max) | heap used MB (max; old gen after GC) | journal on disk MB (max) | journal events (max) |")
print("| --- | ---: | --- | --- | ---: | ---: |")
for name in ("before", "down", "after"):
    r, h = stats(name)
    if not r:
        continue
    ev = [int(x[3]) for x in r if x[3].isdigit()]
    print("| %s | %d | %.0f / %.0f | %.0f | %.1f | %s |" % (
        {"before": "before the stop", "down": "Redis down", "after": "after the restart"}[name], len(r),
        min(x[1] for x in r) / 1024, max(x[1] for x in r) / 1024, (max(h) / 1024) if h else float("nan"),
        max(x[2] for x in r) / 1e6, max(ev) if ev else "?"))
after = [x for x in rows if x[0] >= started]
empty = next((x for x in after if x[3] == "0"), None)
print()
print("- journal replayed (the edge's `cligs_edge_click_journal_events` back to 0): %s after Redis answered again" % (
    "%.0f s" % (empty[0] - started) if empty else "not within the run"))
down = [x for x in rows if stopped <= x[0] < started]
if len(down) > 2 and down[-1][0] > down[0][0]:
    print("- while down, the journal grew by %.2f MB/s on disk" % ((down[-1][2] - down[0][2]) / 1e6 / (down[-1][0] - down[0][0])))
PY
    echo "- rollups exact (every answered redirect counted once): $(val "$f" counts_exact), $(val "$f" exact_after_restart_s) s after Redis was started again ($(val "$f" exact_after_load_end_s) s after the load ended); the probe's backlog from before the restart was all visible $(val "$f" probe_backlog_visible_after_restart_s) s after the restart"
    echo "- redirects: $(val "$f" rate)/s sent, $(val "$f" answered_redirects) answered, $(val "$f" failed) failed (the edge kept redirecting from its cache while Redis was down)"
    echo "- lag (ms) of the probe clicks sent before the stop: $(line "$f" lag_before_stop_ms); while Redis was down: $(line "$f" lag_while_down_ms); after the restart: $(line "$f" lag_after_restart_ms)"
    echo
  fi
  echo "<!-- $MARKER:end -->"
} >"$BENCH_DIR/report.md"

python3 - "$BENCH_REPORT" "$BENCH_DIR/report.md" "$MARKER" <<'PY'
import sys, re
path, new, marker = sys.argv[1], open(sys.argv[2]).read().rstrip("\n"), sys.argv[3]
text = open(path).read()
start, end = "<!-- %s:start -->" % marker, "<!-- %s:end -->" % marker
if start in text and end in text:
    text = text[:text.index(start)] + new + text[text.index(end) + len(end):]
else:
    text = text.rstrip("\n") + "\n\n" + new + "\n"
open(path, "w").write(text)
PY
log "report: $BENCH_DIR/report.md, written into $BENCH_REPORT"
cat "$BENCH_DIR/report.md"
