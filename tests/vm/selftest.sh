#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the VM harness: planted failures of each kind must be
# reported as failures, a passing test as a pass, and a guest that runs past
# the run's budget must be stopped with no QEMU left behind. Prints TAP.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
n=0 bad=0

check() {
	n=$((n + 1))
	if grep -q -E "$2" "$out"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1 (no line matching: $2)"
		bad=$((bad + 1))
	fi
}

echo "TAP version 13"
echo "1..12"
VM_TESTDIR=$here/selftests "$here/run.sh" passes planted_failure planted_timeout \
	planted_warning expected_taint planted_taint skipped planted_part_failure > "$out" 2>/dev/null
rc=$?
check "a passing test is reported ok" '^ok 1 - passes'
check "a failing script is reported not ok" '^not ok 2 - planted_failure .*exit status 1'
check "a test past its timeout is killed and reported" '^not ok 3 - planted_timeout .*timed out after 3s'
check "a kernel WARNING fails the test" '^not ok 4 - planted_warning .*kernel log: .*WARNING: CPU: 0 PID: 1 planted'
check "a taint the test's header names is no failure" '^ok 5 - expected_taint'
check "a taint other than O/E fails the test" '^not ok 6 - planted_taint .*kernel tainted: 512'
check "exit status 77 is a skip with its reason" '^ok 7 - skipped # SKIP not applicable here'
check "a test's parts are reported as subtests" '^    not ok - part two'
check "a failed part fails its test" '^not ok 8 - planted_part_failure .*1 part\(s\) failed'
n=$((n + 1))
if [ $rc -ne 0 ]; then echo "ok $n - the run exits non-zero"; else echo "not ok $n - the run exited 0"; bad=$((bad + 1)); fi

VM_BUDGET=4 VM_TESTDIR=$here/selftests "$here/run.sh" planted_timeout > "$out" 2>/dev/null
rc=$?
check "a guest past the run's budget fails cleanly" '^not ok 1 - planted_timeout: did not report'
n=$((n + 1))
# Only this tree's guests: another checkout may run its own meanwhile.
mine="qemu-system-x86_64.*$(cd "$here/../.." && pwd)/build/vm/"
if [ $rc -ne 0 ] && ! pgrep -f "$mine" > /dev/null; then
	echo "ok $n - no QEMU is left running after a budget timeout"
else
	echo "not ok $n - status $rc, QEMU processes: $(pgrep -a -f "$mine" || true)"
	bad=$((bad + 1))
fi
[ $bad -eq 0 ]
