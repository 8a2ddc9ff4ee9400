# SPDX-License-Identifier: GPL-2.0
# A router with a smaller MTU on the far link sends "fragmentation needed"
# (ICMP) and "packet too big" (ICMPv6) for our full-size protected
# segments. The errors quote wire sequence numbers; translated back, TCP
# accepts them, lowers its MSS with room for the MAC, and the transfers
# complete over IPv4 and IPv6, with no plaintext on the wire.
# check: stock
# timeout: 300
. /vm/lib.sh

tc_load full_csum=1
triple a r b
nsx r ip link set dev veth1 mtu 1280
mkmarked /tmp/data "$(kib 1024)"
fc_capture a
transfer a b 10.0.2.1 /tmp/data
transfer a b fd02::1 /tmp/data
stat_all a
assert_ge "$(stat a IcmpTranslated)" 2 "ICMP errors moved into the local sequence space"
assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes in a"
fc_check $(($(kib 1024) * 1024 * 2))
nsx a ip route get 10.0.2.1 | head -n 2
