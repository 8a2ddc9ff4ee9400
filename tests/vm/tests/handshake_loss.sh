# SPDX-License-Identifier: GPL-2.0
# Handshake segments lost on the way: the server's module retransmits a
# lost INIT2 with the same bytes; when the client's INIT1 is lost, the
# server's TCP repeats its SYN-ACK and the client's module sends the same
# INIT1 again. Both connections complete encrypted with intact data, none
# of it on the wire in plaintext.
# check: stock
# timeout: 300
. /vm/lib.sh

tc_load full_csum=1
triple a r b
# Full handshakes only: a resumed one has no INIT messages to lose.
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done
mkmarked /tmp/data 256
fc_capture a

# INIT2 (X25519): 20 + 24 + 77 = 121 bytes of IP. Drop the first one.
nsx r tc qdisc add dev veth0 clsact
nsx r tc filter add dev veth0 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network eq 121)' \
	action gact drop random determ ok 2
transfer a b 10.0.2.1 /tmp/data
stat_all b
assert_ge "$(stat b Init2Retransmits)" 1 "INIT2 retransmissions"
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes in a"
nsx r tc qdisc del dev veth0 clsact

# INIT1 (X25519, two suites): 20 + 36 (timestamps, CRYPT) + 88 = 144 bytes
# of IP. Drop the first.
nsx r tc qdisc add dev veth1 clsact
nsx r tc filter add dev veth1 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network eq 144)' \
	action gact drop random determ ok 2
transfer a b 10.0.2.1 /tmp/data
stat_all a
assert_ge "$(stat a Init1Resent)" 1 "INIT1 sent again"
assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes in a"
assert_eq "$(stat b HandshakesCompleted)" 2 "handshakes in b"
fc_check $((2 * 256 * 1024))
