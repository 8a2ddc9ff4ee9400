# SPDX-License-Identifier: GPL-2.0
# Fail closed (found by kfuzz): a listener that requires tcpcrypt refuses
# a client's third ACK that carries no INIT1 by turning that ACK into a
# RST to its own TCP. TCP ignores that RST when PAWS rejects the segment
# (its timestamp is older than the SYN's); the request socket survived,
# and the old module had already forgotten the connection, so the
# client's next ACK, with a good timestamp and data, completed a plain
# connection on the required listener. Now the entry stays, failed, and
# drops the tuple's segments until the request socket is gone.
# pktforge plays the client (from an address nobody owns, as in
# fc_cookie_required); IPv4 and IPv6.
# check: stock
# timeout: 120
. /vm/lib.sh

pair a b
tc_load
port=6200
ghost_client a b


# paws FAMILY CLIENT_ADDR SERVER_ADDR
paws() {
	_fam=$1 _ca=$2 _sa=$3
	port=$((port + 1))
	# SYN: MSS, timestamps (val 1000000), CRYPT HELLO.
	cat > /tmp/pw.pf <<PF
iface veth0
peermac $ghost_peermac
send src=$_ca dst=$_sa sport=42000 dport=$port flags=S seq=1000 ack=0 opts=020405b40101080a000f424000000000450301
wait sa 5000 in flags +SA sport $port
send reply-to sa flags=A opts=0101080a0000000500000000
expect rst 3000 in flags +R sport $port
sleep 300
send reply-to sa flags=PA opts=0101080a000f424100000000 payload="TCPCRYPT-PLAINTEXT-MARKER paws $_fam\n"
sleep 1500
PF
	_r0=$(stat b RefusedRequired)
	: > /tmp/pw.recv
	nsx b fcpeer -l $port -a -o /tmp/pw.recv -t 6 2>/tmp/pw.srv &
	_srv=$!
	wait_listen b $port
	fc_capture a
	_prc=0
	nsx a pktforge /tmp/pw.pf 2>/tmp/pw.pflog || _prc=$?
	_src=0
	wait $_srv || _src=$?
	_r1=$(stat b RefusedRequired)
	echo "IPv$_fam: pktforge $_prc, server $_src, RefusedRequired $_r0 -> $_r1, received $(wc -c < /tmp/pw.recv) bytes"
	[ $_prc -eq 0 ] || fail "IPv$_fam: pktforge: $(cat /tmp/pw.pflog)"
	[ ! -s /tmp/pw.recv ] || fail "IPv$_fam: the required listener accepted plaintext: $(cat /tmp/pw.recv)"
	[ $_src -eq 5 ] || fail "IPv$_fam: the required listener's accept ended with $_src, not the timeout (5): $(cat /tmp/pw.srv)"
	[ "$_r1" -gt "$_r0" ] || fail "IPv$_fam: RefusedRequired did not move"
	fc_check
}

paws 4 10.0.0.9 10.0.0.2
paws 6 fd00::9 fd00::2
echo "ok"
