#!/usr/bin/env bash
# ops/bench/edge-vs-nginx.sh: the edge's redirects, side by side on this machine, against
#   part 1: nginx answering the same redirects from an in-memory map (the ceiling for an HTTP
#           redirect here), wrk without pipelining;
#   part 2: BareServer (ops/bench/BareServer.java: Vert.x, a HashMap, 301 + Location, nothing
#           else), wrk pipelining 16 requests: the edge's own CPU cost per redirect.
# Every server runs pinned to CPU 0, wrk to CPU 1, all on 127.0.0.1. Runs alternate between
# the servers; the medians and ratios go into docs/PERFORMANCE.md between the markers
# <!-- edge-bench:start --> and <!-- edge-bench:end --> (the rest of the file is kept).
#
# Environment (all optional):
#   BENCH_SECONDS=15          length of one measured run
#   BENCH_WARMUP_SECONDS=8    Zipf warm-up per server and part, before the measured runs
#   BENCH_ROUNDS=3            measured runs per server and part (at least 2)
#   BENCH_LINKS=100000        links generated (ops/bench/gen_links.py)
#   BENCH_CONNECTIONS=64      wrk connections
#   BENCH_PIPELINE=16         requests per pipelined write in part 2
#   BENCH_PART1="nginx edge"  servers of part 1 (the first is the baseline of the ratios)
#   BENCH_PART2="bare edge"   servers of part 2 (the first is the baseline of the ratios);
#                             an empty value skips the part. Without the edge, e.g.
#                             BENCH_PART1="nginx bare" BENCH_PART2="bare" benchmarks the rest.
#   BENCH_DIR=/tmp/cligs-bench        generated data, logs, nginx prefix
#   BENCH_DB=cligs_bench              MySQL database for the edge (dropped and recreated)
#   BENCH_REDIS_PREFIX=bench:         Redis prefix for the edge (its keys are deleted)
#   BENCH_EDGE_PORT=28180 BENCH_NGINX_PORT=28181 BENCH_BARE_PORT=28182 (below the kernel's
#                             ephemeral range, where client connections could hold them)
#   BENCH_EDGE_JAR=edge/target/edge.jar
#   BENCH_BEFORE_JAR=                 another build of the edge (e.g. main's, before a change): the server
#                             "before" in BENCH_PART1/BENCH_PART2, on BENCH_BEFORE_PORT=28183, with the
#                             same variables as the edge, so a change is measured in the same run
#   BENCH_BARE_CP=<BENCH_EDGE_JAR>    classpath holding vertx-core for BareServer
#   BENCH_JAVA_OPTS="-Xms1g -Xmx1g"   JVM options of the edge and BareServer alike
#   BENCH_EDGE_CACHE_TTL_MS=3600000   the edge's Caffeine TTL (long: the runs measure cache hits)
# The edge gets CLIG_EDGE_HOST=127.0.0.1, CLIG_EDGE_PORT, CLIG_MYSQL_URL (the bench database),
# CLIG_REDIS_URL, CLIG_REDIS_PREFIX, CLIG_EDGE_CACHE_SIZE=200000, CLIG_EDGE_CACHE_TTL_MS and
# CLIG_EDGE_INSTANCES=1, CLIG_EDGE_MANAGEMENT_PORT=0 (any free port: the bench reads no metrics);
# everything else (clicks included) is left at its default.
#   BENCH_REPORT=docs/PERFORMANCE.md  where the results go
#   BENCH_MARKER=edge-bench   the report's section markers <!-- MARKER:start/end --> (another
#                             marker keeps another section: ops/bench/clicks-on-off.sh uses clicks-bench)
#   BENCH_TITLE=...           the report section's heading
#   BENCH_EDGEOFF_PORT=28184  port of "edgeoff", the edge with CLIG_CLICKS=off (a server of its own,
#                             so click emission on vs off can be measured in one run)
#   BENCH_REDIS_PORT=         when set, the script starts a redis-server of its own on this port
#                             (no persistence) for the edges, and deletes the click stream before
#                             every run, instead of using the shared Redis on 6379
# Both edges write their click journal under $BENCH_DIR/click-journal-<name>.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
INVOCATION="$0${*:+ $*}"

BENCH_SECONDS="${BENCH_SECONDS:-15}"
BENCH_WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-8}"
BENCH_ROUNDS="${BENCH_ROUNDS:-3}"
BENCH_LINKS="${BENCH_LINKS:-100000}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-64}"
BENCH_PIPELINE="${BENCH_PIPELINE:-16}"
BENCH_PART1="${BENCH_PART1-nginx edge}"
BENCH_PART2="${BENCH_PART2-bare edge}"
BENCH_DIR="${BENCH_DIR:-/tmp/cligs-bench}"
BENCH_DB="${BENCH_DB:-cligs_bench}"
BENCH_REDIS_PREFIX="${BENCH_REDIS_PREFIX:-bench:}"
BENCH_EDGE_PORT="${BENCH_EDGE_PORT:-28180}"
BENCH_NGINX_PORT="${BENCH_NGINX_PORT:-28181}"
BENCH_BARE_PORT="${BENCH_BARE_PORT:-28182}"
BENCH_EDGE_JAR="${BENCH_EDGE_JAR:-edge/target/edge.jar}"
BENCH_BEFORE_JAR="${BENCH_BEFORE_JAR:-}"
BENCH_BEFORE_PORT="${BENCH_BEFORE_PORT:-28183}"
BENCH_BARE_CP="${BENCH_BARE_CP:-$BENCH_EDGE_JAR}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms1g -Xmx1g}"
BENCH_EDGE_CACHE_TTL_MS="${BENCH_EDGE_CACHE_TTL_MS:-3600000}"
BENCH_REPORT="${BENCH_REPORT:-docs/PERFORMANCE.md}"
BENCH_MARKER="${BENCH_MARKER:-edge-bench}"
BENCH_TITLE="${BENCH_TITLE:-Edge redirects vs nginx and a bare Vert.x server}"
BENCH_EDGEOFF_PORT="${BENCH_EDGEOFF_PORT:-28184}"
BENCH_REDIS_PORT="${BENCH_REDIS_PORT:-}"
REDIS_PORT="${BENCH_REDIS_PORT:-6379}"

SERVER_CPU=0
CLIENT_CPU=1
DATA="$BENCH_DIR/data"
LOGS="$BENCH_DIR/logs"
RESULTS="$BENCH_DIR/results.tsv"
LUA="$ROOT/ops/bench/paths.lua"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

[[ "$BENCH_ROUNDS" =~ ^[0-9]+$ && "$BENCH_ROUNDS" -ge 2 ]] || die "BENCH_ROUNDS must be >= 2"
[[ "$BENCH_SECONDS" =~ ^[0-9]+$ && "$BENCH_SECONDS" -ge 1 ]] || die "BENCH_SECONDS must be a positive integer"
[[ "$BENCH_WARMUP_SECONDS" =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SECONDS must be an integer"
for s in $BENCH_PART1 $BENCH_PART2; do
  [[ "$s" == nginx || "$s" == edge || "$s" == edgeoff || "$s" == bare || "$s" == before ]] || die "unknown server '$s' (nginx, edge, edgeoff, bare, before)"
  [[ "$s" != before || -f "$BENCH_BEFORE_JAR" ]] || die "the server 'before' needs BENCH_BEFORE_JAR, an edge jar"
done
[[ -n "$BENCH_PART1$BENCH_PART2" ]] || die "both BENCH_PART1 and BENCH_PART2 are empty"
(($(nproc) >= 2)) || die "needs at least 2 CPUs (server on CPU $SERVER_CPU, wrk on CPU $CLIENT_CPU)"

uses() { [[ " $BENCH_PART1 $BENCH_PART2 " == *" $1 "* ]]; }
uses_edge() { uses edge || uses edgeoff; }

# ------------------------------------------------------------------ cleanup

declare -A PIDS=()
cleanup() {
  local rc=$? name pid i
  for name in "${!PIDS[@]}"; do
    pid=${PIDS[$name]}
    if kill -0 "$pid" 2>/dev/null; then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if uses_edge && command -v redis-cli >/dev/null 2>&1; then
    redis_clear_prefix || true
  fi
  if [[ -n "$BENCH_REDIS_PORT" ]] && command -v redis-cli >/dev/null 2>&1; then
    redis-cli -p "$BENCH_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ tools

APT_UPDATED=0
need() { # need BINARY PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $APT_UPDATED == 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  log "installing $2"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
  command -v "$1" >/dev/null 2>&1 || die "$1 still missing after installing $2"
}

need wrk wrk
need curl curl
need taskset util-linux
need ss iproute2
need python3 python3
uses nginx && need nginx nginx
if uses_edge || uses bare; then need java openjdk-17-jdk-headless; fi
NGINX_BIN=$(command -v nginx || true)

port_free() {
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  ! timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

redis_clear_prefix() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --scan --pattern "${BENCH_REDIS_PREFIX}*" |
    xargs -r -n 1000 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" unlink >/dev/null
}

# ------------------------------------------------------------------ data

mkdir -p "$DATA" "$LOGS"
: >"$RESULTS"
: >"$BENCH_DIR/background.tsv"
log "generating $BENCH_LINKS links into $DATA"
python3 ops/bench/gen_links.py --count "$BENCH_LINKS" --out "$DATA"
TSV="$DATA/links.tsv"
# the slug checked with curl before every run, and its target
CHECK_SLUG=$(head -n 1 "$DATA/paths-zipf.txt" | cut -c2-)
CHECK_TARGET=$(awk -F'\t' -v s="$CHECK_SLUG" '$2 == s { print $3; exit }' "$TSV")
[[ -n "$CHECK_TARGET" ]] || die "cannot find the target of $CHECK_SLUG in $TSV"

if uses_edge || uses before; then
  if [[ ! -f "$BENCH_EDGE_JAR" ]]; then
    log "$BENCH_EDGE_JAR missing: mvn -B -ntp -q -DskipTests package"
    mvn -B -ntp -q -DskipTests package
    [[ -f "$BENCH_EDGE_JAR" ]] || die "$BENCH_EDGE_JAR still missing after mvn package"
  fi
  bash ops/services.sh up
  log "database $BENCH_DB: dropping, recreating, applying core's migrations, loading links"
  mariadb --protocol=TCP -h127.0.0.1 -uroot -e \
    "DROP DATABASE IF EXISTS \`$BENCH_DB\`; CREATE DATABASE \`$BENCH_DB\` CHARACTER SET utf8mb4"
  mapfile -t MIGRATIONS < <(find core/src/main/resources/db/migration -name 'V*__*.sql' | sort -V)
  ((${#MIGRATIONS[@]} > 0)) || die "no migrations under core/src/main/resources/db/migration"
  for m in "${MIGRATIONS[@]}"; do
    log "  applying $m"
    mariadb --protocol=TCP -h127.0.0.1 -uroot "$BENCH_DB" <"$m"
  done
  mariadb --protocol=TCP -h127.0.0.1 -uroot --local-infile=1 "$BENCH_DB" -e \
    "LOAD DATA LOCAL INFILE '$TSV' INTO TABLE cligs FIELDS TERMINATED BY '\t' LINES TERMINATED BY '\n'
     (id, slug, target, status, created_at, updated_at, version)"
  loaded=$(mariadb --protocol=TCP -h127.0.0.1 -uroot -N "$BENCH_DB" -e 'SELECT COUNT(*) FROM cligs')
  [[ "$loaded" == "$BENCH_LINKS" ]] || die "loaded $loaded links into $BENCH_DB.cligs, expected $BENCH_LINKS"
  if [[ -n "$BENCH_REDIS_PORT" ]]; then
    port_free "$BENCH_REDIS_PORT" || die "port 127.0.0.1:$BENCH_REDIS_PORT (for the bench's Redis) is already in use"
    log "starting a redis-server of the bench's own on 127.0.0.1:$BENCH_REDIS_PORT"
    redis-server --port "$BENCH_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --dir "$BENCH_DIR" --pidfile "$BENCH_DIR/redis.pid" --logfile "$LOGS/redis.log"
    for ((i = 0; i < 100; i++)); do
      [[ "$(redis-cli -p "$BENCH_REDIS_PORT" ping 2>/dev/null)" == PONG ]] && break
      sleep 0.1
    done
  fi
  log "redis: deleting keys ${BENCH_REDIS_PREFIX}*"
  redis_clear_prefix
fi
if uses bare; then
  [[ -n "$BENCH_BARE_CP" ]] || die "BENCH_BARE_CP is empty"
  if [[ "$BENCH_BARE_CP" == "$BENCH_EDGE_JAR" && ! -f "$BENCH_EDGE_JAR" ]]; then
    log "$BENCH_EDGE_JAR missing (BareServer takes vertx-core from it): mvn -B -ntp -q -DskipTests package"
    mvn -B -ntp -q -DskipTests package
    [[ -f "$BENCH_EDGE_JAR" ]] || die "$BENCH_EDGE_JAR still missing after mvn package"
  fi
fi

# ------------------------------------------------------------------ servers

port_of() {
  case $1 in
    nginx) echo "$BENCH_NGINX_PORT" ;;
    edge) echo "$BENCH_EDGE_PORT" ;;
    before) echo "$BENCH_BEFORE_PORT" ;;
    bare) echo "$BENCH_BARE_PORT" ;;
    edgeoff) echo "$BENCH_EDGEOFF_PORT" ;;
  esac
}

log_of() { echo "$LOGS/$1.log"; }

# fail NAME MESSAGE: print the tail of the server's log, then stop everything
fail() {
  printf '[bench] --- last lines of %s ---\n' "$(log_of "$1")" >&2
  tail -n 40 "$(log_of "$1")" >&2 || true
  die "$1: $2"
}

# check NAME: one request for a known slug must answer 301 with the right Location
check() {
  local name=$1 port headers code location
  port=$(port_of "$name")
  headers=$(curl -sS -m 5 -o /dev/null -D - "http://127.0.0.1:$port/$CHECK_SLUG" | tr -d '\r') ||
    fail "$name" "curl http://127.0.0.1:$port/$CHECK_SLUG failed"
  code=$(awk 'NR == 1 { print $2 }' <<<"$headers")
  location=$(awk 'tolower($1) == "location:" { print $2 }' <<<"$headers")
  if [[ "$code" != 301 || "$location" != "$CHECK_TARGET" ]]; then
    printf '%s\n' "$headers" >&2
    fail "$name" "/$CHECK_SLUG answered $code Location '$location', expected 301 '$CHECK_TARGET'"
  fi
}

# listeners PORT: "pid command" of every process listening on the TCP port
listeners() {
  ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u |
    while read -r p; do printf '%s(%s) ' "$p" "$(cat "/proc/$p/comm" 2>/dev/null)"; done
}

# owns_port NAME: the port is served by the process we started (or, for nginx, its worker)
owns_port() {
  local name=$1 mine=${PIDS[$1]} p
  for p in $(ss -Hltnp "sport = :$(port_of "$name")" | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    [[ "$p" == "$mine" || "$(awk '{ print $4 }' "/proc/$p/stat" 2>/dev/null)" == "$mine" ]] || return 1
  done
}

wait_ready() { # wait_ready NAME URL SECONDS
  local name=$1 url=$2 secs=$3 i
  for ((i = 0; i < secs * 4; i++)); do
    if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
      tail -n 40 "$(log_of "$name")" >&2 || true
      die "$name exited during start-up (log: $(log_of "$name"))"
    fi
    if [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' "$url" || true) =~ ^(200|301)$ ]]; then
      owns_port "$name" || fail "$name" "something else answers on 127.0.0.1:$(port_of "$name"): $(listeners "$(port_of "$name")")"
      return 0
    fi
    sleep 0.25
  done
  tail -n 40 "$(log_of "$name")" >&2 || true
  die "$name not ready at $url within $secs s (log: $(log_of "$name"))"
}

start_nginx() {
  local prefix="$BENCH_DIR/nginx"
  mkdir -p "$prefix/logs"
  sed -e "s|@PREFIX@|$prefix|g" -e "s|@PORT@|$BENCH_NGINX_PORT|g" -e "s|@MAP@|$DATA/nginx-map.conf|g" \
    ops/bench/nginx.conf.template >"$prefix/nginx.conf"
  "$NGINX_BIN" -t -q -p "$prefix" -c "$prefix/nginx.conf" >"$(log_of nginx)" 2>&1 ||
    { cat "$(log_of nginx)" >&2; die "nginx -t failed for $prefix/nginx.conf"; }
  taskset -c "$SERVER_CPU" "$NGINX_BIN" -p "$prefix" -c "$prefix/nginx.conf" >>"$(log_of nginx)" 2>&1 &
  PIDS[nginx]=$!
  wait_ready nginx "http://127.0.0.1:$BENCH_NGINX_PORT/$CHECK_SLUG" 30
}

start_bare() {
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
  taskset -c "$SERVER_CPU" java $BENCH_JAVA_OPTS -cp "$BENCH_BARE_CP" ops/bench/BareServer.java \
    "$BENCH_BARE_PORT" "$TSV" >"$(log_of bare)" 2>&1 &
  PIDS[bare]=$!
  wait_ready bare "http://127.0.0.1:$BENCH_BARE_PORT/$CHECK_SLUG" 60
}

start_edge() { start_an_edge edge "$BENCH_EDGE_JAR" on; }
start_edgeoff() { start_an_edge edgeoff "$BENCH_EDGE_JAR" off; }
start_before() { start_an_edge before "$BENCH_BEFORE_JAR" on; }

start_an_edge() { # start_an_edge NAME JAR CLICKS
  local name=$1 jar=$2 clicks=$3
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
  CLIG_EDGE_HOST=127.0.0.1 \
    CLIG_EDGE_PORT="$(port_of "$name")" \
    CLIG_CLICKS="$clicks" \
    CLIG_EDGE_ID="bench-$name" \
    CLIG_VISITOR_SECRET="the bench's visitor secret" \
    CLIG_CLICK_JOURNAL_DIR="$BENCH_DIR/click-journal-$name" \
    CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/$BENCH_DB" \
    CLIG_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
    CLIG_REDIS_PREFIX="$BENCH_REDIS_PREFIX" \
    CLIG_EDGE_CACHE_SIZE=200000 \
    CLIG_EDGE_CACHE_TTL_MS="$BENCH_EDGE_CACHE_TTL_MS" \
    CLIG_EDGE_INSTANCES=1 \
    CLIG_EDGE_MANAGEMENT_PORT=0 \
    taskset -c "$SERVER_CPU" java $BENCH_JAVA_OPTS -jar "$jar" >"$(log_of "$name")" 2>&1 &
  PIDS[$name]=$!
  wait_ready "$name" "http://127.0.0.1:$(port_of "$name")/-/health/ready" 60
}

# ------------------------------------------------------------------ wrk

# cpu_ticks N: "busy total" jiffies of CPU N from /proc/stat
cpu_ticks() {
  awk -v c="cpu$1" '$1 == c { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat
}

CLK_TCK=$(getconf CLK_TCK)

# proc_ticks NAME: CPU clock ticks (user + system) used so far by the server process (all its
# threads) and its children (nginx's worker)
proc_ticks() {
  local pid=${PIDS[$1]} p t=0
  # shellcheck disable=SC2046 # a list of pids
  for p in "$pid" $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
    t=$((t + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}

# all_ticks: CPU ticks used so far by every server we started
all_ticks() {
  local n t=0
  for n in "${!PIDS[@]}"; do t=$((t + $(proc_ticks "$n"))); done
  echo "$t"
}

# settle: wait (up to 30 s) until our servers are idle, e.g. the edge has shipped the click
# events of the previous run, so that no server works while another one is measured
settle() {
  local i a b
  if [[ -n "$BENCH_REDIS_PORT" ]]; then
    # the bench's own Redis: the click stream of the last run is of no further use
    redis-cli -p "$BENCH_REDIS_PORT" --scan --pattern "${BENCH_REDIS_PREFIX}clicks:*" |
      xargs -r redis-cli -p "$BENCH_REDIS_PORT" unlink >/dev/null || true
  fi
  for ((i = 0; i < 30; i++)); do
    a=$(all_ticks)
    sleep 1
    b=$(all_ticks)
    if (((b - a) * 100 <= 5 * CLK_TCK)); then
      ((i == 0)) || log "  (waited $((i + 1)) s for the servers to go idle)"
      return 0
    fi
  done
  log "  WARNING: the servers still use $(((b - a) * 100 / CLK_TCK))% of a core while idle after 30 s"
}

# machine_busy: % of all CPUs busy over 2 s (taken while our servers are idle: anything else
# running on the machine skews the numbers)
machine_busy() {
  local a b c d
  read -r a b < <(awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  sleep 2
  read -r c d < <(awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  echo $(((c - a) * 100 / (d - b > 0 ? d - b : 1)))
}

# run_wrk NAME SECONDS PATHS PIPELINE CONNECTIONS OUT: runs wrk on CPU 1; prints
# "rps p50ms p90ms p99ms requests non3xx socket_errors cpu0% cpu1% server% server_us_per_request
#  idle_servers%" (the last: CPU used meanwhile by the other servers we started, % of a core)
run_wrk() {
  local name=$1 secs=$2 paths=$3 depth=$4 conns=$5 out=$6 port a0 a1 b0 b1 t0 t1 o0 o1
  port=$(port_of "$name")
  t0=$(proc_ticks "$name")
  o0=$(all_ticks)
  read -r a0 b0 < <(cpu_ticks "$SERVER_CPU")
  read -r a1 b1 < <(cpu_ticks "$CLIENT_CPU")
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$LUA" \
    "http://127.0.0.1:$port" -- "$paths" "$depth" >"$out" 2>&1 ||
    { cat "$out" >&2; fail "$name" "wrk failed"; }
  local c0 c1 d0 d1
  read -r c0 d0 < <(cpu_ticks "$SERVER_CPU")
  read -r c1 d1 < <(cpu_ticks "$CLIENT_CPU")
  t1=$(proc_ticks "$name")
  o1=$(all_ticks)
  awk -v others="$((o1 - o0 - (t1 - t0)))" -v ticks="$((t1 - t0))" -v hz="$CLK_TCK" -v secs="$secs" -v u0="$(((c0 - a0) * 100 / (d0 - b0 > 0 ? d0 - b0 : 1)))" \
    -v u1="$(((c1 - a1) * 100 / (d1 - b1 > 0 ? d1 - b1 : 1)))" '
    # wrk sometimes prints 0.00us for a percentile it could not compute (seen with pipelining):
    # that becomes -1, reported as n/a
    function ms(v) {
      if (v + 0 == 0) return -1
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    BEGIN { p50 = p90 = p99 = -1 }
    /^ +50%/ { p50 = ms($2) }
    /^ +90%/ { p90 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { reqs = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(/,/, ""); serr = $4 + $6 + $8 + $10 }
    END {
      if (rps == "") exit 1
      cpu = ticks / hz
      printf "%s %.3f %.3f %.3f %d %d %d %d %d %d %.2f %d\n", rps, p50, p90, p99, reqs, bad + 0, serr + 0, u0, u1,
        cpu * 100 / secs, (reqs > 0 ? cpu * 1e6 / reqs : 0), others * 100 / hz / secs
    }' "$out" || { cat "$out" >&2; die "cannot parse wrk output $out"; }
}

# warm_all NAME: request every slug at least once (so the edge holds all of them in Caffeine),
# pipelined, until one pass covers the whole list with only redirects.
warm_all() {
  local name=$1 pass secs=5 conns=16 line reqs bad need
  need=$((BENCH_LINKS + conns * BENCH_PIPELINE))
  for ((pass = 1; pass <= 6; pass++)); do
    line=$(run_wrk "$name" "$secs" "$DATA/paths-all.txt" "$BENCH_PIPELINE" "$conns" "$LOGS/$name-warm-all-$pass.txt")
    read -r _ _ _ _ reqs bad _ _ _ _ _ _ <<<"$line"
    log "  $name: warm-up pass $pass over all $BENCH_LINKS slugs: $reqs requests in ${secs}s, $bad not 2xx/3xx"
    if ((reqs >= need && bad == 0)); then
      return 0
    fi
    secs=$((secs * 2))
  done
  fail "$name" "could not request every slug once with only redirects (see $LOGS/$name-warm-all-*.txt)"
}

# ------------------------------------------------------------------ the parts

SERVERS=()
for s in nginx edgeoff edge before bare; do uses "$s" && SERVERS+=("$s"); done
for s in "${SERVERS[@]}"; do
  port=$(port_of "$s")
  port_free "$port" || die "port 127.0.0.1:$port (for $s) is already in use"
done
for s in "${SERVERS[@]}"; do
  log "starting $s on 127.0.0.1:$(port_of "$s") (CPU $SERVER_CPU, log $(log_of "$s"))"
  "start_$s"
  check "$s"
  warm_all "$s"
done

run_part() { # run_part PART PIPELINE SERVERS...
  local part=$1 depth=$2
  shift 2
  local servers=("$@") s r i line rps p50 p90 p99 reqs bad serr u0 u1 pcpu usper idle order busy
  for s in "${servers[@]}"; do
    if ((BENCH_WARMUP_SECONDS > 0)); then
      check "$s"
      line=$(run_wrk "$s" "$BENCH_WARMUP_SECONDS" "$DATA/paths-zipf.txt" "$depth" "$BENCH_CONNECTIONS" "$LOGS/$s-part$part-warmup.txt")
      read -r rps _ _ _ _ bad _ _ _ _ _ _ <<<"$line"
      log "  part $part: $s warm-up ${BENCH_WARMUP_SECONDS}s: $rps req/s"
      ((bad == 0)) || fail "$s" "$bad responses that are not 2xx/3xx during the warm-up (see $LOGS/$s-part$part-warmup.txt)"
    fi
  done
  settle
  busy=$(machine_busy)
  printf '%s\t%s\n' "$part" "$busy" >>"$BENCH_DIR/background.tsv"
  if ((busy > 10)); then
    log "  WARNING: the machine is ${busy}% busy with the servers idle: other processes will skew part $part"
  else
    log "  background load with the servers idle: ${busy}% of the machine"
  fi
  for ((r = 1; r <= BENCH_ROUNDS; r++)); do
    # alternate, and swap the order every round (A B, B A, A B, ...)
    order=("${servers[@]}")
    if ((r % 2 == 0)); then
      order=()
      for ((i = ${#servers[@]} - 1; i >= 0; i--)); do order+=("${servers[$i]}"); done
    fi
    for s in "${order[@]}"; do
      settle
      check "$s"
      line=$(run_wrk "$s" "$BENCH_SECONDS" "$DATA/paths-zipf.txt" "$depth" "$BENCH_CONNECTIONS" "$LOGS/$s-part$part-round$r.txt")
      read -r rps p50 p90 p99 reqs bad serr u0 u1 pcpu usper idle <<<"$line"
      log "  part $part round $r: $s $rps req/s, p50 ${p50/#-1.000/n\/a} ms, p90 ${p90/#-1.000/n\/a} ms, p99 ${p99/#-1.000/n\/a} ms;" \
        "$s used ${pcpu}% of a core, ${usper} µs CPU per redirect; CPU $SERVER_CPU ${u0}% busy, CPU $CLIENT_CPU (wrk) ${u1}%;" \
        "the idle servers ${idle}%"
      ((bad == 0)) || fail "$s" "$bad responses that are not 2xx/3xx (see $LOGS/$s-part$part-round$r.txt)"
      ((serr == 0)) || fail "$s" "wrk saw $serr socket errors (see $LOGS/$s-part$part-round$r.txt)"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$part" "$depth" "$r" "$s" "$rps" "$p50" "$p90" "$p99" "$reqs" "$u0" "$u1" "$pcpu" "$usper" "$idle" >>"$RESULTS"
    done
  done
}

read -r -a P1 <<<"$BENCH_PART1"
read -r -a P2 <<<"$BENCH_PART2"
if ((${#P1[@]} > 0)); then
  log "part 1: ${P1[*]}, wrk -c$BENCH_CONNECTIONS without pipelining, $BENCH_ROUNDS rounds of ${BENCH_SECONDS}s"
  run_part 1 1 "${P1[@]}"
fi
if ((${#P2[@]} > 0)); then
  log "part 2: ${P2[*]}, wrk -c$BENCH_CONNECTIONS pipelining $BENCH_PIPELINE, $BENCH_ROUNDS rounds of ${BENCH_SECONDS}s"
  run_part 2 "$BENCH_PIPELINE" "${P2[@]}"
fi

# ------------------------------------------------------------------ report

CPU_MODEL=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
VERSIONS="$(java -version 2>&1 | head -n 1 || true); $("${NGINX_BIN:-nginx}" -v 2>&1 || echo 'nginx: -'); $(wrk -v 2>&1 | head -n 1 || true)"
# shellcheck disable=SC2089,SC2090 # the quotes are meant literally: the command as printed
ENV_USED="BENCH_SECONDS=$BENCH_SECONDS BENCH_WARMUP_SECONDS=$BENCH_WARMUP_SECONDS BENCH_ROUNDS=$BENCH_ROUNDS BENCH_LINKS=$BENCH_LINKS BENCH_CONNECTIONS=$BENCH_CONNECTIONS BENCH_PIPELINE=$BENCH_PIPELINE BENCH_PART1=\"$BENCH_PART1\" BENCH_PART2=\"$BENCH_PART2\""
[[ "$BENCH_EDGE_JAR" == edge/target/edge.jar ]] || ENV_USED+=" BENCH_EDGE_JAR=$BENCH_EDGE_JAR"
[[ -z "$BENCH_BEFORE_JAR" ]] || ENV_USED+=" BENCH_BEFORE_JAR=$BENCH_BEFORE_JAR"
[[ "$BENCH_BARE_CP" == "$BENCH_EDGE_JAR" ]] || ENV_USED+=" BENCH_BARE_CP=<${#BENCH_BARE_CP}-character classpath>"
# shellcheck disable=SC2089
[[ "$BENCH_JAVA_OPTS" == "-Xms1g -Xmx1g" ]] || ENV_USED+=" BENCH_JAVA_OPTS=\"$BENCH_JAVA_OPTS\""
[[ "$BENCH_MARKER" == edge-bench ]] || ENV_USED+=" BENCH_MARKER=$BENCH_MARKER"
[[ -z "$BENCH_REDIS_PORT" ]] || ENV_USED+=" BENCH_REDIS_PORT=$BENCH_REDIS_PORT"
mkdir -p "$(dirname "$BENCH_REPORT")"
# shellcheck disable=SC2090
export BENCH_MARKER BENCH_TITLE BENCH_PART1 BENCH_PART2 BENCH_PIPELINE BENCH_SECONDS BENCH_WARMUP_SECONDS BENCH_LINKS \
  BENCH_CONNECTIONS BENCH_JAVA_OPTS CPU_MODEL VERSIONS ENV_USED INVOCATION SERVER_CPU CLIENT_CPU
python3 - "$RESULTS" "$BENCH_REPORT" "$BENCH_DIR/background.tsv" <<'PY'
import datetime, os, statistics, sys
E = os.environ
results, report, background = sys.argv[1], sys.argv[2], sys.argv[3]
bg = dict(l.rstrip("\n").split("\t") for l in open(background) if l.strip())
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
parts = {"1": E["BENCH_PART1"].split(), "2": E["BENCH_PART2"].split()}
names = {"nginx": "nginx (map)", "edge": "edge", "edgeoff": "edge, clicks off", "bare": "BareServer",
         "before": "edge before (BENCH_BEFORE_JAR)"}
marker = E["BENCH_MARKER"]
depth = E["BENCH_PIPELINE"]


def f3(v):
    return "n/a" if v is None else f"{v:.3f}"


out = []
w = out.append
w(f"<!-- {marker}:start -->")
w(f"## {E['BENCH_TITLE']}")
w("")
w("Written by `ops/bench/edge-vs-nginx.sh`; do not edit by hand, run it again.")
w("")
w(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
w(f"- machine: {os.cpu_count()} CPUs (`nproc`), {E['CPU_MODEL']}; Linux {os.uname().release}")
w(f"- versions: {E['VERSIONS']}")
w(f"- command: `{E['ENV_USED']} {E['INVOCATION']}`")
w(f"- each run: `taskset -c {E['CLIENT_CPU']} wrk -t1 -c{E['BENCH_CONNECTIONS']} -d{E['BENCH_SECONDS']}s --latency "
  f"-s ops/bench/paths.lua http://127.0.0.1:PORT -- paths-zipf.txt DEPTH` (DEPTH 1 in part 1, {depth} in part 2); "
  f"each server on CPU {E['SERVER_CPU']} (`taskset -c {E['SERVER_CPU']}`), the JVMs with `{E['BENCH_JAVA_OPTS']}`")
w(f"- data: {E['BENCH_LINKS']} links (`ops/bench/gen_links.py`, base62 slugs of 6-8 characters), requests "
  f"drawn Zipf(s=1.1) over them; before measuring, every slug was requested once (so all are Caffeine hits "
  f"in the edge) and each server had a {E['BENCH_WARMUP_SECONDS']} s warm-up; the rounds alternate between the servers")
w("- nginx: one worker, `access_log off`, `return 301 $target` from a `map`, with the edge's "
  "`Cache-Control` header and nginx's own built-in HTML body (about 160 bytes); BareServer: one Vert.x 5 "
  "event loop, a HashMap, 301 + Location and nothing else")
w("- checked: every response a redirect (wrk's non-2xx/3xx count 0, no socket errors), and before each run "
  "one `curl` per server answered 301 with the right `Location`")
w("")
for part, label in (("1", "no pipelining"), ("2", f"pipelining {depth}")):
    prows = [r for r in rows if r[0] == part]
    if not prows:
        continue
    servers = [s for s in parts[part] if any(r[3] == s for r in prows)]
    w(f"### Part {part}: {' vs '.join(names[s] for s in servers)}, {label}")
    w("")
    busy = int(bg.get(part, "0"))
    w(f"Background load just before the part, servers idle: {busy}% of the machine"
      + (" (**not quiet: other processes skewed these runs; run again on a quiet machine**)" if busy > 10 else "") + ".")
    w("")
    w("| round | server | req/s | p50 ms | p90 ms | p99 ms | server CPU µs / redirect | server CPU % of a core "
      f"| idle servers' CPU % | CPU {E['SERVER_CPU']} busy % | CPU {E['CLIENT_CPU']} (wrk) busy % |")
    w("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    def lat(v):
        return "n/a" if float(v) < 0 else v
    for r in prows:
        w(f"| {r[2]} | {names[r[3]]} | {float(r[4]):,.0f} | {lat(r[5])} | {lat(r[6])} | {lat(r[7])} | {r[12]} | {r[11]} | {r[13]} | {r[9]} | {r[10]} |")
    w("")
    med = {}
    w("| median | req/s | p50 ms | p90 ms | p99 ms | server CPU µs / redirect |")
    w("| --- | ---: | ---: | ---: | ---: | ---: |")
    for s in servers:
        sr = [r for r in prows if r[3] == s]
        def median(i):
            vals = [float(r[i]) for r in sr if float(r[i]) >= 0]
            return statistics.median(vals) if vals else None
        m = {k: median(i) for k, i in (("rps", 4), ("p50", 5), ("p90", 6), ("p99", 7), ("us", 12))}
        med[s] = m
        w(f"| {names[s]} | {m['rps']:,.0f} | {f3(m['p50'])} | {f3(m['p90'])} | {f3(m['p99'])} | {m['us']:.2f} |")
    w("")
    base = servers[0]
    for s in servers[1:]:
        w(f"- **{names[s]} / {names[base]}**: throughput {med[s]['rps'] / med[base]['rps']:.2f}x; "
          f"CPU per redirect {med[s]['us']:.2f} µs vs {med[base]['us']:.2f} µs "
          f"({med[s]['us'] / med[base]['us']:.2f}x, {med[s]['us'] - med[base]['us']:+.2f} µs); "
          f"p99 {f3(med[s]['p99'])} ms vs {f3(med[base]['p99'])} ms")
    if statistics.median(float(r[10]) for r in prows) >= 95:
        w("- wrk's own core was saturated too in these runs (wrk CPU %): the servers may have had some "
          "headroom left, so read the figures as lower bounds of their capacity; the ratio is the measure")
    w("")
w("Server CPU µs / redirect: user + system CPU time of the server's process (all threads; nginx: master + "
  "worker, from `/proc/<pid>/stat`) during the run, divided by the requests wrk completed: it holds even "
  "when the server's core is not saturated. The servers all run on one core, the others idle while one is "
  "measured (the script waits for them to settle; \"idle servers' CPU\" is what they used meanwhile), wrk on the other core. "
  f"With pipelining, wrk records one latency per batch of {depth}, from its write to its last response.")
w(f"<!-- {marker}:end -->")
section = "\n".join(out) + "\n"

if os.path.exists(report):
    text = open(report, encoding="utf-8").read()
else:
    text = ("# Performance\n\nEvery figure here is measured side by side in one run on the same machine, "
            "as a ratio, with the command that produced it.\n")
start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
i, j = text.find(start), text.find(end)
if i >= 0 and j > i:
    j += len(end)
    if text[j:j + 1] == "\n":
        j += 1
    text = text[:i] + section + text[j:]
else:
    text = text.rstrip("\n") + "\n\n" + section
with open(report, "w", encoding="utf-8") as f:
    f.write(text)
PY
log "results written to $BENCH_REPORT (raw: $RESULTS, wrk outputs: $LOGS)"
sed -n "/<!-- $BENCH_MARKER:start -->/,/<!-- $BENCH_MARKER:end -->/p" "$BENCH_REPORT"
