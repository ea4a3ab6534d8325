#!/usr/bin/env bash
# ops/bench/clicks-outage.sh: issue 10's first test at full size. admin-api's ClicksOutageIT sends
# OUTAGE_REDIRECTS redirects (default 50,000) through a running edge with its click pipeline, beside
# an admin API with its aggregator, both on a redis-server of the test's own (AOF, appendfsync always)
# that is SIGKILLed at 30% of the redirects and started again at 70%; it then waits until the rollups
# hold exactly one click per redirect, checks the stats API's totals, and that nothing more arrives
# after a settle. The baseline, in the same run: the same test with Redis left up
# (-Dcligs.outage.kill=false). The suite runs the outage test with 5,000 redirects.
#
# Run it under the bench lock, so that no other benchmark overlaps it:
#   flock /tmp/cligs-bench.lock ops/bench/clicks-outage.sh
# It needs the local MariaDB and redis-server/redis-cli on the PATH, as the suite does. It writes the
# section between <!-- clicks-outage:start --> and <!-- clicks-outage:end --> of docs/PERFORMANCE.md.
#
# Variables:
#   OUTAGE_REDIRECTS=50000          redirects per run
#   OUTAGE_ORDER="baseline outage"  the runs, in order (each once)
#   BENCH_REPORT=docs/PERFORMANCE.md
#   BENCH_DIR=/tmp/cligs-bench-outage   Maven logs of every run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

OUTAGE_REDIRECTS="${OUTAGE_REDIRECTS:-50000}"
OUTAGE_ORDER="${OUTAGE_ORDER:-baseline outage}"
BENCH_REPORT="${BENCH_REPORT:-docs/PERFORMANCE.md}"
BENCH_DIR="${BENCH_DIR:-/tmp/cligs-bench-outage}"
mkdir -p "$BENCH_DIR"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# machine_busy: % of all CPUs busy over 2 s, before a run (anything else running skews the figures)
machine_busy() {
  local a b c d
  read -r a b < <(awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  sleep 2
  read -r c d < <(awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t }' /proc/stat)
  echo $(((c - a) * 100 / (d - b > 0 ? d - b : 1)))
}

MVN=(mvn -B -ntp -q -pl admin-api -am verify -Dit.test=ClicksOutageIT -Dtest=none
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
  "-Dcligs.outage.redirects=$OUTAGE_REDIRECTS")
RESULTS="$BENCH_DIR/results.tsv"
: >"$RESULTS"
for mode in $OUTAGE_ORDER; do
  case "$mode" in
    outage) kill=true ;;
    baseline) kill=false ;;
    *) die "OUTAGE_ORDER: unknown run '$mode' (baseline or outage)" ;;
  esac
  busy=$(machine_busy)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  log "$mode: $OUTAGE_REDIRECTS redirects (machine ${busy}% busy before, load $load): ${MVN[*]} -Dcligs.outage.kill=$kill"
  out="$BENCH_DIR/$mode.log"
  started=$(date +%s)
  if ! "${MVN[@]}" "-Dcligs.outage.kill=$kill" >"$out" 2>&1; then
    grep -E 'ERROR|FAIL|expected' "$out" | head -20 >&2 || true
    die "$mode run failed; its log: $out"
  fi
  line=$(grep -o 'clicks-outage: .*' "$out" | tail -1)
  [[ -n "$line" ]] || die "no clicks-outage line in $out"
  printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$busy" "$load" "$(($(date +%s) - started))" "$line" >>"$RESULTS"
  log "  $line"
done

export RESULTS BENCH_REPORT OUTAGE_REDIRECTS
python3 - <<'PY'
import os, re, subprocess, datetime
E = os.environ
runs = {}
for row in open(E["RESULTS"], encoding="utf-8"):
    mode, busy, load, wall, line = row.rstrip("\n").split("\t")
    kv = dict(re.findall(r"(\w+)=(\S+)", line))
    runs[mode] = dict(kv, busy=busy, load=load, wall=wall)

cpu = "unknown CPU"
for l in open("/proc/cpuinfo", encoding="utf-8"):
    if l.startswith("model name"):
        cpu = l.split(":", 1)[1].strip()
        break
cores = os.cpu_count()
try:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
except OSError:
    commit = "?"
n = int(E["OUTAGE_REDIRECTS"])
out = []
w = out.append
w("<!-- clicks-outage:start -->")
w(f"## Clicks through a Redis outage: {n:,} redirects, Redis SIGKILLed and restarted (issue 10)")
w("")
w(f"{datetime.date.today()}, commit {commit}, {cores} × {cpu}, shared with other work (background load per run below). "
  f"`flock /tmp/cligs-bench.lock ops/bench/clicks-outage.sh` (OUTAGE_REDIRECTS={n}): admin-api's `ClicksOutageIT` "
  "with `-Dcligs.outage.redirects`: an edge (2 event loops, click pipeline on, 2 stream shards) and an admin API with its "
  "aggregator in one JVM, a redis-server of the test's own (AOF, `appendfsync always`), 8 requests in flight on "
  "kept-alive connections to two links. The outage run SIGKILLs Redis when 30% of the redirects are answered and "
  "starts it again (AOF reloaded) at 70%; the baseline leaves it up. Both end only when the rollups hold exactly "
  f"{n:,} clicks, the stats API's totals say so to the links' owner, and nothing more arrived after a 2 s settle.")
w("")
w("| run | redirects/s (whole run) | first redirect → exact count | Redis down | Redis restart → exact count | "
  "last redirect → exact count | journaled / replayed | delivered twice (deduped) | machine busy before | test wall time |")
w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for mode in ("baseline", "outage"):
    r = runs.get(mode)
    if not r:
        continue
    down = f"{float(r['redis_down_s']):.1f} s" if mode == "outage" else "—"
    restart = f"**{float(r['restart_to_exact_s']):.2f} s**" if mode == "outage" else "—"
    w(f"| {mode} | {r['redirects_per_s']} | {r['seconds']} s | {down} | {restart} | {r['last_redirect_to_exact_s']} s | "
      f"{r['journaled']} / {r['replayed']} | {r['delivered_twice']} | {r['busy']}% (load {r['load']}) | {r['wall']} s |")
w("")
if "baseline" in runs and "outage" in runs:
    b, o = runs["baseline"], runs["outage"]
    w(f"Outage / baseline: redirects/s **{float(o['redirects_per_s']) / float(b['redirects_per_s']):.2f}×**, "
      f"first redirect → exact count {float(o['seconds']) / float(b['seconds']):.2f}×. "
      "Both runs counted every redirect exactly once in the rollups and the stats API.")
    w("")
w("\"Redis restart → exact count\" runs from the moment the restarted Redis answers `PING` (its AOF loaded) to the "
  "first poll (every 50 ms) that finds all the clicks in `click_days`; the redirects sent after the restart are part "
  "of it. The redirect rate is the load generator's (8 in flight, one JVM with the edge and the API on the same 2 "
  "cores), not the edge's capacity: see the edge sections for that.")
w("<!-- clicks-outage:end -->")
section = "\n".join(out) + "\n"

report = E["BENCH_REPORT"]
text = open(report, encoding="utf-8").read() if os.path.exists(report) else "# Performance\n"
start, end = "<!-- clicks-outage:start -->", "<!-- clicks-outage:end -->"
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
log "results written to $BENCH_REPORT (raw: $RESULTS, Maven logs: $BENCH_DIR)"
sed -n '/<!-- clicks-outage:start -->/,/<!-- clicks-outage:end -->/p' "$BENCH_REPORT"
