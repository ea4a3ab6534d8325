#!/usr/bin/env bash
# cligs quickstart: build, start Redis and MariaDB when absent, generate a demo legacy dump,
# migrate, import and warm it with the loader, start the edge, and print curl commands to try.
#
#   ops/quickstart.sh          everything above (idempotent: run it again at will)
#   ops/quickstart.sh stop     stop the edge it started
#
# The demo lives in a database and a Redis prefix of its own (cligs_demo, cligs-demo:), so it never
# mixes with a real cligs database on the same servers; override with CLIG_MYSQL_URL/CLIG_REDIS_PREFIX.
# Variables: CLIG_EDGE_PORT (8080), CLIG_MYSQL_URL, CLIG_REDIS_URL, CLIG_REDIS_PREFIX as in README.md;
# QUICKSTART_CLIGS (2000) demo links; QUICKSTART_SKIP_BUILD=1 to reuse built jars.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run="$root/run"
mkdir -p "$run"
port="${CLIG_EDGE_PORT:-8080}"
export CLIG_EDGE_PORT="$port"
export CLIG_MYSQL_URL="${CLIG_MYSQL_URL:-mysql://root@127.0.0.1:3306/cligs_demo}"
export CLIG_REDIS_PREFIX="${CLIG_REDIS_PREFIX:-cligs-demo:}"
export CLIG_PUBLIC_BASE_URL="${CLIG_PUBLIC_BASE_URL:-http://127.0.0.1:$port}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }

stop_edge() {
  if [[ -f "$run/edge.pid" ]] && kill -0 "$(cat "$run/edge.pid")" 2>/dev/null; then
    kill "$(cat "$run/edge.pid")" && say "stopped the edge (pid $(cat "$run/edge.pid"))"
    for _ in $(seq 1 50); do kill -0 "$(cat "$run/edge.pid")" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$run/edge.pid"
}

if [[ "${1:-}" == "stop" ]]; then
  stop_edge
  exit 0
fi

command -v java >/dev/null || die "java (17+) is required"
command -v mvn >/dev/null || die "maven is required"

say "services: Redis and MariaDB"
ops/services.sh up

if [[ "${QUICKSTART_SKIP_BUILD:-0}" != "1" || ! -f edge/target/edge.jar || ! -f loader/target/loader.jar ]]; then
  say "build (mvn package, tests skipped here: the README's second command runs them)"
  mvn -B -ntp -q -DskipTests package
fi

demo="$run/demo"
if [[ ! -f "$demo/dump/MANIFEST" ]]; then
  say "generate a demo legacy dump (${QUICKSTART_CLIGS:-2000} cligs)"
  rm -rf "$demo" && mkdir -p "$demo"
  python3 ops/legacy/gen_legacy_dump.py "$demo/dump" --cligs "${QUICKSTART_CLIGS:-2000}" --seed 2009 \
    --expect "$demo/expect.tsv"
fi

loader=(java -jar loader/target/loader.jar)
say "loader migrate"
"${loader[@]}" migrate
say "loader import"
"${loader[@]}" import "$demo/dump" --rejects "$demo/rejects.tsv"
say "loader warm"
"${loader[@]}" warm

say "start the edge on 127.0.0.1:$port"
stop_edge
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
  die "something else already answers on port $port: stop it, or choose another port with CLIG_EDGE_PORT=..."
fi
nohup java -jar edge/target/edge.jar >"$run/edge.log" 2>&1 &
echo $! >"$run/edge.pid"
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/-/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$(cat "$run/edge.pid")" 2>/dev/null || { tail -n 40 "$run/edge.log"; die "the edge exited; log above"; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/-/health/ready" >/dev/null || { tail -n 40 "$run/edge.log"; die "the edge is not ready"; }

say "verify every demo link through the edge"
"${loader[@]}" verify "$demo/expect.tsv" --edge "http://127.0.0.1:$port"

expect="$demo/expect.tsv"
# the first case matching an awk condition: "slug<TAB>country<TAB>status<TAB>location"
pick() { awk -F'\t' "$1 { print; exit }" "$expect"; }
IFS=$'\t' read -r plain _ _ plain_loc < <(pick '$2=="*" && $3=="301" && length($4) < 100')
IFS=$'\t' read -r geo geocc _ geo_loc < <(pick '$3=="302" && ($2=="GB" || $2=="US" || $2=="SE")')
geo_default=$(awk -F'\t' -v s="$geo" '$1==s && $2=="*" { print $4; exit }' "$expect")
case "$geocc" in
  GB) geoip=2.125.160.217 ;;
  US) geoip=50.114.0.1 ;;
  SE) geoip=89.160.20.113 ;;
esac
IFS=$'\t' read -r gone _ _ _ < <(pick '$3=="410"')
b="http://127.0.0.1:$port"
cat <<EOT

cligs is up: the edge answers on $b (log: run/edge.log; stop it with ops/quickstart.sh stop).
Try these:

  # a link without Right Clig rules: 301, Cache-Control: private, max-age=90,
  # Location: $plain_loc
  curl -si $b/$plain | head -n 8

  # a link with Right Clig rules, visitor from no country in particular: 302 to the default target,
  # Cache-Control: private, max-age=0, Location: $geo_default
  curl -si $b/$geo | head -n 8

  # the same link, a visitor from $geocc through a trusted proxy ($geoip is $geocc in the test GeoIP
  # database; 127.0.0.1 is a trusted proxy by default): 302, Location: $geo_loc
  curl -si -H 'X-Forwarded-For: $geoip' $b/$geo | head -n 8

  # a disabled or deleted link: 410
  curl -si $b/$gone | head -n 4

  # an unknown slug: 404
  curl -si $b/no-such-slug | head -n 4

  # HEAD answers as GET without a body
  curl -sI $b/$plain

  # health and metrics
  curl -s $b/-/health/ready; echo
  curl -s $b/-/metrics | head -n 20

Expected answers for all ${QUICKSTART_CLIGS:-2000} demo links: $demo/expect.tsv (slug, country, status, Location).
EOT
