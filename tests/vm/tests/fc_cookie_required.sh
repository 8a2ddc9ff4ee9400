# SPDX-License-Identifier: GPL-2.0
# Fail closed: a listener that requires tcpcrypt answers a HELLO SYN with a
# SYN cookie (tcp_syncookies=2: always), and the "client" (pktforge) then
# completes the cookie with a plain ACK carrying data, after the half-open
# entry's wait is over. Without an entry, the old module let TCP accept the
# cookie: a required connection came up in plaintext and the server echoed
# the marker on the wire. Now the ACK is refused with a RST, the listener
# accepts nothing and RefusedRequired moves. The same with a (made-up) MAC
# option on the ACK, which the old module handed to TCP as "a MACed
# segment with no socket".
# Control: the same exchange with a listener that does not require
# tcpcrypt comes up plain and delivers the data, which shows that the
# forged ACK does complete a cookie (else the check above proves nothing).
# IPv4 and IPv6.
# check: stock
# timeout: 200
. /vm/lib.sh

if [ ! -e /proc/sys/net/ipv4/tcp_syncookies ]; then
	echo "the kernel has no SYN cookies (CONFIG_SYN_COOKIES)"
	exit 77
fi
pair a b
tc_load
nsx b sh -c 'echo 2 > /proc/sys/net/ipv4/tcp_syncookies'
port=6100
ghost_client a b


# cookie FAMILY CLIENT_ADDR SERVER_ADDR always|plain [mac]
# The client's addresses (.9) are no one's: b reaches them through a
# static neighbour entry at a's MAC, and a's TCP, which does not own
# them, stays silent.
cookie() {
	_fam=$1 _ca=$2 _sa=$3 _mode=$4 _mac=""
	[ "${5:-}" = mac ] && _mac="opts=4612$(printf '5a%.0s' $(seq 16))"
	port=$((port + 1))
	_sopt=""
	[ "$_mode" = always ] && _sopt=-a
	cat > /tmp/ck.pf <<PF
iface veth0
peermac $ghost_peermac
send src=$_ca dst=$_sa sport=41000 dport=$port flags=S seq=1000 ack=0 opts=020405b4450301
wait sa 5000 in flags +SA sport $port
sleep 4500
send reply-to sa flags=PA $_mac payload="TCPCRYPT-PLAINTEXT-MARKER cookie $_fam $_mode\n"
sleep 1500
PF
	[ "$_mode" = always ] && echo "expect rst 3000 in flags +R sport $port" >> /tmp/ck.pf
	_r0=$(stat b RefusedRequired)
	: > /tmp/ck.recv
	# The listener outlives the exchange (9 s here, longer where
	# the kernel is slower), or the forged ACK would meet no listener.
	nsx b fcpeer -l $port $_sopt -o /tmp/ck.recv -t $((9 * ${VM_TIME_SCALE:-1})) 2>/tmp/ck.srv &
	_srv=$!
	_t0=$(cut -d' ' -f1 /proc/uptime)
	wait_listen b $port
	[ "$_mode" = always ] && fc_capture a
	_prc=0
	nsx a pktforge /tmp/ck.pf 2>/tmp/ck.pflog || _prc=$?
	echo "IPv$_fam $_mode: the exchange ended $(awk -v a="$_t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s after the listener started"
	kill -0 $_srv 2>/dev/null ||
		fail "IPv$_fam $_mode: the listener was gone before the exchange ended (fcpeer's -t too short here): nothing was tested"
	_src=0
	wait $_srv || _src=$?
	_r1=$(stat b RefusedRequired)
	echo "IPv$_fam $_mode: pktforge $_prc, server $_src, RefusedRequired $_r0 -> $_r1, received $(wc -c < /tmp/ck.recv) bytes"
	if [ "$_mode" = always ]; then
		[ $_prc -eq 0 ] || fail "IPv$_fam: pktforge: $(cat /tmp/ck.pflog)"
		[ ! -s /tmp/ck.recv ] || fail "IPv$_fam: the required listener accepted plaintext: $(cat /tmp/ck.recv)"
		[ $_src -eq 5 ] || fail "IPv$_fam: the required listener's accept ended with $_src, not the timeout (5): $(cat /tmp/ck.srv)"
		[ "$_r1" -gt "$_r0" ] || fail "IPv$_fam: RefusedRequired did not move"
		fc_check
	else
		if ! grep -q "TCPCRYPT-PLAINTEXT-MARKER cookie $_fam" /tmp/ck.recv; then
			stat_all b
			nsx b cat /proc/net/netstat
			fail "IPv$_fam control: the forged cookie ACK did not complete a connection (server $_src: $(cat /tmp/ck.srv); pktforge: $(cat /tmp/ck.pflog))"
		fi
	fi
}

cookie 4 10.0.0.9 10.0.0.2 always
cookie 6 fd00::9 fd00::2 always
cookie 4 10.0.0.9 10.0.0.2 always mac
cookie 6 fd00::9 fd00::2 always mac
# Last: their plain connections linger, retransmitting the echoed marker
# to an address nobody answers for.
cookie 4 10.0.0.9 10.0.0.2 plain
cookie 6 fd00::9 fd00::2 plain
echo "ok"
