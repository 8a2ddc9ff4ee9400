# SPDX-License-Identifier: GPL-2.0
# A router that flips bits in payloads (towards b) and in MAC options
# (towards a), fixing the checksums: every altered segment is dropped and
# counted, not one altered byte reaches the application, and no plaintext
# is on the wire (retransmissions of the refused segments included). The same
# middlebox over plain TCP corrupts the data, which shows it does its job.
# check: stock debug rt
# timeout: 300
. /vm/lib.sh

tc_load full_csum=1
triple a r b
mkmarked /tmp/data "$(kib 4096)"
nsx r tc qdisc add dev veth1 clsact
nsx r tc filter add dev veth1 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network gt 300)' \
	action gact ok random determ pipe 20 \
	action pedit munge offset 100 u8 invert pipe \
	action csum ip4h and tcp
nsx r tc qdisc add dev veth0 clsact
nsx r tc filter add dev veth0 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network lt 120)' \
	action gact ok random determ pipe 10 \
	action pedit munge offset 60 u8 invert pipe \
	action csum ip4h and tcp

fc_capture a
transfer a b 10.0.2.1 /tmp/data
fc_check $(($(kib 4096) * 1024))
stat_all a
stat_all b
assert_eq "$(stat b HandshakesCompleted)" 1 "handshake through the middlebox"
assert_ge "$(stat b InMacFailures)" 10 "altered data segments refused by b"
assert_ge "$(stat a InMacFailures)" 10 "altered MAC options refused by a"
nsx r tc -s filter show dev veth1 egress | grep -E "Sent|pedit" | head -n 4

# Control: the same middlebox against plain TCP.
nsx a sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
nsx b tcpcat -l 5001 -o /tmp/plain.recv &
srv=$!
wait_listen b 5001
nsx a tcpcat 10.0.2.1 5001 -i /tmp/data
wait $srv
if [ "$(sha /tmp/plain.recv)" = "$(sha /tmp/data)" ]; then
	fail "the middlebox altered nothing over plain TCP: the test proves nothing"
fi
echo "plain TCP through the same middlebox: data corrupted, as expected"
