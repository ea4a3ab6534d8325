#!/usr/bin/env bash
# ops/bench/clicks-on-off.sh: redirect throughput with click emission on vs off, in one run on this
# machine: two edges from the same jar, one with CLIG_CLICKS=off ("edgeoff", the baseline) and one
# with the click pipeline on ("edge", shipping every click to a Redis of the bench's own), measured
# alternately by ops/bench/edge-vs-nginx.sh (part 1 without pipelining, part 2 pipelining 16).
# The aim (issue 10): on >= 0.9x off in throughput, p99 no worse than 1.2x.
# The results go into docs/PERFORMANCE.md between <!-- clicks-bench:start --> and <!-- clicks-bench:end -->.
# Any variable of edge-vs-nginx.sh applies (BENCH_SECONDS, BENCH_ROUNDS, ...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export BENCH_PART1="${BENCH_PART1-edgeoff edge}"
export BENCH_PART2="${BENCH_PART2-edgeoff edge}"
export BENCH_MARKER="${BENCH_MARKER:-clicks-bench}"
export BENCH_TITLE="${BENCH_TITLE:-Click emission on vs off (the same edge, CLIG_CLICKS=on vs off)}"
export BENCH_REDIS_PORT="${BENCH_REDIS_PORT:-28190}"
exec ops/bench/edge-vs-nginx.sh "$@"
