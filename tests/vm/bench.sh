#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make bench`: run tests/vm/bench/bench.sh in a guest and print its results.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
VM_VERBOSE=1 VM_TESTDIR=$here/bench "$here/run.sh" bench > "$out"
rc=$?
grep -E '^# (BENCH|b: )' "$out" | sed 's/^# //'
[ $rc -eq 0 ] || { grep -v '^#K' "$out" | tail -n 40; }
exit $rc
