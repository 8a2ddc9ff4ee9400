# SPDX-License-Identifier: GPL-2.0
# Timestamps under the MAC (PROTOCOL.md 4.4). A router adds 2^30 to the
# TSval of about a dozen data segments towards b and fixes the checksums.
# For PAWS such a TSval is newer than any real one for 12 days: a receiver
# that takes the segment at the left edge of its window makes it ts_recent
# and then drops every later segment, so one altered segment stalls the
# connection for good. With the default suite the timestamps are MACed: b
# drops the altered segments as MAC failures, a retransmits them and the
# transfer completes. The legacy v0.2 suite keeps timestamps outside the
# MAC, as v0.2 does: the same router stalls it, which shows that the router
# does its job.
# check: stock
# timeout: 240
. /vm/lib.sh

tc_load
triple a r b
size=$(kib 4096)
mkmarked /tmp/data "$size"
# size KiB is about size / 1.4 full segments: alter one in size / 16.
every=$((size / 16))
nsx r tc qdisc add dev veth1 clsact
# Protected segment: IP (20), TCP (20), then the options as packed for the
# MAC: Timestamps (kind 8, len 10) first, so TSval is at offsets 42..45.
# Adding 0x40 to its first byte (mod 256) adds 2^30 to it (mod 2^32).
nsx r tc filter add dev veth1 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network gt 300)' \
	action gact ok random determ pipe "$every" \
	action pedit ex munge offset 42 u8 add 0x40 pipe \
	action csum ip4h and tcp

# paws: segments b's TCP dropped for PAWS (TcpExt PAWSEstab).
paws() {
	nsx b awk '/^TcpExt:/ { if (!h) { split($0, k); h = 1 } else for (i = 2; i <= NF; i++) if (k[i] == "PAWSEstab") print $i }' /proc/net/netstat
}

# xfer SECONDS: send /tmp/data from a to b; 0 if it arrived intact in time.
xfer() {
	nsx b timeout "$1" tcpcat -l 5001 -o /tmp/data.recv &
	_srv=$!
	wait_listen b 5001
	_rc=0
	nsx a timeout "$1" tcpcat 10.0.2.1 5001 -i /tmp/data || _rc=$?
	wait $_srv || _rc=$?
	if [ $_rc -eq 0 ] && [ "$(sha /tmp/data.recv)" != "$(sha /tmp/data)" ]; then
		fail "data altered on the way"
	fi
	rm -f /tmp/data.recv
	return $_rc
}

capture b /tmp/ts.pcap
start=$(date +%s)
xfer 90 || fail "transfer with the default suite stalled or failed (rc $?, PAWSEstab $(paws) in b)"
echo "transfer intact in $(($(date +%s) - start)) s"
capture_stop
no_marker /tmp/ts.pcap "$((size * 1024 / 4))" "b veth0"
stat_all a
stat_all b
nsx r tc -s filter show dev veth1 egress | grep -E "Sent|pedit" | head -n 4
echo "PAWSEstab in b: $(paws)"
# The offsets above are right: data segments carry TS at option offset 0
# and the MAC option after it.
n=$(tcpdump -r /tmp/ts.pcap -n 'len > 300 and tcp[20] == 8 and tcp[21] == 10 and tcp[30] == 70' 2>/dev/null | wc -l)
assert_ge "$n" 1 "data segments with TS then MAC in the options"
assert_eq "$(stat b HandshakesCompleted)" 1 "handshake through the middlebox"
assert_ge "$(stat b InMacFailures)" 1 "segments with an altered TSval refused by b"
fails=$(stat b InMacFailures)

# Control: the legacy suite, whose MAC leaves timestamps out. A full
# handshake: a resumed session would keep its suite.
for ns in a b; do
	nsx $ns sh -c 'echo aes128 > /proc/sys/net/tcpcrypt/suites'
	nsx $ns tcpcryptctl flush
done
resumed=$(stat b HandshakesResumed)
if xfer 30; then
	fail "the legacy suite survived altered timestamps: the test proves nothing"
fi
stat_all b
echo "PAWSEstab in b: $(paws)"
assert_eq "$(stat b HandshakesCompleted)" 2 "legacy handshake"
assert_eq "$(stat b HandshakesResumed)" "$resumed" "resumed handshakes in b"
assert_eq "$(stat b InMacFailures)" "$fails" "MAC failures in b with the legacy suite"
echo "legacy suite through the same middlebox: stalled, as documented"
