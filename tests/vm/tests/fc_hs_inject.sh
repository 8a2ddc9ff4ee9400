# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 4: segments forged during the handshake, at wrong
# sequence numbers, must not make a connection go plain (nor kill it). A
# 150 ms netem delay on both links widens the windows; pktforge's segments
# skip the qdisc and win the race. Cases:
#   a: a RST without ACK to the client in SYN_SENT (TCP ignores it; the old
#      module forgot the connection, and the real SYN-ACK then went plain)
#   b: a SYN-ACK without tcpcrypt and with a wrong ack to the client in
#      SYN_SENT (a downgrade attempt)
#   c: a bare ACK at a wrong seq to the server in SYN_RCVD
#   d: an INIT1-looking ACK (CRYPT INIT1 marker, INIT1 magic) at a wrong
#      seq to the server in SYN_RCVD
# each with the victim's socket requiring tcpcrypt (TCP_CRYPT_CMODE_ALWAYS:
# encrypted or failed, never plain) and with default settings (the peer
# runs tcpcrypt: encrypted). Afterwards: no marker on the wire, a
# connection that carried data did so encrypted (HandshakesCompleted moved
# on both ends), and TcpcryptInDropHandshakeBadSeq moved on the victim.
# IPv4 for all cases, IPv6 for a and c.
# check: stock
# timeout: 200
. /vm/lib.sh

pair a b
tc_load
# Full handshakes only: resumption (fc_ctlsock) takes other paths.
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done
nsx a tc qdisc add dev veth0 root netem delay 150ms
nsx b tc qdisc add dev veth0 root netem delay 150ms
port=6000
bad=""
badseq_missing=""

# cnt NS NAME: a counter, or "missing" (the old module lacks some).
cnt() {
	nsx "$1" cat /proc/net/tcpcrypt_stat | sed -n "s/^Tcpcrypt$2 //p" | grep . || echo missing
}

# hs CASE MODE FAMILY CLIENT_ADDR SERVER_ADDR
hs() {
	_case=$1 _mode=$2 _fam=$3 _ca=$4 _sa=$5
	port=$((port + 1))
	_t="$_case/$_mode/IPv$_fam"
	_copt="" _sopt=""
	case $_case in
	a|b) _victim=a _attacker=b ;;
	*) _victim=b _attacker=a ;;
	esac
	if [ "$_mode" = always ]; then
		if [ $_victim = a ]; then _copt=-a; else _sopt=-a; fi
	fi
	{
		echo "iface veth0"
		case $_case in
		a)
			echo "wait syn 5000 in flags S dport $port"
			echo "send reply-to syn flags=R seq=syn.seq+12345 win=0"
			;;
		b)
			echo "wait syn 5000 in flags S dport $port"
			echo "send reply-to syn flags=SA seq=4242 ack=syn.seq+1000 opts=020405b4"
			;;
		c)
			echo "wait sa 5000 in flags SA sport $port"
			echo "send reply-to sa flags=A seq=sa.ack+100000 ack=sa.end"
			;;
		d)
			echo "wait sa 5000 in flags SA sport $port"
			echo "send reply-to sa flags=PA seq=sa.ack+100000 ack=sa.end opts=450307 payload=15101a0e00000020000200000002000000000000000000000000000000000000"
			;;
		esac
	} > /tmp/hs.pf
	_c0a=$(cnt a HandshakesCompleted) _c0b=$(cnt b HandshakesCompleted)
	_bs0=$(cnt $_victim InDropHandshakeBadSeq)
	nsx b fcpeer -l $port $_sopt -o /tmp/hs.recv -t 10 2>/tmp/hs.srv &
	_srv=$!
	wait_listen b $port
	pf $_attacker /tmp/hs.pf /tmp/hs.pflog
	_pf=$pf
	_crc=0
	nsx a fcpeer "$_sa" $port $_copt -n 10 -i 50 -t 6 2>/tmp/hs.cli || _crc=$?
	_prc=0
	wait $_pf || _prc=$?
	sleep 0.3
	kill $_srv 2>/dev/null || true
	wait $_srv 2>/dev/null || true
	_c1a=$(cnt a HandshakesCompleted) _c1b=$(cnt b HandshakesCompleted)
	_bs1=$(cnt $_victim InDropHandshakeBadSeq)
	_plain=$(tcpdump -r /tmp/hs.pcap -nn -A "tcp port $port" 2>/dev/null | grep -c TCPCRYPT-PLAINTEXT-MARKER || true)
	_why=""
	[ $_prc -eq 0 ] || _why="$_why, pktforge failed: $(tail -n 1 /tmp/hs.pflog)"
	[ "$_plain" -eq 0 ] || _why="$_why, marker on the wire in $_plain segment(s)"
	if [ $_crc -eq 0 ]; then
		[ $((_c1a - _c0a)) -ge 1 ] && [ $((_c1b - _c0b)) -ge 1 ] ||
			_why="$_why, data exchanged but no handshake completed (a $_c0a->$_c1a, b $_c0b->$_c1b)"
	elif [ "$_mode" = default ]; then
		_why="$_why, the connection failed (fcpeer status $_crc: $(tail -n 1 /tmp/hs.cli))"
	elif [ $_crc -eq 6 ]; then
		_why="$_why, required tcpcrypt but connected plain"
	elif [ -s /tmp/hs.recv ]; then
		_why="$_why, the server received $(wc -c < /tmp/hs.recv) bytes of a failed connection"
	fi
	if [ -z "$_why" ]; then
		echo "ok: $_t: client status $_crc, handshakes a $_c0a->$_c1a b $_c0b->$_c1b"
	else
		echo "BAD: $_t${_why}"
		sed 's/^/    /' /tmp/hs.pflog /tmp/hs.cli /tmp/hs.srv
		bad="$bad $_t"
	fi
	if [ "$_bs1" = missing ]; then
		badseq_missing=1
	elif [ $((_bs1 - _bs0)) -lt 1 ]; then
		echo "BAD: $_t: InDropHandshakeBadSeq in $_victim did not move ($_bs0)"
		bad="$bad $_t(counter)"
	fi
	rm -f /tmp/hs.recv
}

capture a /tmp/hs.pcap
for c in a b c d; do
	for m in always default; do
		hs $c $m 4 10.0.0.1 10.0.0.2
	done
done
for c in a c; do
	for m in always default; do
		hs $c $m 6 fd00::1 fd00::2
	done
done
capture_stop
stat_all a
stat_all b
[ -z "$bad" ] || fail "cases failed:$bad"
[ -z "$badseq_missing" ] || fail "no counter TcpcryptInDropHandshakeBadSeq"
echo "all cases held"
