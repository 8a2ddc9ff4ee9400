# SPDX-License-Identifier: GPL-2.0
# selftest=1: the module runs the protocol's known-answer vectors through
# the kernel crypto backend at load, says so, and loads.
# check: stock debug
. /vm/lib.sh

tc_load selftest=1
dmesg | grep 'tcpcrypt:' | tail -n 5
msg=$(dmesg | grep 'tcpcrypt: selftest' | tail -n 1)
echo "$msg" | grep -q 'selftest passed' || fail "no 'selftest passed' line: $msg"
n=$(echo "$msg" | sed -n 's/.*selftest passed (\([0-9]*\) vectors).*/\1/p')
assert_ge "${n:-0}" 10 "vectors checked at load"
assert_eq "$(cat /sys/module/tcpcrypt/parameters/selftest)" Y "selftest parameter"
tc_unload
# Without the parameter nothing is run.
before=$(dmesg | grep -c 'tcpcrypt: selftest' || true)
tc_load
after=$(dmesg | grep -c 'tcpcrypt: selftest' || true)
assert_eq "$after" "$before" "selftest lines without selftest=1"
