#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-kernels`: the whole VM suite on the two other kernels that
# make check knows, Debian's 6.1 PREEMPT_RT and the Linux 6.12 debug kernel,
# where make check runs a share of it. All tests run there, the adversarial
# lane's long ones too (LANE_ALL=1); only the package test, which needs
# `make deb` (make vmtest-deb), is left out. Both kernels are built or
# unpacked into the cache first if they are not there yet. Ends with one
# line per kernel and exits non-zero if any test failed.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$top/build/check-kernels
mkdir -p "$logs"

tests=$(for f in tests/vm/tests/*.sh; do
	sed -n 's/^# check: *//p' "$f" | grep -qxw deb || basename "$f" .sh
done)

rc=0
for k in ${CHECK_KERNELS:-rt debug}; do
	t0=$SECONDS
	if [ "$k" = debug ] && ! tests/vm/debug-kernel.sh > "$logs/debug-kernel.log" 2>&1; then
		echo "FAILED: the debug kernel did not build (log: $logs/debug-kernel.log)"
		rc=1
		continue
	fi
	# shellcheck disable=SC2086 # a word list
	env KERNEL="$k" LANE_ALL=1 tests/vm/run.sh $tests > "$logs/$k.log" 2>&1
	r=$?
	[ $r -eq 0 ] || rc=1
	grep -E '^ *not ok ' "$logs/$k.log" | sed 's/^/    /'
	sum=$(grep -E '^# vmtest: [0-9]+ passed' "$logs/$k.log" | tail -n 1 | sed 's/^# vmtest: //')
	echo "$k: ${sum:-no result (exit $r)}; $((SECONDS - t0)) s in all (log: $logs/$k.log)"
done
exit $rc
