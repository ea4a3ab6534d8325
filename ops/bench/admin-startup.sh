#!/usr/bin/env bash
# The admin API's start-up and heap with the click aggregator on (Yauaa built at start, ADR 0015) vs off,
# alternating, BENCH_ROUNDS (3) rounds of each. Per run: ms from `java -jar` to /-/health/ready answering,
# ms to the aggregator's "aggregating" line (its analyzer built; on only), and the heap in use after a full GC
# (jcmd GC.run, then GC.heap_info) once it is there; the medians close the report.
#
#   flock /tmp/cligs-bench.lock ops/bench/admin-startup.sh
#
# Needs the built jars (mvn -B -ntp -q -pl admin-api,loader -am package -DskipTests), the local MariaDB and
# Redis, and jcmd. Its database and Redis prefix (cligs_bench_startup, cligs-bench-startup:) are dropped after.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rounds="${BENCH_ROUNDS:-3}"; port="${BENCH_API_PORT:-18593}"
export CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/cligs_bench_startup"
export CLIG_REDIS_PREFIX="cligs-bench-startup:"
export CLIG_ADMIN_HOST=127.0.0.1 CLIG_ADMIN_PORT="$port"
work=$(mktemp -d /tmp/admin-startup-XXXXXX)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  mariadb -u root -e "DROP DATABASE IF EXISTS cligs_bench_startup" || true
  redis-cli --scan --pattern 'cligs-bench-startup:*' | xargs -r -n 500 redis-cli UNLINK >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for jar in admin-api/target/admin-api.jar loader/target/loader.jar; do
  [[ -f "$jar" ]] || { echo "$jar missing: mvn -B -ntp -q -pl admin-api,loader -am package -DskipTests" >&2; exit 1; }
done
mariadb -u root -e "DROP DATABASE IF EXISTS cligs_bench_startup; CREATE DATABASE cligs_bench_startup"
java -jar loader/target/loader.jar migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(java -version 2>&1 | head -1), admin-api.jar $(git rev-parse --short HEAD)"
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="off on"; else order="on off"; fi
  for agg in $order; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(now_ms)
    CLIG_AGGREGATOR=$agg java -jar admin-api/target/admin-api.jar >"$work/api.log" 2>&1 & pid=$!
    ready=""; aggregating=""
    for _ in $(seq 1 1200); do
      [[ -z "$ready" ]] && curl -fs "http://127.0.0.1:$port/-/health/ready" >/dev/null 2>&1 && ready=$(( $(now_ms) - start ))
      [[ -z "$aggregating" ]] && grep -q "aggregating" "$work/api.log" && aggregating=$(( $(now_ms) - start ))
      [[ -n "$ready" && ( "$agg" == off || -n "$aggregating" ) ]] && break
      kill -0 "$pid" 2>/dev/null || { cat "$work/api.log" >&2; exit 1; }
      sleep 0.1
    done
    [[ -n "$ready" ]] || { echo "not ready in 120 s" >&2; exit 1; }
    jcmd "$pid" GC.run >/dev/null
    used_kb=$(jcmd "$pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
    echo "aggregator=$agg ready_ms=$ready aggregating_ms=${aggregating:--} heap_mb=$(( used_kb / 1024 )) (load before: $load)"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
done | tee "$work/runs.txt"
echo "## medians"
python3 - "$work/runs.txt" <<'PY'
import statistics, sys
rows = [dict(kv.split("=") for kv in l.split()[:4]) for l in open(sys.argv[1]) if l.startswith("aggregator=")]
for agg in ("off", "on"):
    rs = [r for r in rows if r["aggregator"] == agg]
    med = lambda k: statistics.median(float(r[k]) for r in rs if r[k] != "-") if any(r[k] != "-" for r in rs) else float("nan")
    print("aggregator=%-3s ready_ms=%.0f aggregating_ms=%.0f heap_mb=%.0f (runs: %d)"
          % (agg, med("ready_ms"), med("aggregating_ms"), med("heap_mb"), len(rs)))
PY
