# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the VM harness (run by dash as the child of /init).
# Runs each test in /vm/tests.list in a fresh set of namespaces and writes
# TAP to /dev/ttyS1, which the host reads. A test fails if its script fails,
# times out, leaves the module impossible to unload, or if the kernel log
# gained a line from /vm/bad-patterns.txt or a taint other than O and E
# (and those its "# taint:" line names).

out=/dev/ttyS1
# Taint bits that are expected: O (out-of-tree, 4096), E (unsigned, 8192)
# and N (262144), which loading a KUnit test module sets.
taint_ok=$((4096 | 8192 | 262144))
[ -r /vm/env ] && . /vm/env
. /vm/timeout.sh

tap() { echo "$*" > $out; }
diag() { sed 's/^/# /' > $out; }

# The unexpected taint bits, if any: what a test adds to those of the boot.
bad_taint() {
	t=$(($(cat /proc/sys/kernel/tainted) & ~taint_ok))
	[ $t -ne 0 ] && echo "$t"
}

kernel_log_lines() { dmesg | wc -l; }

cleanup() {
	# Whatever a failed test left running in its namespaces (servers
	# holding sockets, and through them the module) goes with them.
	for _ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
		ip netns pids "$_ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
	done
	ip -all netns delete 2>/dev/null
	pkill -9 -f tcpcat 2>/dev/null
	pkill -9 iperf3 2>/dev/null
	pkill -9 tcpdump 2>/dev/null
	sleep 0.2
	# Deleted namespaces are torn down asynchronously; wait for the module's
	# references to go before unloading it.
	# The KUnit module depends on tcpcrypt: it goes first.
	grep -q '^tcpcrypt_kunit ' /proc/modules && rmmod tcpcrypt_kunit
	if grep -q '^tcpcrypt ' /proc/modules; then
		_k=0
		while ! rmmod tcpcrypt 2>/dev/null; do
			_k=$((_k + 1))
			[ $_k -ge 50 ] && return 1
			sleep 0.2
		done
	fi
	return 0
}

tests=$(cat /vm/tests.list)
n=$(echo "$tests" | wc -l)
tap "TAP version 13"
tap "1..$n"
boot_taint=$(bad_taint)
[ -n "$boot_taint" ] && tap "# taint at boot: $boot_taint"
echo "VMTEST: START" > /dev/console

i=0
for t in $tests; do
	i=$((i + 1))
	log=/tmp/$t.log
	tmo=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' /vm/tests/$t.sh)
	tmo=${tmo:-120}
	# Tests scale their own waits by it (VM_TIME_SCALE) where a slower
	# kernel would otherwise let them pass without testing anything.
	VM_TIME_SCALE=$(timeout_scale /vm/tests/$t.sh)
	export VM_TIME_SCALE
	tmo=$((tmo * VM_TIME_SCALE))
	# A long run of one test (make soak) sets its own limit.
	tmo=${VM_TEST_TIMEOUT:-$tmo}
	before=$(kernel_log_lines)
	start=$(cut -d' ' -f1 /proc/uptime)
	(cd /tmp && timeout -s KILL "$tmo" dash -e /vm/tests/$t.sh) > "$log" 2>&1
	rc=$?
	why=""
	skip=""
	if [ $rc -eq 77 ]; then
		# The test does not apply to this kernel; its last line says why.
		skip=$(tail -n 1 "$log")
	elif [ $rc -eq 137 ]; then
		why="timed out after ${tmo}s"
	elif [ $rc -ne 0 ]; then
		why="exit status $rc"
	fi
	cleanup || why="${why:+$why; }tcpcrypt could not be unloaded"
	dmesg | tail -n +$((before + 1)) > /tmp/$t.kmsg
	hit=$(grep -F -f /vm/bad-patterns.txt /tmp/$t.kmsg | head -n 1)
	[ -n "$hit" ] && why="${why:+$why; }kernel log: $hit"
	# A test may expect taint bits ("# taint: 64" for U, which keylog=1
	# sets): they do not fail it, and stay expected for the tests after.
	tt=$(sed -n 's/^# taint: *\([0-9]*\).*/\1/p' /vm/tests/$t.sh)
	[ -n "$tt" ] && taint_ok=$((taint_ok | tt))
	bt=$(bad_taint)
	[ -n "$bt" ] && [ "$bt" != "$boot_taint" ] && why="${why:+$why; }kernel tainted: $bt"
	end=$(cut -d' ' -f1 /proc/uptime)
	secs=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
	# Results a test reports for its own parts (KUnit cases, say), one
	# "ok|not ok - name" line each in /tmp/$t.subtests, go out before it.
	if [ -s /tmp/$t.subtests ]; then
		sed -n "s/^\(ok\|not ok\) - /## sub $i \1 - /p" /tmp/$t.subtests > $out
		grep -q '^not ok' /tmp/$t.subtests && why="${why:+$why; }$(grep -c '^not ok' /tmp/$t.subtests) part(s) failed"
	fi
	if [ -z "$why" ] && [ -n "$skip" ]; then
		tap "ok $i - $t # SKIP $skip"
	elif [ -z "$why" ]; then
		tap "ok $i - $t (${secs}s)"
		[ -n "${VM_VERBOSE:-}" ] && diag < "$log"
	else
		tap "not ok $i - $t (${secs}s): $why"
		echo "--- output of $t ---" | diag
		tail -n 200 "$log" | diag
		echo "--- kernel log during $t ---" | diag
		tail -n 200 /tmp/$t.kmsg | diag
	fi
	boot_taint=$(bad_taint)
	# Files a test leaves in /tmp/artifacts go to the host, base64 encoded.
	for f in /tmp/artifacts/*; do
		[ -f "$f" ] || continue
		echo "#A-BEGIN $t ${f##*/}" > $out
		base64 "$f" | sed 's/^/#A /' > $out
		echo "#A-END" > $out
	done
	rm -rf /tmp/artifacts
done

# Leak detector, present on the debug kernel only.
if [ -w /sys/kernel/debug/kmemleak ]; then
	# kmemleak ignores objects younger than 5 s: let the last test's age.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/kmemleak
fi
# The whole kernel log, for the host's own scan.
dmesg | sed 's/^/#K /' > $out
[ -s /tmp/kmemleak ] && sed 's/^/#L /' /tmp/kmemleak > $out
tap "# VMTEST-DONE"
