#!/usr/bin/env bash
# cligs quickstart: build, start Redis and MariaDB when absent, generate a demo legacy dump,
# migrate, import and warm it with the loader, start the edge and the admin API, and print curl
# commands to try (an account, a key, a clig, and a visit of it through the edge).
#
#   ops/quickstart.sh               everything above (idempotent: run it again at will)
#   ops/quickstart.sh stop          stop the edge and admin API it started (and Redis/MariaDB if it started them)
#   ops/quickstart.sh stop --clean  the same, then drop the demo database and delete the demo's
#                                   Redis keys (its own prefix only)
#
# The demo lives in a database and a Redis prefix of its own (cligs_demo, cligs-demo:), so it never
# mixes with a real cligs database on the same servers; override with CLIG_MYSQL_URL/CLIG_REDIS_PREFIX
# (`stop --clean` then drops only a database and a prefix whose names contain "demo").
# Variables: CLIG_EDGE_PORT (8080), CLIG_EDGE_HOST (127.0.0.1 here: the demo is not exposed),
# CLIG_ADMIN_PORT (8081), CLIG_ADMIN_HOST (127.0.0.1 here),
# CLIG_MYSQL_URL, CLIG_REDIS_URL, CLIG_REDIS_PREFIX as in README.md;
# QUICKSTART_CLIGS (2000) demo links; QUICKSTART_SKIP_BUILD=1 to reuse built jars.
# Colours only on a terminal; the build's output goes to run/build.log.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run="$root/run"
mkdir -p "$run"
port="${CLIG_EDGE_PORT:-8080}"
export CLIG_EDGE_PORT="$port"
export CLIG_EDGE_HOST="${CLIG_EDGE_HOST:-127.0.0.1}"
admin_port="${CLIG_ADMIN_PORT:-8081}"
export CLIG_ADMIN_PORT="$admin_port"
export CLIG_ADMIN_HOST="${CLIG_ADMIN_HOST:-127.0.0.1}"
export CLIG_MYSQL_URL="${CLIG_MYSQL_URL:-mysql://root@127.0.0.1:3306/cligs_demo}"
export CLIG_REDIS_URL="${CLIG_REDIS_URL:-redis://127.0.0.1:6379/0}"
export CLIG_REDIS_PREFIX="${CLIG_REDIS_PREFIX:-cligs-demo:}"

if [[ -t 1 ]]; then
  say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
else
  say() { printf '==> %s\n' "$*"; }
  export NO_COLOR=1 TERM=dumb   # the loader's progress bar and any other tool: plain lines
fi
die() { printf 'quickstart: %s\n' "$*" >&2; exit 1; }
# strip terminal escapes (Maven 3.8 writes some even with -B) from what we show of a log
plain() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g'; }

# stop_server NAME WHAT: stops the server whose pid is in run/NAME.pid, if it runs
stop_server() {
  if [[ -f "$run/$1.pid" ]] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; then
    kill "$(cat "$run/$1.pid")" && say "stopped $2 (pid $(cat "$run/$1.pid"))"
    for _ in $(seq 1 100); do kill -0 "$(cat "$run/$1.pid")" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; then
      kill -KILL "$(cat "$run/$1.pid")" && say "$2 did not stop within 10 s: killed"
    fi
  fi
  rm -f "$run/$1.pid"
}
stop_edge() { stop_server edge "the edge"; rm -f "$run/edge.addr"; }
stop_admin() { stop_server admin "the admin API"; }


# launch NAME WHAT JAR SAYS: starts a server jar in the background (pid in run/NAME.pid, log in run/NAME.log),
# waits until it logs "SAYS listening on HOST:PORT" (the bound port, also with port 0) and answers
# /-/health/ready; sets launched_bound (HOST:PORT) and launched_url (how to reach it)
launch() {
  local name="$1" what="$2" jar="$3" says="$4" log="$run/$1.log" pid="$run/$1.pid" reach
  nohup java -jar "$jar" >"$log" 2>&1 &
  echo $! >"$pid"
  launched_bound=""
  for _ in $(seq 1 120); do
    launched_bound=$(grep -o "$says listening on [^ ]*" "$log" 2>/dev/null | tail -n 1 | sed "s/^$says listening on //") || true
    [[ -n "$launched_bound" ]] && break
    kill -0 "$(cat "$pid")" 2>/dev/null || { tail -n 40 "$log" | plain; die "$what exited; log above"; }
    sleep 0.5
  done
  [[ -n "$launched_bound" ]] || { tail -n 40 "$log" | plain; die "$what did not say where it listens; log above"; }
  case "${launched_bound%:*}" in
    0.0.0.0|::|"[::]"|"") reach=127.0.0.1 ;;   # every address: reach it on loopback
    *:*) reach="[${launched_bound%:*}]" ;;
    *) reach="${launched_bound%:*}" ;;
  esac
  launched_url="http://$reach:${launched_bound##*:}"
  for _ in $(seq 1 60); do
    curl -fsS "$launched_url/-/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "$launched_url/-/health/ready" >/dev/null || { tail -n 40 "$log" | plain; die "$what at $launched_url is not ready"; }
}

# port_busy HOST PORT: true when something accepts TCP connections there
port_busy() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# clean: drop the demo database and delete the demo's Redis keys, as recorded by the run that made them
clean_demo() {
  [[ -f "$run/quickstart.env" ]] && . "$run/quickstart.env"
  local url="${CLIG_MYSQL_URL#*://}" userinfo hostport db user pass host mport
  userinfo="${url%%@*}"; url="${url#*@}"
  hostport="${url%%/*}"; db="${url#*/}"; db="${db%%\?*}"
  user="${userinfo%%:*}"; pass=""; [[ "$userinfo" == *:* ]] && pass="${userinfo#*:}"
  host="${hostport%%:*}"; mport=3306; [[ "$hostport" == *:* ]] && mport="${hostport##*:}"
  if [[ "$db" != *demo* || "$CLIG_REDIS_PREFIX" != *demo* ]]; then
    die "stop --clean drops only a demo's data: database '$db' and prefix '$CLIG_REDIS_PREFIX' must both contain 'demo'"
  fi
  MYSQL_PWD="$pass" mariadb --protocol=TCP -h "$host" -P "$mport" -u "$user" -e "DROP DATABASE IF EXISTS \`$db\`" \
    || die "cannot drop database $db"
  say "dropped database $db"
  local pattern keys n
  pattern=$(printf '%s' "$CLIG_REDIS_PREFIX" | sed 's/[][*?\\]/\\&/g')'*'
  keys="$run/clean-keys"
  redis-cli -u "$CLIG_REDIS_URL" --scan --pattern "$pattern" >"$keys"   # SCAN, never KEYS or FLUSH*
  n=$(wc -l <"$keys")
  xargs -r -d '\n' -n 500 redis-cli -u "$CLIG_REDIS_URL" UNLINK <"$keys" >/dev/null
  rm -f "$keys"
  say "deleted $n Redis keys under '$CLIG_REDIS_PREFIX'"
}

if [[ "${1:-}" == "stop" ]]; then
  [[ -z "${2:-}" || "${2:-}" == "--clean" ]] || die "unknown option ${2}: ops/quickstart.sh stop [--clean]"
  stop_edge
  stop_admin
  if [[ "${2:-}" == "--clean" ]]; then
    clean_demo   # before the services stop: it needs them
    rm -rf "$run/demo" "$run/quickstart.env"
  fi
  if [[ -f "$run/services-started" ]]; then
    ops/services.sh down && rm -f "$run/services-started"
  fi
  exit 0
fi
[[ -z "${1:-}" ]] || die "unknown command $1: ops/quickstart.sh [stop [--clean]]"

command -v java >/dev/null || die "java (17+) is required"
command -v mvn >/dev/null || die "maven is required"

# the port first: a busy port found after a minute of build and import is a minute lost
# (busy with the edge of our own last run on this port is fine: it is replaced below)
if port_busy "$CLIG_EDGE_HOST" "$port" && ! { [[ -f "$run/edge.pid" ]] && kill -0 "$(cat "$run/edge.pid")" 2>/dev/null \
    && [[ "$(cat "$run/edge.addr" 2>/dev/null)" == *":$port" ]]; }; then
  die "something already listens on $CLIG_EDGE_HOST:$port: stop it, or choose another port with CLIG_EDGE_PORT=..."
fi

if port_busy "$CLIG_ADMIN_HOST" "$admin_port" && ! { [[ -f "$run/admin.pid" ]] && kill -0 "$(cat "$run/admin.pid")" 2>/dev/null; }; then
  die "something already listens on $CLIG_ADMIN_HOST:$admin_port: stop it, or choose another port with CLIG_ADMIN_PORT=..."
fi

say "services: Redis and MariaDB"
if ! ops/services.sh status >/dev/null 2>&1; then
  ops/services.sh up
  touch "$run/services-started"   # `stop` stops them again (services.sh down stops only what it started)
else
  ops/services.sh up
fi
printf 'CLIG_MYSQL_URL=%q\nCLIG_REDIS_URL=%q\nCLIG_REDIS_PREFIX=%q\n' \
  "$CLIG_MYSQL_URL" "$CLIG_REDIS_URL" "$CLIG_REDIS_PREFIX" >"$run/quickstart.env"

if [[ "${QUICKSTART_SKIP_BUILD:-0}" != "1" || ! -f edge/target/edge.jar || ! -f loader/target/loader.jar \
    || ! -f admin-api/target/admin-api.jar ]]; then
  say "build (mvn package, tests skipped here: the README's second command runs them; log: run/build.log)"
  mvn -B -ntp -q -Dstyle.color=never -DskipTests package >"$run/build.log" 2>&1 \
    || { tail -n 40 "$run/build.log" | plain >&2; die "the build failed; log above"; }
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

say "start the edge"
stop_edge
if port_busy "$CLIG_EDGE_HOST" "$port"; then
  die "something already listens on $CLIG_EDGE_HOST:$port: stop it, or choose another port with CLIG_EDGE_PORT=..."
fi
launch edge "the edge" edge/target/edge.jar "edge"
b="$launched_url"; bound="$launched_bound"; bound_host="${bound%:*}"; bound_port="${bound##*:}"
echo "$bound" >"$run/edge.addr"
# the management port (metrics, readiness details; ADR 0011), logged as "edge management listening on HOST:PORT ..."
mgmt_port=$(grep -o 'edge management listening on [^ ]*' "$run/edge.log" | tail -n 1 | sed 's/.*://' || true)
m="http://127.0.0.1:${mgmt_port:-8082}"
say "the edge listens on $bound_host:$bound_port (ready)"

say "verify every demo link through the edge"
"${loader[@]}" verify "$demo/expect.tsv" --edge "$b"

say "start the admin API"
stop_admin
if port_busy "$CLIG_ADMIN_HOST" "$admin_port"; then
  die "something already listens on $CLIG_ADMIN_HOST:$admin_port: stop it, or choose another port with CLIG_ADMIN_PORT=..."
fi
export CLIG_PUBLIC_BASE_URL="$b"
launch admin "the admin API" admin-api/target/admin-api.jar "admin-api"
a="$launched_url"; abound="$launched_bound"
say "the admin API listens on $abound (ready); its OpenAPI document: $a/api/v3/openapi.json"
# the click aggregator builds its user agent parser in the background (a few seconds): wait for it, so the
# stats curl below counts the demo clicks at once (clicks sent before would wait in the stream, not be lost)
if [[ "${CLIG_AGGREGATOR:-on}" != "off" ]]; then
  for _ in $(seq 1 120); do
    grep -q 'aggregating .* click stream' "$run/admin.log" && break
    sleep 0.5
  done
  grep -q 'aggregating .* click stream' "$run/admin.log" \
    && say "the click aggregator runs" \
    || say "the click aggregator is not running yet (see run/admin.log); stats will lag until it does"
fi

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
cat <<EOT

cligs is up: the edge listens on $bound_host:$bound_port and answers on $b; the admin API on $a
(logs: run/edge.log, run/admin.log; stop both with ops/quickstart.sh stop, and drop the demo's data
with stop --clean). Try these:

  # the admin API: create an account, log in, make an API key, create a clig, follow it through the edge
  curl -s -X POST $a/api/v3/accounts -H 'Content-Type: application/json' \\
       -d '{"username":"demo","email":"demo@example.com","password":"demo-password-1"}'; echo
  TOKEN=\$(curl -s -X POST $a/api/v3/sessions -H 'Content-Type: application/json' \\
       -d '{"username":"demo","password":"demo-password-1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  KEY=\$(curl -s -X POST $a/api/v3/keys -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
       -d '{"name":"quickstart"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
  SLUG=\$(curl -s -X POST $a/api/v3/cligs -H "Authorization: Bearer \$KEY" -H 'Content-Type: application/json' \\
       -d '{"target":"https://example.com/hello","title":"Hello"}' | sed 's/.*"slug":"\([^"]*\)".*/\1/')
  curl -si $b/\$SLUG | head -n 4          # 301, Location: https://example.com/hello
  # three more demo clicks (from GB, the US and Sweden, through the trusted local proxy), then the
  # link's stats: the aggregator counts a click within a couple of seconds (bots apart: curl is one)
  for ip in 2.125.160.217 50.114.0.1 89.160.20.113; do
    curl -s -o /dev/null -A 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' -H "X-Forwarded-For: \$ip" $b/\$SLUG
  done
  sleep 3; curl -s "$a/api/v3/cligs/\$SLUG/stats" -H "Authorization: Bearer \$KEY"; echo
  curl -s "$a/api/v3/cligs/\$SLUG/stats?include_bots=true" -H "Authorization: Bearer \$KEY"; echo
  # every call and field: $a/api/v3/openapi.json (admin-api/README.md lists them)

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

  # health: UP or DOWN on the public port; details and metrics on the management port (loopback)
  curl -s $b/-/health/ready; echo
  curl -s $m/-/health/ready; echo
  curl -s $m/-/metrics | head -n 20

Expected answers for all ${QUICKSTART_CLIGS:-2000} demo links: $demo/expect.tsv (slug, country, status, Location).
A short Gatling run against this edge (load-tests/README.md):
  mvn -B -ntp -pl load-tests -am -DskipTests -Dexpect=$demo/expect.tsv -DbaseUrl=$b -Drps=50 -Dseconds=5 verify
EOT
