#!/usr/bin/env bash
# User-agent libraries for the click aggregator (ADR 0015): Yauaa (restricted to the aggregator's four
# fields, and with every field for reference) vs uap-java, each in its own cold JVM, alternating, BENCH_ROUNDS
# rounds (3). Per run: init_ms (first class touched -> a parser that has parsed once) and init_cpu_ms (the
# process's CPU time meanwhile), heap_mb (heap used after a full GC with the parser held, minus before),
# parses_s (uncached parses/s over a 41-agent mix after a BENCH_WARMUP_S (10) s warm-up, over BENCH_MEASURE_S
# (10) s) and parses_cpu_s (per CPU second of the parsing thread), and what each library says of each agent
# (printed for round 1). The medians close the report; the load average before each run is printed with it.
#
#   flock /tmp/cligs-bench.lock ops/bench/ua-parsers.sh
#
# Needs Maven (resolves the libraries into ~/.m2 through a throwaway pom in a temporary directory) and Java 17.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
rounds="${BENCH_ROUNDS:-3}"; warmup="${BENCH_WARMUP_S:-10}"; measure="${BENCH_MEASURE_S:-10}"
yauaa_version="${YAUAA_VERSION:-8.1.1}"; uap_version="${UAP_VERSION:-1.6.1}"
opts="${BENCH_JAVA_OPTS:--Xmx1g}"
work=$(mktemp -d /tmp/ua-parsers-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>ua-parsers</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>nl.basjes.parse.useragent</groupId><artifactId>yauaa</artifactId><version>$yauaa_version</version></dependency>
    <dependency><groupId>com.github.ua-parser</groupId><artifactId>uap-java</artifactId><version>$uap_version</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-to-slf4j</artifactId><version>2.25.3</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency>
  </dependencies>
</project>
POM
(cd "$work" && mvn -B -ntp -q dependency:build-classpath -Dmdep.outputFile=cp.txt >"$work/mvn.log" 2>&1) \
  || { cat "$work/mvn.log" >&2; exit 1; }
cp="$(cat "$work/cp.txt")"
mkdir "$work/classes"
javac -d "$work/classes" -cp "$cp" "$root/ops/bench/UaParsers.java"
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(java -version 2>&1 | head -1), Yauaa $yauaa_version, uap-java $uap_version, $opts"
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="uap yauaa yauaa-all"; else order="yauaa-all yauaa uap"; fi
  for lib in $order; do
    echo "## round $r $lib (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    # shellcheck disable=SC2086
    java $opts -Dbench.warmup="$warmup" -Dbench.measure="$measure" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -cp "$work/classes:$cp" UaParsers "$lib" >"$work/$lib.$r.out"
    if (( r == 1 )); then cat "$work/$lib.$r.out"; else head -1 "$work/$lib.$r.out"; fi
  done
done
echo "## medians"
cat "$work"/*.out | grep '^lib=' | python3 -c '
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in sys.stdin:
    row = dict(kv.split("=") for kv in line.split()[:6])
    runs[row["lib"]].append(row)
for lib in ("uap", "yauaa", "yauaa-all"):
    rows = runs[lib]
    keys = ("init_ms", "init_cpu_ms", "heap_mb", "parses_s", "parses_cpu_s")
    med = {k: statistics.median(float(r[k]) for r in rows) for k in keys}
    print("%-10s " % lib + " ".join("%s=%.1f" % (k, med[k]) if k == "heap_mb" else "%s=%.0f" % (k, med[k]) for k in keys)
          + " (runs: %d)" % len(rows))'
