#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: run tests/vm/bench/bench.sh in a guest and print its results.
# Knobs (docs/PERFORMANCE.md): BENCH_RUNS (5) runs per row, BENCH_SECS (3)
# seconds per throughput run, BENCH_CONNS (10000) idle connections of the
# memory row, BENCH_CONNS_BIG (0: skipped) a second, larger memory row.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
env=""
for v in BENCH_RUNS BENCH_SECS BENCH_CONNS BENCH_CONNS_BIG; do
	val=$(printenv "$v" || true)
	case $val in
	'') ;;
	*[!0-9]*) echo "bench: $v must be a whole number, not '$val'" >&2; exit 2 ;;
	*) env="${env:+$env
}export $v=$val" ;;
	esac
done
# Two vCPUs: the sender and the receiver each on its own. 100 000
# connections need more than the default 1 GiB.
mem=1G
[ "${BENCH_CONNS_BIG:-0}" -eq 0 ] || mem=3G
VM_EXTRA_ENV=$env SMP=2 MEM=${MEM:-$mem} VM_VERBOSE=1 VM_TESTDIR=$here/bench \
	"$here/run.sh" bench > "$out"
rc=$?
grep -E '^# (BENCH|b: )' "$out" | sed 's/^# //'
[ $rc -eq 0 ] || { grep -v '^#K' "$out" | tail -n 40; }
exit $rc
