# SPDX-License-Identifier: GPL-2.0
# 5 % loss, 25 % reordering and 1 % duplication on both links: transfers
# over IPv4 and IPv6, and a file sent with sendfile(), arrive intact; the
# file on disk is unchanged by being encrypted for the wire. None of the
# data, retransmissions included, is on the wire in plaintext.
# check: stock
# timeout: 600
. /vm/lib.sh

tc_load full_csum=1
triple a r b
for dev in veth0 veth1; do
	nsx r tc qdisc add dev $dev root netem delay 2ms reorder 25% 50% loss 5% duplicate 1%
done
mkmarked /tmp/data "$(kib 2048)"
fc_capture a
transfer a b 10.0.2.1 /tmp/data
transfer b a fd01::1 /tmp/data
before=$(sha /tmp/data)
transfer a b 10.0.2.1 /tmp/data -s /tmp/data
assert_eq "$(sha /tmp/data)" "$before" "sha256 of the file on disk after sendfile()"
fc_check $(($(kib 2048) * 1024 * 3))
stat_all a
stat_all b
assert_eq "$(stat a HandshakesCompleted)" 3 "handshakes in a"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
nsx r tc -s qdisc show dev veth1 | grep -E "dropped|Sent" | head -n 2
