# SPDX-License-Identifier: GPL-2.0
# Middleboxes that strip the CRYPT option (overwriting it with NOPs, as
# iptables' TCPOPTSTRIP does): from the SYN, the connection falls back to
# plain TCP; from the INIT1 and INIT2 segments, whose payload stays, the
# modules recognise the messages and the connection is encrypted. Either
# way the data arrives intact; encrypted, none of it in plaintext on the wire.
# check: stock
# timeout: 300
. /vm/lib.sh

tc_load full_csum=1
triple a r b
mkmarked /tmp/data 256

# The SYN: MSS(4) SACK-permitted(2) timestamps(10) NOP wscale(3), then CRYPT
# at TCP offset 40, IP offset 60: both of its bytes become NOPs.
nsx r tc qdisc add dev veth1 clsact
nsx r tc filter add dev veth1 egress protocol ip prio 1 basic \
	match 'cmp(u8 at 33 layer network eq 0x02)' \
	action pedit munge offset 60 u16 set 0x0101 pipe \
	action csum ip4h and tcp
transfer a b 10.0.2.1 /tmp/data
assert_eq "$(stat b FallbackPeerNoHello)" 1 "server fallbacks without HELLO"
assert_eq "$(stat a FallbackPeerNoPkconf)" 1 "client fallbacks"
nsx r tc qdisc del dev veth1 clsact

# INIT1 (IP length 144): NOP NOP timestamps, then CRYPT(INIT1) at IP offset 52.
nsx r tc qdisc add dev veth1 clsact
nsx r tc filter add dev veth1 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network eq 144)' \
	action pedit munge offset 52 u16 set 0x0101 munge offset 54 u8 set 0x01 pipe \
	action csum ip4h and tcp
# INIT2 (IP length 121): CRYPT(INIT2) first, at IP offset 40.
nsx r tc qdisc add dev veth0 clsact
nsx r tc filter add dev veth0 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network eq 121)' \
	action pedit munge offset 40 u16 set 0x0101 munge offset 42 u8 set 0x01 pipe \
	action csum ip4h and tcp
fc_capture a
transfer a b 10.0.2.1 /tmp/data
fc_check $((256 * 1024))
stat_all a
stat_all b
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes with CRYPT stripped from INIT1/INIT2"
assert_eq "$(stat b HandshakesCompleted)" 1 "handshakes in b"
assert_eq "$(stat b InitMarkStripped)" 1 "INIT1 recognised without its CRYPT option"
assert_eq "$(stat a InitMarkStripped)" 1 "INIT2 recognised without its CRYPT option"
nsx r tc -s filter show dev veth1 egress | grep -E "Sent" | head -n 1
nsx r tc -s filter show dev veth0 egress | grep -E "Sent" | head -n 1
