# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 15: unloading the module in the middle of handshakes.
# Every connection that had begun a tcpcrypt handshake must be aborted, in
# whatever state it is (SYN_SENT, SYN_RCVD, INIT1_SENT, KEYING: a request
# socket included), not left to complete in plaintext once the hooks are
# gone. A 300 ms netem delay on both ends of the a-b link stretches the
# handshake; eight IPv4 connections a -> b are opened, five 250 ms apart
# and three 50 ms apart, and `rmmod tcpcrypt` (global: every namespace at
# once) runs right after the last one, so that they are caught at
# different points of the handshake (each end's table is shown: in
# practice SYN_SENT and INIT1_SENT clients, SYN_RCVD request sockets, and
# KEYING or ENCRYPTING ones when the timing allows). Each client then
# writes a marker line every 100 ms for 30 s, so that it outlasts the unload
# however slowly a debug kernel runs rmmod.
# Old module: abort_all skipped the SYN states and request sockets; those
# connections completed as plain TCP and carried their markers in
# plaintext. Now: every client fails (connect() or its I/O with
# ECONNABORTED or a reset) and no marker is on the wire. A connection
# opened after the unload is plain, as it should be: it carries other text
# (POST-UNLOAD-PLAIN-CONTROL, not the marker), and is checked to be in the
# capture, which shows that the capture sees plaintext.
# check: stock debug
# timeout: 120
. /vm/lib.sh

pair a b
tc_load
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done
nsx a tc qdisc add dev veth0 root netem delay 300ms
nsx b tc qdisc add dev veth0 root netem delay 300ms

ports="6401 6402 6403 6404 6405 6406 6407 6408"
srvs=""
for p in $ports; do
	nsx b fcpeer -l $p -o /tmp/uh.$p.recv -t 60 2>/tmp/uh.$p.srv &
	srvs="$srvs $!"
done
for p in $ports; do wait_listen b $p; done

fc_capture a
clis=""
i=0
for p in $ports; do
	nsx a fcpeer 10.0.0.2 $p -n 300 -i 100 -t 50 2>/tmp/uh.$p.cli &
	clis="$clis $!"
	i=$((i + 1))
	# The last three close together: their SYN-ACKs are still on the way.
	if [ $i -le 5 ]; then sleep 0.25; else sleep 0.05; fi
done
# Nothing slow between the last connect() and the unload.
nsx a cat /proc/net/tcpcrypt_conns > /tmp/uh.a.conns || true
nsx b cat /proc/net/tcpcrypt_conns > /tmp/uh.b.conns || true
tc_unload
echo "--- a's connections at the unload"
cat /tmp/uh.a.conns
echo "--- b's connections at the unload"
cat /tmp/uh.b.conns
echo "unloaded with $(echo $ports | wc -w) connections in their handshakes or just after"

# Each client's status: 0 would mean its 300 lines went through and came
# back, 5 that it was still going when it gave up.
done_ok=""
i=0
for c in $clis; do
	i=$((i + 1))
	p=$(echo $ports | cut -d' ' -f$i)
	rc=0
	wait $c || rc=$?
	echo "client $p: status $rc: $(tr '\n' ' ' < /tmp/uh.$p.cli)"
	# 5 is fcpeer's own timeout: the connection outlived the unload.
	[ $rc -ne 0 ] && [ $rc -ne 5 ] || done_ok="$done_ok $p"
done
for s in $srvs; do kill $s 2>/dev/null || true; done
for s in $srvs; do wait $s 2>/dev/null || true; done
for p in $ports; do
	echo "server $p: $(tr '\n' ' ' < /tmp/uh.$p.srv) received $(wc -c 2>/dev/null < /tmp/uh.$p.recv || echo 0) bytes"
done

# The control: plain TCP after the unload, with other text.
awk 'BEGIN { for (i = 0; i < 64; i++) printf "POST-UNLOAD-PLAIN-CONTROL %038d\n", i }' > /tmp/ctl
nsx b tcpcat -l 6499 -o /tmp/ctl.recv &
ctl=$!
wait_listen b 6499
nsx a tcpcat 10.0.0.2 6499 -i /tmp/ctl
wait $ctl || fail "the control connection's server failed"

fc_check 0
grep -q -a POST-UNLOAD-PLAIN-CONTROL /tmp/fc.pcap ||
	fail "the plain control connection is not in the capture"
echo "ok: the plain connection opened after the unload is in the capture"
[ -z "$done_ok" ] || fail "connection(s) begun before the unload outlived it:$done_ok"
echo "ok: every connection begun before the unload failed"
