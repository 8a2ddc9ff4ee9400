# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 2: one blind RST without a MAC, its sequence number
# far outside the window, must not turn an encrypted connection into a
# plaintext one. a sends a marker line every 100 ms to an echo server in b;
# pktforge in b puts the RST on the link towards a; the old code unlinked
# the connection 2 s after any unMACed RST and a's data then left in clear.
# Checked, IPv4 and IPv6: the marker never on the wire, every line echoed
# (the connection lives on), and TcpcryptInUnauthRstPassed >= 1 in a.
# check: stock debug
# timeout: 90
. /vm/lib.sh

pair a b
tc_load
bad=""

run() {
	_fam=$1 _aa=$2 _ba=$3 _port=$4
	echo "--- IPv$_fam: blind RST towards $_aa"
	capture a /tmp/cap$_fam.pcap
	nsx b fcpeer -l "$_port" -t 14 &
	_srv=$!
	wait_listen b "$_port"
	cat > /tmp/rst$_fam.pf <<-END
	iface veth0
	wait d 5000 in src $_aa dport $_port payload mac
	send reply-to d flags=R seq=d.ack+1000000
	echo forged RST sent
	END
	pf b /tmp/rst$_fam.pf /tmp/pf$_fam.log
	_pf=$pf
	# 80 lines at 100 ms: the RST comes about 0.3 s in, the old code's
	# unlink 2 s later, and lines keep flowing for 5 s after that.
	_crc=0
	nsx a fcpeer "$_ba" "$_port" -n 80 -i 100 -t 14 || _crc=$?
	_prc=0
	wait $_pf || _prc=$?
	kill $_srv 2>/dev/null || true
	wait $_srv 2>/dev/null || true
	capture_stop
	cat /tmp/pf$_fam.log
	[ $_prc -eq 0 ] || fail "IPv$_fam: pktforge failed ($_prc): the test did not run"
	_n=$(tcpdump -r /tmp/cap$_fam.pcap -nn -A 2>/dev/null | grep -c TCPCRYPT-PLAINTEXT-MARKER || true)
	if [ "$_n" -ne 0 ]; then
		echo "BAD: IPv$_fam: the marker is on the wire in $_n segment(s)"
		tcpdump -r /tmp/cap$_fam.pcap -nn 2>/dev/null | grep -v 'length 0' | tail -n 3
		bad="$bad plaintext-v$_fam"
	else
		echo "ok: IPv$_fam: no plaintext on the wire"
	fi
	if [ $_crc -ne 0 ]; then
		echo "BAD: IPv$_fam: the connection did not survive (fcpeer status $_crc)"
		bad="$bad dead-v$_fam"
	else
		echo "ok: IPv$_fam: every line echoed after the forged RST"
	fi
}

run 4 10.0.0.1 10.0.0.2 5001
run 6 fd00::1 fd00::2 5002
stat_all a
stat_all b
[ -z "$bad" ] || fail "behaviour:$bad"
assert_ge "$(stat a InUnauthRstPassed)" 2 "unMACed RSTs handed to TCP to judge in a"
