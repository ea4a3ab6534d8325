#!/usr/bin/env bash
# The click aggregator's throughput (issue 10: "aggregator events per second with the stream pre-filled
# with 1M events, aim >= 50,000/s"), beside a baseline measured in the same run. See ops/bench/README.md.
#
#   ops/bench/aggregator.sh                      1M events, batch 2000 (the default CLIG_AGGREGATOR_BATCH)
#   BENCH_EVENTS=200000 BENCH_BATCHES="500 2000" BENCH_BEFORE_REF=<commit> ops/bench/aggregator.sh
#   BENCH_SHARDS="1 2 4" ops/bench/aggregator.sh   the same events spread over 1, 2, 4 click streams
#
# Each run: a redis-server of its own (no persistence, BENCH_REDIS_PORT) gets the stream pre-filled with
# BENCH_EVENTS realistic events through core's StreamEventCodec (AggregatorBench fill; with N shards spread
# over N streams the way the edge does, a click to its link id modulo N: CLIG_CLICK_STREAM_SHARDS); then
#   baseline   XREADGROUP + decode + XACK/XDEL alone, no MySQL (AggregatorBench consume);
#   aggregator the real RunningAggregator (AggregatorBench aggregate) on a fresh database, until the stream
#              is empty and nothing is pending; its rollup totals must equal the distinct events.
# With BENCH_BEFORE_REF the aggregator of that commit (exported with git archive, compiled apart, never
# installed) runs too, on the same events: "before".
# Runs under flock /tmp/cligs-bench.lock. Variables: see the README.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [[ -z "${AGGBENCH_LOCKED:-}" ]]; then
  exec env AGGBENCH_LOCKED=1 flock /tmp/cligs-bench.lock "$0" "$@"
fi
events="${BENCH_EVENTS:-1000000}"; links="${BENCH_LINKS:-100000}"; seed="${BENCH_SEED:-42}"
batches="${BENCH_BATCHES:-2000}"; pool="${BENCH_POOL:-4}"; shard_counts="${BENCH_SHARDS:-1}"
port="${BENCH_REDIS_PORT:-28290}"; dir="${BENCH_DIR:-/tmp/cligs-aggbench}"
db="${BENCH_DB:-cligs_bench_agg}"; prefix="aggbench:"
java_opts="${BENCH_JAVA_OPTS:--Xms512m -Xmx512m}"
report="${BENCH_REPORT:-docs/PERFORMANCE.md}"; marker="${BENCH_MARKER:-agg-bench}"
before_ref="${BENCH_BEFORE_REF:-}"; before_batches="${BENCH_BEFORE_BATCHES:-$batches}"
mkdir -p "$dir/logs"
head_commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core store admin-api || echo "+changes")
redis_url="redis://127.0.0.1:$port/0"; mysql_url="mysql://root@127.0.0.1:3306/$db"
redis_pid=""
cleanup() {
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null || true
  mariadb -u root -h 127.0.0.1 -e "DROP DATABASE IF EXISTS $db" 2>/dev/null || true
}
trap cleanup EXIT

classpath() {  # classpath DIR -> the test classpath of DIR's admin-api (compiled, nothing installed)
  (cd "$1" && mvn -B -ntp -q -pl admin-api -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$dir/cp.txt" -Dmdep.includeScope=test >"$dir/logs/mvn-$(basename "$1").log" 2>&1) \
    || { tail -n 30 "$dir/logs/mvn-$(basename "$1").log" >&2; exit 1; }
  echo "$1/admin-api/target/test-classes:$1/admin-api/target/classes:$(cat "$dir/cp.txt")"
}
echo "compiling"
cp_now=$(classpath "$root")
cp_before=""
if [[ -n "$before_ref" ]]; then
  rm -rf "$dir/before"; mkdir -p "$dir/before"
  git archive "$before_ref" | tar -x -C "$dir/before"
  # the bench main comes from this tree (the commit may predate it); it only uses the aggregator's public API
  cp admin-api/src/test/java/io/cligs/admin/aggregate/AggregatorBench.java "$dir/before/admin-api/src/test/java/io/cligs/admin/aggregate/"
  cp_before=$(classpath "$dir/before")
fi

redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --dir "$dir" >"$dir/logs/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
mysqld_pid=$(pgrep -o -x mariadbd || pgrep -o -x mysqld)
hz=$(getconf CLK_TCK)
busy() {  # busy SECONDS -> % of all CPUs busy over that time (the background load)
  local a b
  a=($(head -1 /proc/stat)); sleep "$1"; b=($(head -1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( 100 * (total - idle) / total ))
}
kv() { sed -n "s/^$1=//p" "$2" | tail -1; }

fill() {  # fill LOG SHARDS
  redis-cli -p "$port" FLUSHALL >/dev/null
  java $java_opts -cp "$cp_now" io.cligs.admin.aggregate.AggregatorBench fill "$redis_url" "$prefix" "$events" "$links" "$seed" \
    "$2" >"$1" 2>"$1.err"
}
results="$dir/results.tsv"
printf 'variant\tbatch\tshards\tevents\tseconds\tevents_per_s\tjvm_cpu_s\tjvm_cpu_us_per_event\tpeak_rss_mb\tmysqld_cpu_s\tredis_cpu_s\tload_before_pct\tcheck\n' >"$results"
run() {  # run VARIANT BATCH SHARDS
  local v=$1 b=$2 n=$3 log="$dir/logs/$1-$2-$3.log" cp m0 r0 m1 r1 load check=ok
  echo "$v, batch $b, $n shard(s): filling $events events"
  fill "$dir/logs/fill-$v-$b-$n.log" "$n"
  load=$(busy 3)
  m0=$(cpu_ticks "$mysqld_pid"); r0=$(cpu_ticks "$redis_pid")
  if [[ $v == baseline ]]; then
    java $java_opts -cp "$cp_now" io.cligs.admin.aggregate.AggregatorBench consume "$redis_url" "$prefix" "$b" "$n" >"$log" 2>"$log.err"
  else
    cp=$cp_now; [[ $v == before ]] && cp=$cp_before
    mariadb -u root -h 127.0.0.1 -e "DROP DATABASE IF EXISTS $db"
    java $java_opts ${BENCH_JFR:+-XX:StartFlightRecording=filename=$dir/$v-$b.jfr,settings=profile} -cp "$cp" \
      io.cligs.admin.aggregate.AggregatorBench aggregate "$redis_url" "$prefix" "$mysql_url" "$b" "$pool" "$n" >"$log" 2>"$log.err"
    local fl="$dir/logs/fill-$v-$b-$n.log"
    [[ $(kv rollup_clicks "$log") == $(kv clicks "$fl") ]] || check="clicks $(kv rollup_clicks "$log") != $(kv clicks "$fl")"
    [[ $(kv rollup_orphans "$log") == $(kv orphans "$fl") ]] || check="orphans $(kv rollup_orphans "$log") != $(kv orphans "$fl")"
    [[ $(kv rollup_uniques "$log") == $(kv uniques "$fl") && $(kv rollup_visitors "$log") == $(kv uniques "$fl") ]] \
      || check="uniques $(kv rollup_uniques "$log") != $(kv uniques "$fl")"
    [[ $(kv rollup_country_clicks "$log") == $(kv clicks "$fl") && $(kv rollup_device_clicks "$log") == $(kv clicks "$fl") ]] \
      || check="breakdowns != clicks"
    [[ $(kv progress_applied "$log") == $(kv distinct "$fl") ]] || check="applied $(kv progress_applied "$log") != $(kv distinct "$fl")"
  fi
  m1=$(cpu_ticks "$mysqld_pid"); r1=$(cpu_ticks "$redis_pid")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s\t%s\n' "$v" "$b" "$n" "$(kv events "$log")" "$(kv seconds "$log")" \
    "$(kv events_per_s "$log")" "$(kv cpu_seconds "$log")" "$(kv cpu_us_per_event "$log")" "$(kv peak_rss_mb "$log")" \
    "$(echo "($m1 - $m0) / $hz" | bc -l)" "$(echo "($r1 - $r0) / $hz" | bc -l)" "$load" "$check" | tee -a "$results"
  [[ $check == ok ]] || { echo "rollup check failed: $check" >&2; exit 1; }
}
for b in $batches; do
  for n in $shard_counts; do
    run baseline "$b" "$n"
    if [[ -n "$before_ref" && " $before_batches " == *" $b "* ]]; then run before "$b" "$n"; fi
    run aggregator "$b" "$n"
  done
done
fl="$dir/logs/fill-aggregator-${batches##* }-${shard_counts##* }.log"

cmd="$(printf '%q ' env BENCH_EVENTS="$events" BENCH_BATCHES="$batches" BENCH_SHARDS="$shard_counts" ${before_ref:+BENCH_BEFORE_REF="$before_ref" BENCH_BEFORE_BATCHES="$before_batches"} ops/bench/aggregator.sh)"
section="$dir/section.md"
{
  echo "<!-- $marker:start -->"
  echo "## Click aggregator: events per second from a pre-filled stream (issue 10)"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), shared with other"
  echo "agents' builds and tests (the \"load\" column: % of all CPUs busy in the 3 s before each run)."
  echo "Commit $head_commit${before_ref:+, before = $(git rev-parse --short "$before_ref")}. Command:"
  echo
  echo '```'
  echo "$cmd"
  echo '```'
  echo
  echo "The stream: $(kv entries "$fl") entries = $(kv clicks "$fl") clicks + $(kv orphans "$fl") orphans + $(kv duplicates "$fl")"
  echo "duplicates (earlier events appended again); $links links (Zipf 1.1), 4 edges, 3 days, 24 countries, 12 agents (3 bots);"
  echo "$(kv uniques "$fl") distinct visitors per link and day. Filled in $(kv fill_seconds "$fl") s (pipelined XADD, 5,000 a round trip)."
  echo "Every aggregator run ended with the rollups holding exactly the clicks, orphans, uniques and breakdowns of the"
  echo "distinct events (checked by the script). \`baseline\`: XREADGROUP + decode + XACK/XDEL, no MySQL."
  echo "CPU: the JVM's own (process CPU time), mysqld's and redis-server's (from /proc) over the run."
  echo
  echo "| variant | batch | shards | entries/s | seconds | JVM CPU s | JVM CPU µs/entry | peak RSS MB | mysqld CPU s | redis CPU s | load % |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  tail -n +2 "$results" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $6, $5, $7, $8, $9, $10, $11, $12}'
  echo
  first=${shard_counts%% *}
  for b in $batches; do
    for n in $shard_counts; do
      base=$(awk -F'\t' -v b="$b" -v n="$n" '$1=="baseline" && $2==b && $3==n {print $6}' "$results")
      agg=$(awk -F'\t' -v b="$b" -v n="$n" '$1=="aggregator" && $2==b && $3==n {print $6}' "$results")
      old=$(awk -F'\t' -v b="$b" -v n="$n" '$1=="before" && $2==b && $3==n {print $6}' "$results")
      one=$(awk -F'\t' -v b="$b" -v n="$first" '$1=="aggregator" && $2==b && $3==n {print $6}' "$results")
      line="Batch $b, $n shard(s): aggregator / baseline = $(echo "scale=2; $agg / $base" | bc)"
      if [[ -n "$old" ]]; then line="$line; aggregator / before = $(echo "scale=2; $agg / $old" | bc)"; fi
      if [[ $n != "$first" ]]; then line="$line; aggregator / aggregator with $first shard(s) = $(echo "scale=2; $agg / $one" | bc)"; fi
      echo "$line."
    done
  done
  echo "<!-- $marker:end -->"
} >"$section"
if grep -q "<!-- $marker:start -->" "$report"; then
  awk -v s="$section" -v m="$marker" '
    $0 == "<!-- " m ":start -->" { while ((getline l < s) > 0) print l; skip = 1; next }
    $0 == "<!-- " m ":end -->" { skip = 0; next }
    !skip { print }' "$report" >"$report.tmp" && mv "$report.tmp" "$report"
else
  { echo; cat "$section"; } >>"$report"
fi
cat "$section"
