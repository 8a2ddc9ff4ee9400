# SPDX-License-Identifier: GPL-2.0
# The hooks see both ends of an IPv6 connection, and data arrives intact,
# with no plaintext on the wire.
# check: stock
. /vm/lib.sh

pair a b
tc_load
mkmarked /tmp/data 2048
fc_capture a
transfer a b fd00::2 /tmp/data
fc_check $((2048 * 1024))
for ns in a b; do nsx $ns cat /proc/net/tcpcrypt_stat | sed "s/^/$ns: /"; done
assert_eq "$(stat a OutSyns)" 1 "client SYNs sent"
assert_eq "$(stat b InSyns)" 1 "server SYNs received"
assert_eq "$(stat b OutSynAcks)" 1 "server SYN-ACKs sent"
assert_eq "$(stat a InSynAcks)" 1 "client SYN-ACKs received"
assert_ge "$(stat a OutSegs)" 32 "client segments sent"
assert_ge "$(stat b InSegs)" 32 "server segments received"
assert_ge "$(stat b Ipv6Segs)" 64 "server IPv6 segments"
assert_eq "$(stat b Ipv4Segs)" 0 "server IPv4 segments"
