#!/usr/bin/env bash
# ops/bench/analytics-bench.sh: `loader analytics` (the legacy click log to the click stream) side by side
# on this machine, in one run, against
#   gunzip:  `gunzip -c clicks.tsv.gz > /dev/null` (the floor: decompressing the same file);
#   resp:    the loader writing the same XADDs as RESP to a file (read, parse, convert, hash, encode; no Redis);
#   pipe:    `redis-cli --pipe` of that file (Redis taking the same XADDs at its own best);
#   loader:  the loader sending to Redis (--max-backlog 0: no aggregator runs, nothing pauses).
# The aggregator's own rate is ops/bench/aggregator.sh's; with it running, the loader goes no faster than
# it drains (--max-backlog). Results go into docs/PERFORMANCE.md between <!-- analytics-bench:start -->
# and <!-- analytics-bench:end --> (the rest of the file is kept). Run it under
# `flock /tmp/cligs-bench.lock` so no other benchmark overlaps.
#
# Environment (all optional):
#   BENCH_CLICKS=1000000      clicks in the dump (gen_legacy_dump.py --clicks)
#   BENCH_CLIGS=100000        cligs in the dump (imported first: clicks of cligs not in MySQL are rejects)
#   BENCH_SEED=2009
#   BENCH_DIR=/tmp/cligs-analytics-bench   the dump is cached here
#   BENCH_DB=analyticsbench                scratch database (dropped first and after)
#   BENCH_REDIS_PREFIX=analyticsbench:     Redis prefix (its keys are deleted before and after)
#   BENCH_JAVA_OPTS="-Xmx256m"
#   LOADER_JAR=loader/target/loader.jar
#   BENCH_REPORT=docs/PERFORMANCE.md
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
INVOCATION="$0${*:+ $*}"
CLICKS=${BENCH_CLICKS:-1000000}
CLIGS=${BENCH_CLIGS:-100000}
SEED=${BENCH_SEED:-2009}
DIR=${BENCH_DIR:-/tmp/cligs-analytics-bench}
DB=${BENCH_DB:-analyticsbench}
RP=${BENCH_REDIS_PREFIX:-analyticsbench:}
JOPTS=${BENCH_JAVA_OPTS:--Xmx256m}
JAR=${LOADER_JAR:-loader/target/loader.jar}
REPORT=${BENCH_REPORT:-docs/PERFORMANCE.md}
[ -f "$JAR" ] || { echo "$JAR is missing: mvn -pl core,loader -am package -DskipTests" >&2; exit 1; }
mkdir -p "$DIR"
LOG="$DIR/logs"; mkdir -p "$LOG"
MYSQL=(mysql -uroot -h127.0.0.1 -P3306)
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.2f}')"; }
rate() { python3 -c "print(f'{$1/$2:,.0f}')"; }
ratio() { python3 -c "print(f'{($1/$2)/($3/$4):.2f}')"; }
del_keys() { redis-cli --scan --pattern "$1*" | xargs -r -n 1000 redis-cli del > /dev/null; }

D="$DIR/dump-$CLIGS-$CLICKS-$SEED"
if [ ! -f "$D/MANIFEST" ]; then
  echo "generating $CLIGS cligs, $CLICKS clicks (cached in $D) ..." >&2
  python3 ops/legacy/gen_legacy_dump.py "$D" --cligs "$CLIGS" --clicks "$CLICKS" --seed "$SEED" 2> "$LOG/gen.log"
fi
LOADAVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
"${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB"
del_keys "$RP"
# one stream, as measured so far (the default became 4 with ADR 0020; this script reads clicks:{0})
export CLIG_CLICK_STREAM_SHARDS=1
export CLIG_MYSQL_URL="mysql://root@127.0.0.1:3306/$DB" CLIG_REDIS_PREFIX="$RP" CLIG_VISITOR_SECRET="analytics bench visitor secret"
java $JOPTS -jar "$JAR" migrate > "$LOG/migrate.log" 2>&1
java $JOPTS -jar "$JAR" import "$D" --rejects "$LOG/import-rejects.tsv" > "$LOG/import.log" 2>&1

# the loader's own figure: events sent / seconds of its read-and-send loop (JVM start and the clig-id load not in it)
loader_rate() { sed -n 's/^  [0-9]* clicks in \([0-9.]*\) s (\([0-9]*\) events\/s)$/\1 \2/p' "$1"; }
sent() { sed -n 's/^  sent *\([0-9]*\) events.*/\1/p' "$1"; }

t0=$(now); gunzip -c "$D/clicks.tsv.gz" > /dev/null; t1=$(now)
GUNZIP_S=$(secs "$t0" "$t1")

t0=$(now)
java $JOPTS -jar "$JAR" analytics "$D" --rejects "$LOG/rejects-resp.tsv" --resp-out "$DIR/xadd.resp" > "$LOG/resp.log" 2>&1
t1=$(now)
RESP_WALL=$(secs "$t0" "$t1"); read -r RESP_S RESP_R < <(loader_rate "$LOG/resp.log"); EVENTS=$(sent "$LOG/resp.log")

t0=$(now); redis-cli --pipe < "$DIR/xadd.resp" > "$LOG/pipe.log"; t1=$(now)
PIPE_S=$(secs "$t0" "$t1")
grep -q "errors: 0" "$LOG/pipe.log"
PIPE_LEN=$(redis-cli XLEN "${RP}clicks:{0}")
STREAM_MB=$(redis-cli MEMORY USAGE "${RP}clicks:{0}" SAMPLES 0 | python3 -c "import sys; print(round(int(sys.stdin.read())/1048576))")
del_keys "$RP"; rm -f "$DIR/xadd.resp"

t0=$(now)
java $JOPTS -jar "$JAR" analytics "$D" --rejects "$LOG/rejects.tsv" --max-backlog 0 > "$LOG/analytics.log" 2>&1
t1=$(now)
WALL=$(secs "$t0" "$t1"); read -r LOADER_S LOADER_R < <(loader_rate "$LOG/analytics.log")
LEN=$(redis-cli XLEN "${RP}clicks:{0}")
[ "$LEN" = "$EVENTS" ] && [ "$PIPE_LEN" = "$EVENTS" ] || { echo "stream lengths $LEN / $PIPE_LEN, expected $EVENTS" >&2; exit 1; }
del_keys "$RP"
"${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB"
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
REJECTED=$(sed -n 's/^  rejected *\([0-9]*\)$/\1/p' "$LOG/analytics.log")
REASONS=$(sed -n 's/^    \(clicks_[a-z_0-9]*\) *\([0-9]*\)$/\1 \2/p' "$LOG/analytics.log" | paste -sd, - | sed 's/,/, /g')
COUNTRIES=$(sed -n 's/^  sent *[0-9]* events (country: \(.*\))$/\1/p' "$LOG/analytics.log")

SECTION=$(cat <<EOF
<!-- analytics-bench:start -->
## Loader analytics: the legacy click log to the click stream vs redis-cli --pipe of the same XADDs

Written by \`ops/bench/analytics-bench.sh\`; do not edit by hand, run it again.

- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) CPUs shared with other agents' work, load average at the start ${LOADAVG_START}, at the end ${LOADAVG}; $(redis-server --version | cut -d' ' -f1-3)
- command: \`flock /tmp/cligs-bench.lock ${INVOCATION}\` (BENCH_CLICKS=$CLICKS, BENCH_CLIGS=$CLIGS, BENCH_SEED=$SEED, JVM options \`$JOPTS\`)
- data: \`gen_legacy_dump.py --cligs $CLIGS --clicks $CLICKS --seed $SEED\` (default dirty share 0.03; the clicks' own dirt too): $EVENTS events (country: $COUNTRIES; MaxMind's test database knows few networks), $REJECTED rejects ($REASONS; an orphan is a click of a clig the import rejected, or of none); one stream (\`CLIG_CLICK_STREAM_SHARDS=1\`), $STREAM_MB MB in Redis for all of them
- one run of each, in this order, same machine, same Redis; no aggregator running (\`--max-backlog 0\`): this is the loader's own ceiling, the aggregator's rate is measured by \`ops/bench/aggregator.sh\`

| step | seconds | events/s | loader ÷ baseline |
| --- | ---: | ---: | ---: |
| \`gunzip -c clicks.tsv.gz\` (decompression alone) | ${GUNZIP_S} | $(rate "$EVENTS" "$GUNZIP_S") | |
| loader \`analytics --resp-out\` (read, parse, convert, hash, encode; no Redis) | ${RESP_S} (${RESP_WALL} with JVM start and clig ids) | ${RESP_R} | |
| \`redis-cli --pipe\` of those $EVENTS XADDs | ${PIPE_S} | $(rate "$EVENTS" "$PIPE_S") | |
| **loader \`analytics\`** to Redis (batches of 1000 pipelined XADDs, 4 in flight) | ${LOADER_S} (${WALL} with JVM start and clig ids) | **${LOADER_R}** | **$(ratio "$EVENTS" "$LOADER_S" "$EVENTS" "$PIPE_S")×** redis-cli --pipe, $(ratio "$EVENTS" "$LOADER_S" "$EVENTS" "$RESP_S")× its own no-Redis run |

Reading: the loader's ceiling is several times the aggregator's aim (50,000 events/s, issue 10), so in a real run
the aggregator sets the pace and \`--max-backlog\` keeps Redis's memory bounded (a million events hold the MB above
in one stream). Its time goes to reading, hashing and encoding (the no-Redis run) more than to Redis.
<!-- analytics-bench:end -->
EOF
)
SECTION="$SECTION" python3 - "$REPORT" <<'PYEOF'
import os, re, sys
path = sys.argv[1]
section = os.environ["SECTION"]
text = open(path).read()
pattern = re.compile(r"<!-- analytics-bench:start -->.*?<!-- analytics-bench:end -->", re.S)
text = pattern.sub(lambda m: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PYEOF
echo "$SECTION"
