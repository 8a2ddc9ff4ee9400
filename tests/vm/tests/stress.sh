# SPDX-License-Identifier: GPL-2.0
# Races under stress, for STRESS_TIME seconds (75 by default; `make soak`
# sets an hour): at once and on both vCPUs, concurrent encrypted transfers
# and short connections closed with RSTs (SO_LINGER 0), over IPv4 and IPv6,
# across a link that loses packets (netem: retransmissions, INIT
# retransmits); key refresh and cache flush in a loop; namespace pairs
# created, loaded with connections and destroyed; and the module unloaded
# and loaded again in the middle of handshakes and transfers. Every
# connection must end intact or failed, never with altered data; the
# marker of the encrypted connections never on the wire in plaintext; the
# kernel log clean (lockdep, KASAN, WARN: the harness scans it); and the
# module unloads at the end.
# check: debug
# timeout: 300
. /vm/lib.sh
# In make check on the debug kernel only (lockdep and KASAN judge races).
[ -n "${STRESS_TIME:-}" ] || lane_on

dur=${STRESS_TIME:-75}
end=$(( $(cut -d. -f1 /proc/uptime) + dur ))
running() { [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ]; }
# running_for N: N seconds are left.
running_for() { [ $(($(cut -d. -f1 /proc/uptime) + $1)) -lt "$end" ]; }

pair a b
# Every connection of a and b requires tcpcrypt, so that none of them may
# go plain (and carry the marker) while the module is loaded; while it is
# unloaded the link is cut (below), so that nothing of a socket made
# meanwhile is sent plain either.
setup_ns() {
	for _ns in a b; do
		nsx $_ns sh -c 'echo always > /proc/sys/net/tcpcrypt/default_cmode'
	done
}
tc_load
setup_ns
# A connect() across the cut link gives up within seconds (3 SYNs).
nsx a sh -c 'echo 2 > /proc/sys/net/ipv4/tcp_syn_retries'
# Loss on both ends: retransmitted SYNs, INITs, data and RSTs.
link() {
	for _ns in a b; do
		nsx $_ns tc qdisc "$1" dev veth0 root netem loss "$2" delay 1ms
	done
}
link add 2%

# Not through nsx: $! must be tcpmany itself (ip netns exec execs it).
ip netns exec b tcpmany -l 5003 > /dev/null 2>&1 &
srv1=$!
ip netns exec b tcpmany -z -l 5004 > /dev/null 2>&1 &
srv2=$!
wait_listen b 5003
wait_listen b 5004
mkdir -p /tmp/st
rm -f /tmp/st/*

fc_capture a

# loop NAME CMD...: run CMD until the time is up; each run's output in
# /tmp/st/NAME.out, "exit N" lines in /tmp/st/NAME.rc. A run that takes 90 s
# has hung: a run is at most 8 parallel or 5 sequential connections, each
# of which either ends or gives up within seconds, and a cut link (below)
# stalls the one or two in flight by its length plus a retransmission
# timer, about 15 s on a slow debug kernel.
loop() {
	_name=$1
	shift
	while running; do
		set +e
		timeout 90 "$@" >> /tmp/st/$_name.out 2>&1
		echo "exit $?" >> /tmp/st/$_name.rc
		set -e
	done
}

# Concurrent transfers (v4 and v6) and short RST-closed connections, four
# loops: the guest's two vCPUs both busy.
loop bulk4 ip netns exec a tcpmany 10.0.0.2 5003 -c 8 -b 32768 -m -k &
p1=$!
loop bulk6 ip netns exec a tcpmany fd00::2 5003 -c 8 -b 32768 -m -k &
p2=$!
loop rst4 ip netns exec a tcpmany 10.0.0.2 5004 -r 5 -m -k -z &
p3=$!
loop rst6 ip netns exec a tcpmany fd00::2 5003 -r 5 -m -k -z &
p4=$!

# Key refresh and cache flush, both ends (they fail while unloaded).
(while running; do
	for ns in a b; do
		nsx $ns tcpcryptctl refresh > /dev/null 2>&1 || true
		nsx $ns tcpcryptctl flush > /dev/null 2>&1 || true
	done
	echo x >> /tmp/st/refresh.n
	sleep 0.3
done) &
p5=$!

# Namespace pairs made, loaded and destroyed with connections open.
(i=0
while running; do
	i=$((i + 1))
	ip netns add c$i
	ip netns add d$i
	ip link add veth0 netns c$i type veth peer name veth0 netns d$i
	for ns in c$i d$i; do
		nsx $ns ip link set lo up
		nsx $ns ip link set veth0 up
	done
	nsx c$i ip addr add 10.9.0.1/24 dev veth0
	nsx d$i ip addr add 10.9.0.2/24 dev veth0
	nsx c$i sh -c 'echo 2 > /proc/sys/net/ipv4/tcp_syn_retries'
	ip netns exec d$i tcpmany -l 5005 > /dev/null 2>&1 &
	s=$!
	sleep 0.3
	ip netns exec c$i tcpmany 10.9.0.2 5005 -c 4 -b 200000 -k > /dev/null 2>&1 &
	c=$!
	sleep 1
	kill -9 $c $s 2>/dev/null || true
	wait $c $s 2>/dev/null || true
	ip netns del c$i
	ip netns del d$i
	echo x >> /tmp/st/netns.n
done) &
p6=$!

# Unload and load again every 15 s, in the middle of all that. The link
# is cut first (qdisc: the module's hooks still see every segment, the
# wire none), so that a socket made while the module is away sends
# nothing plain; it is restored once the module and its settings are back.
# None in the last 20 s: the run ends with the module loaded and traffic
# flowing, which the checks at the end count.
(sleep 10
while running_for 20; do
	link change 100%
	_i=0
	until rmmod tcpcrypt 2>> /tmp/st/rmmod.err; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || { echo "rmmod failed" >> /tmp/st/reload.fail; break; }
		sleep 0.1
	done
	echo x >> /tmp/st/reload.n
	sleep 1
	modprobe tcpcrypt || echo "modprobe failed" >> /tmp/st/reload.fail
	setup_ns || echo "settings failed" >> /tmp/st/reload.fail
	link change 2%
	sleep 15
done) &
p7=$!

wait $p1 $p2 $p3 $p4 $p5 $p6 $p7
link change 0%
kill $srv1 $srv2 2>/dev/null || true

for n in bulk4 bulk6 rst4 rst6; do
	echo "$n: $(wc -l < /tmp/st/$n.rc) runs, exits: $(sort /tmp/st/$n.rc | uniq -c | tr '\n' ' ')"
	grep -E 'altered' /tmp/st/$n.out | head -n 5 || true
	! grep -q 'exit 3' /tmp/st/$n.rc || fail "$n: data arrived altered"
	# Exit 0 with -k: no altered data. 124: a run hung for 90 s.
	! grep -q 'exit 124' /tmp/st/$n.rc || fail "$n: a run hung"
done
intact=$(cat /tmp/st/bulk4.out /tmp/st/bulk6.out | sed -n 's/^\([0-9]*\) of [0-9]* connections intact.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
short=$(cat /tmp/st/rst4.out /tmp/st/rst6.out | sed -n 's/^\([0-9]*\) of [0-9]* connections intact.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
failed=$(cat /tmp/st/*.out | grep -c '^tcpmany: ' || true)
echo "intact: $intact transfers of 32 KiB, $short short connections; $failed failed"
# Floors that show each part ran alongside the others, low enough for a
# debug kernel on a busy host (a quiet one does two to three times more).
# Namespace churn waits on the reload loop (both need the pernet lock): a
# debug-kernel run of make check made only 2 pairs in 75 s.
assert_ge "$intact" 8 "intact transfers"
assert_ge "$short" 10 "intact short connections"
assert_ge "$(wc -l < /tmp/st/refresh.n)" 2 "key refresh and flush rounds"
assert_ge "$(wc -l < /tmp/st/netns.n)" 2 "namespace pairs made and destroyed"
if [ "$dur" -ge 40 ]; then
	assert_ge "$(wc -l < /tmp/st/reload.n)" 1 "unloads under load"
fi
[ ! -s /tmp/st/reload.fail ] || fail "reload: $(cat /tmp/st/reload.fail)"
stat_all a
assert_ge "$(stat a HandshakesCompleted)" 1 "handshakes completed since the last load"
# Half of one direction of the transfers at least in the capture.
fc_check $((intact * 32768 / 2))

tc_unload_retry "the module does not unload at the end"
echo "ok: unloaded at the end ($(wc -l < /tmp/st/reload.n) reloads during the run)"
