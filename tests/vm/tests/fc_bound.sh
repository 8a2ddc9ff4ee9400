# SPDX-License-Identifier: GPL-2.0
# Fail-closed with device-bound sockets. The module must find a
# connection's socket where TCP does, through the device it is bound to:
# its GC drops the entry of a connection whose socket it cannot find, and
# the connection's later segments then leave in plaintext; its unload path
# aborts only the sockets it finds. Four cases, each a connection between
# a and b, both with the module, that carries fcstream's marker lines both
# ways every 100 ms for 4 s (the GC runs every second), captured on a's
# link:
#   link-local   IPv6 fe80:: with the %veth0 scope (both sockets bound by
#                the kernel to veth0)
#   bindtodev    IPv4, SO_BINDTODEVICE veth0 on the client and the listener
#   vrf          b's veth0 enslaved to vrf-blue, the server bound to the VRF
#   unload       rmmod with a bound encrypted connection (IPv4,
#                SO_BINDTODEVICE) open: both ends are reset, and nothing
#                of the connection goes out in plaintext afterwards
# Each case must deliver every line intact and in order, with handshakes
# completed on both ends, and the marker must never be in the capture.
# Every case runs even when one fails; the failed ones are named at the end.
# check: stock
# timeout: 300
. /vm/lib.sh

tc_load

# Processes a case leaves behind if it fails midway are ended by id.
: > /tmp/fc_bound.pids
failed=""
run_case() {
	echo "--- case $1"
	# A background subshell keeps set -e in force inside it.
	( "case_$1" ) &
	if wait $!; then
		echo "--- case $1: ok"
	else
		echo "--- case $1: FAILED"
		failed="$failed $1"
	fi
	for _p in $(cat /tmp/fc_bound.pids); do kill "$_p" 2>/dev/null || true; done
	: > /tmp/fc_bound.pids
	ip netns del a 2>/dev/null || true
	ip netns del b 2>/dev/null || true
	rm -f /tmp/fc-srv.out /tmp/fc-cli.out
}

# stream PORT SERVER_OPTS -- CLIENT_ADDR CLIENT_OPTS: run fcstream between
# b (server) and a (client), capturing a's link, 40 lines each way.
stream() {
	_port=$1 _sopts=$2 _addr=$3 _copts=$4
	fc_capture a
	echo "$fc_capture_pid" >> /tmp/fc_bound.pids
	# shellcheck disable=SC2086
	nsx b fcstream -T 30 $_sopts -l "$_port" -s "send:40:100 shut eof:40" 2> /tmp/fc-srv.out &
	_srv=$!
	echo "$_srv" >> /tmp/fc_bound.pids
	wait_listen b "$_port"
	_crc=0 _src=0
	# shellcheck disable=SC2086
	nsx a fcstream -T 30 $_copts "$_addr" "$_port" -s "send:40:100 shut eof:40" 2> /tmp/fc-cli.out || _crc=$?
	wait $_srv || _src=$?
	echo "client: $(cat /tmp/fc-cli.out)"
	echo "server: $(cat /tmp/fc-srv.out)"
	fc_check 2400
	stat_all a
	stat_all b
	assert_eq "$_crc" 0 "client's exit status (all of the server's lines, in order)"
	assert_eq "$_src" 0 "server's exit status (all of the client's lines, in order)"
	assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes completed in a"
	assert_eq "$(stat b HandshakesCompleted)" 1 "handshakes completed in b"
	assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
	assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
}

case_link_local() {
	pair a b
	nsx a ip addr add fe80::a/64 dev veth0 nodad
	nsx b ip addr add fe80::b/64 dev veth0 nodad
	stream 6001 "" fe80::b%veth0 ""
}

case_bindtodev() {
	pair a b
	stream 6002 "-B veth0" 10.0.0.2 "-B veth0"
}

case_vrf() {
	pair a b
	nsx b ip link add vrf-blue type vrf table 10
	nsx b ip link set vrf-blue up
	nsx b ip link set veth0 master vrf-blue
	nsx b ip -4 route show vrf vrf-blue
	stream 6003 "-B vrf-blue" 10.0.0.2 ""
}

case_unload() {
	pair a b
	fc_capture a
	echo "$fc_capture_pid" >> /tmp/fc_bound.pids
	# Long enough to outlast a slow unload (the debug kernel under load).
	nsx b fcstream -r -T 90 -B veth0 -l 6004 -s "send:600:100 shut eof:600" 2> /tmp/fc-srv.out &
	_srv=$!
	echo "$_srv" >> /tmp/fc_bound.pids
	wait_listen b 6004
	nsx a fcstream -r -T 90 -B veth0 10.0.0.2 6004 -s "send:600:100 shut eof:600" 2> /tmp/fc-cli.out &
	_cli=$!
	echo "$_cli" >> /tmp/fc_bound.pids
	# Past the GC's first rounds, in the middle of the stream.
	sleep 2.5
	stat_all a
	stat_all b
	assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes completed in a"
	assert_eq "$(stat b HandshakesCompleted)" 1 "handshakes completed in b"
	nsx a ss -tni state established
	tc_unload
	echo "unloaded with a bound encrypted connection open"
	_crc=0 _src=0
	wait $_cli || _crc=$?
	wait $_srv || _src=$?
	echo "client: $(cat /tmp/fc-cli.out)"
	echo "server: $(cat /tmp/fc-srv.out)"
	fc_check 2400
	# fcstream -r exits 0 only if the connection broke before the end.
	assert_eq "$_crc" 0 "client's exit status (connection reset by the unload)"
	assert_eq "$_src" 0 "server's exit status (connection reset by the unload)"
}

run_case link_local
run_case bindtodev
# The debug kernel (tinyconfig plus a fragment) has no VRF: say so there.
if ip link add tcpcrypt-probe type vrf table 99 2>/dev/null; then
	ip link del tcpcrypt-probe
	run_case vrf
else
	echo "--- case vrf: not run: this kernel has no VRF (CONFIG_NET_VRF)"
	[ -d /sys/kernel/debug/kunit ] || failed="$failed vrf"
fi
# Last: it unloads the module.
run_case unload
[ -z "$failed" ] || fail "failed case(s):$failed"
echo "all cases passed"
