# SPDX-License-Identifier: GPL-2.0
# The KUnit suites of the module's kernel-side pieces (tcpcrypt_kunit.ko).
# They exist only on a kernel built with KUnit: the debug kernel.
# check: debug
# timeout: 300
# Each KUnit case is reported as a part of this test.
. /vm/lib.sh

if [ ! -d /sys/kernel/debug/kunit ]; then
	echo "the kernel has no KUnit (make vmtest KERNEL=debug runs these)"
	exit 77
fi
modinfo tcpcrypt_kunit > /dev/null || fail "tcpcrypt_kunit.ko was not built for this KUnit kernel"
# Loading runs every suite; results stay in debugfs until the module goes.
modprobe tcpcrypt_kunit
suites=$(ls -d /sys/kernel/debug/kunit/tcpcrypt_* 2>/dev/null || true)
[ -n "$suites" ] || fail "no tcpcrypt KUnit suite registered"
: > /tmp/kunit.subtests
for d in $suites; do
	suite=${d##*/}
	echo "--- $suite"
	cat "$d/results"
	# Case lines are indented one level: "    ok 1 name" / "    not ok 2 name"
	# (6.1 writes no dash; later kernels write "ok 1 - name").
	sed -n "s/^    \(ok\|not ok\) [0-9]* \(- \)\{0,1\}\([A-Za-z0-9_]*\).*/\1 - $suite.\3/p" "$d/results" >> /tmp/kunit.subtests
	grep -q -E '^(ok|not ok) [0-9]+ (- )?'"$suite" "$d/results" || fail "suite $suite has no result line"
done
cases=$(wc -l < /tmp/kunit.subtests)
assert_ge "$cases" 1 "KUnit cases run"
modprobe -r tcpcrypt_kunit
if grep -q '^not ok' /tmp/kunit.subtests; then
	fail "$(grep -c '^not ok' /tmp/kunit.subtests) KUnit case(s) failed"
fi
