# SPDX-License-Identifier: GPL-2.0
# With enabled=0 no connection is taken on: every segment passes untouched.
# check: stock
. /vm/lib.sh

pair a b
tc_load enabled=0
assert_eq "$(cat /sys/module/tcpcrypt/parameters/enabled)" 0 "enabled parameter"
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/enabled)" 0 "per-namespace switch follows the parameter"
mkdata /tmp/data 512
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a ConnsCreated)" 0 "connections taken on while disabled"
assert_eq "$(stat b ConnsCreated)" 0 "connections taken on while disabled (server)"
assert_ge "$(stat a SkippedDisabled)" 8 "segments skipped while disabled"
assert_ge "$(stat b SkippedDisabled)" 8 "segments skipped while disabled (server)"
