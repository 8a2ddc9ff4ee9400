# SPDX-License-Identifier: GPL-2.0
# The legacy suite's keystream repeats after 16 MiB of a direction
# (PROTOCOL.md 4.1): a legacy connection carrying 17 MiB one way counts
# TcpcryptLegacyPast16MiB once at each end (the sender's direction out, the
# receiver's in), not per segment, and the other direction, which carried
# nothing, not at all.
# check: stock
# timeout: 120
. /vm/lib.sh

pair a b
tc_load full_csum=1
mkdata /tmp/data $((17 * 1024))
for ns in a b; do
	nsx $ns sh -c 'echo p256 > /proc/sys/net/tcpcrypt/pubkeys; echo aes128 > /proc/sys/net/tcpcrypt/suites'
done
transfer a b 10.0.0.2 /tmp/data
stat_all a
assert_eq "$(stat a LegacyPast16MiB)" 1 "legacy directions past 16 MiB in a (sender)"
assert_eq "$(stat b LegacyPast16MiB)" 1 "legacy directions past 16 MiB in b (receiver)"
assert_eq "$(stat a HandshakesCompleted)" 1 "legacy handshakes in a"
assert_ge "$(stat a OutProtectedSegs)" 1000 "segments a protected"
