# SPDX-License-Identifier: GPL-2.0
# With enable=0 the hooks pass every segment untouched and say so.
. /vm/lib.sh

pair a b
tc_load enable=0
assert_eq "$(cat /sys/module/tcpcrypt/parameters/enable)" N "enable parameter"
mkdata /tmp/data 512
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a OutSegs)" 0 "segments handled while disabled"
assert_eq "$(stat a OutSyns)" 0 "SYNs handled while disabled"
assert_ge "$(stat a SkippedDisabled)" 8 "segments skipped while disabled"
assert_ge "$(stat b SkippedDisabled)" 8 "segments skipped while disabled (server)"
