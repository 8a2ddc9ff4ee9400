# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 9: a segment of a tracked (encrypted) connection
# that the module cannot parse is dropped and counted
# (TcpcryptDropUnparsable), not passed. pktforge, on b's side of the link,
# sends a to an encrypted connection's 4-tuple (a is the client, b the
# server, fcstream marker lines both ways):
#   IPv4: a 20-byte TCP header whose data offset says 15 words (60 bytes),
#         once without payload and once with 20 bytes of payload (both end
#         before the header does)
#   IPv6: the same without payload, and again behind a hop-by-hop options
#         header (the module finds TCP after the extension header)
# Each must raise a's TcpcryptDropUnparsable by one, and the connections
# must go on intact, encrypted, with no marker on the wire.
# COUNTER-BASED: the old module counted these as TcpcryptMalformedSegs and
# passed them, and TCP then dropped them itself (the data offset is beyond
# the segment), so the difference is invisible on the wire and to the
# applications; the old module has no TcpcryptDropUnparsable counter at all.
# check: stock
# timeout: 90
. /vm/lib.sh

pair a b
tc_load
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done

# cnt NS NAME: a counter, or "missing" (the old module lacks some).
cnt() {
	nsx "$1" cat /proc/net/tcpcrypt_stat | sed -n "s/^Tcpcrypt$2 //p" | grep . || echo missing
}

bad=""
# one FAM ADDR PORT SENDS...: an fcstream connection a -> ADDR:PORT; each
# SEND is a pktforge send line's fields (reply-to a segment of a, on b's link).
one() {
	_fam=$1 _addr=$2 _port=$3
	shift 3
	{
		echo "iface veth0"
		# A protected segment from a: the connection is encrypting.
		echo "wait x 10000 in dport $_port mac"
		for _f in "$@"; do
			echo "send reply-to x $_f"
			echo "sleep 300"
		done
	} > /tmp/un.pf
	_d0=$(cnt a DropUnparsable) _m0=$(cnt a MalformedSegs)
	fc_capture a
	nsx b fcstream -T 30 -l "$_port" -s "send:30:100 shut eof:30" 2>/tmp/un.srv &
	_srv=$!
	wait_listen b "$_port"
	pf b /tmp/un.pf /tmp/un.pflog
	_pf=$pf
	_crc=0 _src=0 _prc=0
	nsx a fcstream -T 30 "$_addr" "$_port" -s "send:30:100 shut eof:30" 2>/tmp/un.cli || _crc=$?
	wait $_srv || _src=$?
	wait $_pf || _prc=$?
	fc_check 3840
	_d1=$(cnt a DropUnparsable) _m1=$(cnt a MalformedSegs)
	echo "IPv$_fam: client: $(tail -n 1 /tmp/un.cli)"
	echo "IPv$_fam: server: $(tail -n 1 /tmp/un.srv)"
	sed 's/^/    /' /tmp/un.pflog
	echo "IPv$_fam: a's DropUnparsable $_d0 -> $_d1, MalformedSegs $_m0 -> $_m1"
	[ $_prc -eq 0 ] || { echo "BAD: IPv$_fam: pktforge failed"; bad="$bad IPv$_fam(pktforge)"; }
	[ $_crc -eq 0 ] && [ $_src -eq 0 ] ||
		{ echo "BAD: IPv$_fam: the connection did not carry its lines intact"; bad="$bad IPv$_fam(stream)"; }
	if [ "$_d1" = missing ]; then
		echo "BAD: IPv$_fam: no counter TcpcryptDropUnparsable: the $# segment(s) were passed to TCP (MalformedSegs moved by $((_m1 - _m0)))"
		bad="$bad IPv$_fam(passed)"
	elif [ $((_d1 - _d0)) -ne $# ]; then
		echo "BAD: IPv$_fam: DropUnparsable moved by $((_d1 - _d0)), not $#"
		bad="$bad IPv$_fam(counter)"
	else
		echo "ok: IPv$_fam: $# unparsable segment(s) of the encrypted connection dropped and counted"
	fi
}

one 4 10.0.0.2 6201 "flags=A doff=15" "flags=PA doff=15 payload=00112233445566778899aabbccddeeff00112233"
one 6 fd00::2 6202 "flags=A doff=15" "flags=A doff=15 hbh=1"
stat_all a
stat_all b
assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes completed in a"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
[ -z "$bad" ] || fail "cases failed:$bad"
echo "every unparsable segment of a tracked connection was dropped"
