#!/usr/bin/env bash
# Creates per second through the admin API (POST /api/v3/cligs with an API key: validation,
# authentication, rate limits, one transaction with its history row, Redis write-through, publication)
# beside a bare Vert.x handler doing the single INSERT through a pool of the same size
# (ops/bench/BareInsertServer.java), with 64 concurrent clients (wrk -t1 -c64), alternating rounds.
# Also p50/p99 of an authenticated GET /api/v3/cligs/{slug}.
#
#   ops/bench/admin-creates.sh            BENCH_SECONDS (10) per run, BENCH_ROUNDS (3)
#
# Needs the built jars (mvn -B -ntp -q -DskipTests package), wrk, the local MariaDB and Redis. It uses a
# database and a Redis prefix of its own (cligs_bench_admin, cligs-bench-admin:) and drops them after.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
secs="${BENCH_SECONDS:-10}"; rounds="${BENCH_ROUNDS:-3}"
api_port="${BENCH_API_PORT:-18591}"; bare_port="${BENCH_BARE_PORT:-18592}"
export CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/cligs_bench_admin"
export CLIG_REDIS_PREFIX="cligs-bench-admin:"
export CLIG_ADMIN_HOST=127.0.0.1 CLIG_ADMIN_PORT="$api_port"
export CLIG_RATE_WRITES_PER_MIN=10000000 CLIG_RATE_READS_PER_MIN=10000000
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  mariadb -u root -e "DROP DATABASE IF EXISTS cligs_bench_admin" || true
  redis-cli --scan --pattern 'cligs-bench-admin:*' | xargs -r -n 500 redis-cli UNLINK >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for jar in admin-api/target/admin-api.jar loader/target/loader.jar; do
  [[ -f "$jar" ]] || { echo "$jar missing: mvn -B -ntp -q -DskipTests package" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }

java -jar loader/target/loader.jar migrate >/dev/null
java -jar admin-api/target/admin-api.jar >"$work/api.log" 2>&1 & pids+=($!)
java -cp admin-api/target/admin-api.jar ops/bench/BareInsertServer.java "$bare_port" 127.0.0.1 3306 cligs_bench_admin \
  >"$work/bare.log" 2>&1 & pids+=($!)
a="http://127.0.0.1:$api_port"
for _ in $(seq 1 120); do curl -fs "$a/-/health/ready" >/dev/null 2>&1 && grep -q listening "$work/bare.log" && break; sleep 0.5; done
curl -fs "$a/-/health/ready" >/dev/null && grep -q listening "$work/bare.log" \
  || { tail -n 20 "$work/api.log" "$work/bare.log" >&2; echo "the servers did not start" >&2; exit 1; }
curl -fs -X POST "$a/api/v3/accounts" -H 'Content-Type: application/json' \
  -d '{"username":"bench","email":"bench@example.com","password":"bench-password"}' >/dev/null
token=$(curl -fs -X POST "$a/api/v3/sessions" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
key=$(curl -fs -X POST "$a/api/v3/keys" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
slug=$(curl -fs -X POST "$a/api/v3/cligs" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"target":"https://example.com/read"}' | sed 's/.*"slug":"\([^"]*\)".*/\1/')

run() {  # run NAME URL KEY -> "req/s p50 p99"
  BENCH_KEY="$3" wrk -t1 -c64 -d"${secs}s" --latency -s ops/bench/create.lua "$2" >"$work/$1.out"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.out")
  p50=$(awk '$1=="50%" {print $2}' "$work/$1.out"); p99=$(awk '$1=="99%" {print $2}' "$work/$1.out")
  if grep -q "Non-2xx" "$work/$1.out"; then echo "$1: non-2xx answers:" >&2; cat "$work/$1.out" >&2; exit 1; fi
  echo "$rps $p50 $p99"
}
echo "warm-up (JIT)"; run api "$a/api/v3/cligs" "$key" >/dev/null; run bare "http://127.0.0.1:$bare_port/" "" >/dev/null
printf '%-6s %-10s %-12s %-10s %-10s\n' round server "creates/s" p50 p99
for r in $(seq 1 "$rounds"); do
  for s in api bare; do
    if [[ $s == api ]]; then out=$(run api "$a/api/v3/cligs" "$key"); else out=$(run bare "http://127.0.0.1:$bare_port/" ""); fi
    printf '%-6s %-10s %-12s %-10s %-10s\n' "$r" "$s" $out
  done
done
echo "authenticated GET /api/v3/cligs/{slug}:"
wrk -t1 -c64 -d"${secs}s" --latency -H "Authorization: Bearer $key" "$a/api/v3/cligs/$slug" \
  | awk '/Requests\/sec/ {print "  reads/s " $2} $1=="50%" {print "  p50 " $2} $1=="99%" {print "  p99 " $2}'
