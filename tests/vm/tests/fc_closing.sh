# SPDX-License-Identifier: GPL-2.0
# Fail-closed while a connection closes: a socket that still holds
# unacknowledged data and its FIN more than a minute after both FINs were
# seen keeps retransmitting them, and every retransmission must still be
# encrypted and MACed. (The entry must live as long as the socket, not a
# fixed time after the FINs.)
#
# a -- r -- b, both ends with the module. Two connections from a to b,
# each sends 20 marker lines that b receives, then:
#   last-ack  b shuts down its side; a gets the FIN and acknowledges it
#             (a: CLOSE-WAIT, b: FIN-WAIT-2). Then r drops everything
#             towards b, and a sends 20 more lines and its FIN: a is in
#             LAST-ACK with data and FIN unacknowledged.
#   closing   r drops everything towards b; a sends 20 more lines and its
#             FIN (a: FIN-WAIT-1); half a second later b shuts down its
#             side, not having seen a's FIN (b: FIN-WAIT-1), and a gets
#             b's FIN: a is in CLOSING with data and FIN unacknowledged.
# So a's module has seen both FINs of both connections. The applications
# keep their sockets (shutdown, no close), so that nothing is orphaned
# and the sockets live on for minutes of retransmissions (tcp_retries2).
# The retransmission timing is pinned: no tail loss probe
# (tcp_early_retrans 0) and rto_min 70 s on the routes of a and b, so
# that a's first retransmission of the final lines leaves about 70 s after
# its FIN, over a minute after the last FIN either way (b's own FIN
# retransmission too is 70 s away). The capture of a's link at r (where
# r receives, before its drop) must show those late retransmissions and
# never the marker, and at the end a's sockets must still be in LAST-ACK
# and CLOSING.
# check: stock
# timeout: 150
. /vm/lib.sh

tc_load
triple a r b
for ns in a b; do
	nsx $ns sh -c 'echo 0 > /proc/sys/net/ipv4/tcp_early_retrans'
done
nsx a ip route change default via 10.0.1.2 rto_min 70s
nsx b ip route change default via 10.0.2.2 rto_min 70s
nsx a ip route show default
rm -f /tmp/fc.go /tmp/fc.go2 /tmp/fc-l.ready /tmp/fc-c.ready

fc_capture r veth0
# last-ack
nsx b fcstream -T 140 -l 7001 -s "recv:20 shut hold:130" 2> /tmp/fc-l-srv.out &
srv_l=$!
wait_listen b 7001
nsx a fcstream -T 140 10.0.2.1 7001 \
	-s "send:20:20 eof:0 touch:/tmp/fc-l.ready wait:/tmp/fc.go send:20 shut hold:130" 2> /tmp/fc-l-cli.out &
cli_l=$!
# closing
nsx b fcstream -T 140 -l 7002 -s "recv:20 touch:/tmp/fc-c.ready wait:/tmp/fc.go2 shut hold:130" 2> /tmp/fc-c-srv.out &
srv_c=$!
wait_listen b 7002
nsx a fcstream -T 140 10.0.2.1 7002 \
	-s "send:20:20 wait:/tmp/fc.go send:20 shut hold:130" 2> /tmp/fc-c-cli.out &
cli_c=$!

i=0
until [ -e /tmp/fc-l.ready ] && [ -e /tmp/fc-c.ready ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "the connections did not get going"
	sleep 0.1
done
# a's (possibly delayed) acknowledgement of b's FIN goes through first.
sleep 1
assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes completed in a"
assert_eq "$(stat b HandshakesCompleted)" 2 "handshakes completed in b"
nsx r tc qdisc add dev veth1 root netem loss 100%
echo "r now drops everything towards b"
t0=$(date +%s)
touch /tmp/fc.go
sleep 0.5
touch /tmp/fc.go2
sleep 1
nsx a ss -tn
assert_eq "$(nsx a ss -Htn state last-ack | wc -l)" 1 "sockets of a in LAST-ACK"
assert_eq "$(nsx a ss -Htn state closing | wc -l)" 1 "sockets of a in CLOSING"

# Past the entries' 61 s and a's retransmissions at about 70 s.
while [ $(($(date +%s) - t0)) -lt 76 ]; do sleep 1; done
nsx a ss -tnio
stat_all a

# The late retransmissions are in the capture (else the test proves nothing).
sleep 0.5
cp /tmp/fc.pcap /tmp/fc-late.pcap
tcpdump -r /tmp/fc-late.pcap -nn -tt 'src host 10.0.1.1' 2>/dev/null > /tmp/fc.txt || true
late=$(awk -v t="$((t0 + 62))" '$1 >= t && $NF > 0 { print $5 }' /tmp/fc.txt | sort -u)
awk -v t="$((t0 + 62))" '$1 >= t' /tmp/fc.txt | cut -c 1-160
echo "$late" | grep -q '\.7001:$' || fail "no retransmission of the last-ack connection 62 s or more after the FINs"
echo "$late" | grep -q '\.7002:$' || fail "no retransmission of the closing connection 62 s or more after the FINs"
echo "ok: both connections retransmitted data more than 62 s after the FINs"
fc_check 2000
assert_eq "$(nsx a ss -Htn state last-ack | wc -l)" 1 "sockets of a still in LAST-ACK"
assert_eq "$(nsx a ss -Htn state closing | wc -l)" 1 "sockets of a still in CLOSING"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
for p in $cli_l $cli_c $srv_l $srv_c; do kill "$p" 2>/dev/null || true; done
for f in l-cli l-srv c-cli c-srv; do echo "$f: $(cat /tmp/fc-$f.out)"; done
