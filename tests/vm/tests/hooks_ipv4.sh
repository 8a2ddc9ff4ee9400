# SPDX-License-Identifier: GPL-2.0
# The hooks see both ends of an IPv4 connection, and data arrives intact,
# with no plaintext on the wire.
# check: stock
. /vm/lib.sh

pair a b
tc_load
mkmarked /tmp/data 2048
fc_capture a
transfer a b 10.0.0.2 /tmp/data
fc_check $((2048 * 1024))
for ns in a b; do nsx $ns cat /proc/net/tcpcrypt_stat | sed "s/^/$ns: /"; done
assert_eq "$(stat a OutSyns)" 1 "client SYNs sent"
assert_eq "$(stat b InSyns)" 1 "server SYNs received"
assert_eq "$(stat b OutSynAcks)" 1 "server SYN-ACKs sent"
assert_eq "$(stat a InSynAcks)" 1 "client SYN-ACKs received"
# 2 MiB need at least 2 MiB / 64 KiB segments even with GSO.
assert_ge "$(stat a OutSegs)" 32 "client segments sent"
assert_ge "$(stat b InSegs)" 32 "server segments received"
assert_ge "$(stat a Ipv4Segs)" 64 "client IPv4 segments"
assert_eq "$(stat a Ipv6Segs)" 0 "client IPv6 segments"
assert_eq "$(stat a MalformedSegs)" 0 "client malformed segments"
# Namespaces without traffic stay at zero.
assert_eq "$(stat a InSyns)" 0 "client SYNs received"
