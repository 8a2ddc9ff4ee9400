# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 12: a segment with an encrypted connection's
# 4-tuple that a raw socket (CAP_NET_RAW, not the connection's socket)
# sends must not be sealed with the connection's keys (keystream reuse, a
# MAC oracle): the module drops it and counts TcpcryptOutDropForeignSocket.
# A connection a -> b carries a marker line every 100 ms; pktforge in b
# learns its ports and numbers; rawtcp in a sends a 25-byte payload on
# that 4-tuple; no segment with that payload length may leave a.
# IPv4 and IPv6.
# check: stock
# timeout: 90
. /vm/lib.sh

pair a b
tc_load
bad=""

run() {
	_fam=$1 _aa=$2 _ba=$3 _port=$4
	echo "--- IPv$_fam"
	capture a /tmp/cap$_fam.pcap
	nsx b fcpeer -l "$_port" -t 12 &
	_srv=$!
	wait_listen b "$_port"
	rm -f /tmp/seg$_fam
	cat > /tmp/raw$_fam.pf <<-END
	iface veth0
	wait d 5000 in src $_aa dport $_port payload mac
	export d /tmp/seg$_fam
	expect-none 3000 in src $_aa dport $_port len 25
	END
	pf b /tmp/raw$_fam.pf /tmp/pf$_fam.log
	_pf=$pf
	nsx a fcpeer "$_ba" "$_port" -n 50 -i 100 -t 12 &
	_cli=$!
	_i=0
	until [ -s /tmp/seg$_fam ]; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "pktforge saw no segment of the connection"
		sleep 0.05
	done
	. /tmp/seg$_fam
	# A netfilter drop fails the raw socket's send with EPERM.
	_rrc=0
	nsx a rawtcp "$d_src" "$d_dst" "$d_sport" "$d_dport" "$d_end" "$d_ack" TCPCRYPT-PLAINTEXT-MARKER || _rrc=$?
	echo "rawtcp: exit status $_rrc"
	_prc=0
	wait $_pf || _prc=$?
	_crc=0
	wait $_cli || _crc=$?
	kill $_srv 2>/dev/null || true
	wait $_srv 2>/dev/null || true
	capture_stop
	cat /tmp/pf$_fam.log
	_n=$(tcpdump -r /tmp/cap$_fam.pcap -nn -A 2>/dev/null | grep -c 'TCPCRYPT-PLAINTEXT-MARKER' || true)
	tcpdump -r /tmp/cap$_fam.pcap -nn 2>/dev/null | grep 'length 25$' || true
	if [ $_prc -ne 0 ]; then
		echo "BAD: IPv$_fam: the raw socket's 25 bytes left a"
		bad="$bad sealed-v$_fam"
	else
		echo "ok: IPv$_fam: nothing of the raw socket's segment left a"
	fi
	[ "$_n" -eq 0 ] || { echo "BAD: IPv$_fam: the marker in clear on the wire ($_n)"; bad="$bad plaintext-v$_fam"; }
	echo "connection status $_crc (informational)"
}

run 4 10.0.0.1 10.0.0.2 5001
run 6 fd00::1 fd00::2 5002
stat_all a
stat_all b
[ -z "$bad" ] || fail "behaviour:$bad"
assert_ge "$(stat a OutDropForeignSocket)" 2 "segments of foreign sockets dropped in a"
