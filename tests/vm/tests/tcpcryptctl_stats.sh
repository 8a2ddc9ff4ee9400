# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl stats beyond the counters: connections and handshakes
# against their bounds, held segments now and in total, the memory gauge
# and the handshake latency histogram, pretty and as JSON, with a live
# connection, after several, and once they are gone (a minute later).
# check: stock
# timeout: 300
. /vm/lib.sh

pair a b
tc_load full_csum=1
# gauge NS NAME: the pretty value of NAME; field NS KEY: a number of the JSON.
gauge() { nsx "$1" tcpcryptctl stats | sed -n "s/^$2  *//p"; }
field() { nsx "$1" tcpcryptctl --json stats | sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p"; }
# The histogram's total: JSON and pretty must agree.
hist_total() {
	_j=$(nsx "$1" tcpcryptctl --json stats | grep -o '"count": [0-9]*' | awk '{ s += $2 } END { print s + 0 }')
	_p=$(nsx "$1" tcpcryptctl stats | awk '/^HandshakeLatency$/ { h = 1; next } h && /^  / { s += $NF; next } { h = 0 } END { print s + 0 }')
	[ "$_j" = "$_p" ] || fail "latency total in $1: JSON $_j, pretty $_p"
	echo "$_j"
}

# Nothing yet.
nsx b tcpcryptctl stats > /tmp/stats
cat /tmp/stats
assert_eq "$(gauge b Connections)" "0 (max_conns 65536)" "connections"
assert_eq "$(gauge b HandshakesInProgress)" "0 (max_handshakes 256)" "handshakes"
assert_eq "$(gauge b HeldSegments)" "0 now, 0 in total" "held segments"
assert_eq "$(gauge b Memory)" "0 B" "memory"
assert_eq "$(gauge b CacheEntries)" "0 (cache_max 1024)" "cache entries"
sed -n 's/^  \([<>=0-9]* ms\)  *[0-9]*$/\1/p' /tmp/stats | tr '\n' ' ' > /tmp/labels
assert_eq "$(cat /tmp/labels)" "<1 ms <2 ms <4 ms <8 ms <16 ms <32 ms <64 ms <128 ms <256 ms <512 ms <1024 ms <2048 ms <4096 ms >=4096 ms " "latency buckets"
assert_eq "$(hist_total b)" 0 "handshakes in the histogram"
nsx b tcpcryptctl --json stats > /tmp/json
cat /tmp/json
grep -q -E '^\{"connections": 0, "max_conns": 65536, "handshakes_in_progress": 0, "max_handshakes": 256, "held_segments": 0, "held_segments_total": 0, "memory_bytes": 0, "cache_entries": 0, "cache_max": 1024, "handshake_latency_ms": \[\{"below": 1, "count": 0\}, \{"below": 2, "count": 0\}, (\{"below": [0-9]+, "count": 0\}, ){11}\{"below": null, "count": 0\}\], "counters": \{"TcpcryptOutSegs": 0, .*"TcpcryptHeldSegs": 0, "TcpcryptInDropHandshakeBadSeq": 0, .*"TcpcryptInMacNoSocketToTcp": 0, "TcpcryptInRefusedPlainCookie": 0(, "Tcpcrypt[A-Za-z0-9]+": 0)*\}\}$' /tmp/json ||
	fail "stats JSON"
nsx b grep -q '^TcpcryptHeldSegs 0$' /proc/net/tcpcrypt_stat || fail "TcpcryptHeldSegs in /proc/net/tcpcrypt_stat"

# One connection that stays open a while: one segment held on each side
# (INIT1 on the server, INIT2 on the client), none held now.
mkdata /tmp/data 64
nsx b tcpcat -l 5001 -o /dev/null &
srv=$!
wait_listen b 5001
# Open for 30 s: the checks below read both ends' live entries, and the
# server's goes with its socket; the debug kernel takes a while to get there.
( cat /tmp/data; sleep 30 ) | nsx a tcpcat 10.0.0.2 5001 &
cli=$!
i=0
until [ "$(stat a HandshakesCompleted)" = 1 ] && [ "$(stat b HandshakesCompleted)" = 1 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no handshake"
	sleep 0.1
done
for ns in a b; do
	nsx $ns tcpcryptctl stats | head -n 20
	assert_eq "$(gauge $ns Connections)" "1 (max_conns 65536)" "connections in $ns"
	assert_eq "$(gauge $ns HandshakesInProgress)" "0 (max_handshakes 256)" "handshakes in $ns"
	assert_eq "$(gauge $ns HeldSegments)" "0 now, 1 in total" "held segments in $ns"
	assert_eq "$(stat $ns HeldSegs)" 1 "TcpcryptHeldSegs in $ns"
	assert_eq "$(field $ns held_segments_total)" 1 "held_segments_total in $ns"
	# A connection entry alone is some hundred bytes.
	assert_ge "$(field $ns memory_bytes)" 256 "memory held in $ns"
	assert_eq "$(hist_total $ns)" 1 "handshakes in the histogram of $ns"
	# Over veth, in well under 4 s: the elapsed time, not a timestamp.
	assert_eq "$(nsx $ns tcpcryptctl stats | sed -n 's/^  >=4096 ms  *//p')" 0 \
		"handshakes of 4 s or more in $ns"
done
# Under a KiB (one entry on the stock kernel) whole bytes alone, from a
# KiB on the rounded number with the bytes beside it; the KiB form is
# checked for certain below, with three entries.
mem=$(field b memory_bytes)
if [ "$mem" -lt 1024 ]; then
	form="^Memory +$mem B\$"
else
	form="^Memory +[0-9.]+ KiB \\($mem B\\)\$"
fi
nsx b tcpcryptctl stats | grep -q -E "$form" ||
	fail "memory: $(gauge b Memory), $mem bytes in JSON"
nsx b tcpcryptctl set max_conns 1000 max_handshakes 10
assert_eq "$(gauge b Connections)" "1 (max_conns 1000)" "connections against a new bound"
assert_eq "$(gauge b HandshakesInProgress)" "0 (max_handshakes 10)" "handshakes against a new bound"
assert_eq "$(field b max_conns)" 1000 "max_conns in JSON"
wait $cli
wait $srv

# More handshakes: each adds one histogram entry, and each full one (not
# resumed from the session cache: no public-key work) one held segment a side.
mkmarked /tmp/data 64
fc_capture a
transfer a b 10.0.0.2 /tmp/data
transfer a b fd00::2 /tmp/data
fc_check $((2 * 64 * 1024))
held() { echo $(($(stat $1 HandshakesCompleted) - $(stat $1 HandshakesResumed))); }
for ns in a b; do
	assert_eq "$(stat $ns HandshakesCompleted)" 3 "handshakes in $ns"
	assert_ge "$(held $ns)" 2 "full handshakes in $ns"
	assert_eq "$(gauge $ns HeldSegments)" "0 now, $(held $ns) in total" "held segments in $ns"
	assert_eq "$(hist_total $ns)" 3 "handshakes in the histogram of $ns"
done

# An entry lives as long as its socket: the client closed first, so its
# entries linger with their TIME-WAIT sockets (60 s), so that the last
# acknowledgements are still MACed; the server's went with its sockets.
# Then they go, and every byte charged to them must have been given back.
assert_eq "$(field a connections)" 3 "lingering (TIME-WAIT) connections in a"
assert_ge "$(field a memory_bytes)" 1024 "memory of the lingering entries in a"
nsx a tcpcryptctl stats | grep -q -E '^Memory +[0-9.]+ KiB \([0-9]+ B\)$' || fail "memory in KiB"
i=0
until [ "$(field b connections)" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 10 ] || fail "b's entries outlived their sockets: $(gauge b Connections)"
	sleep 1
done
i=0
until [ "$(field a connections)" = 0 ] && [ "$(field b connections)" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the connections did not go: a $(gauge a Connections), b $(gauge b Connections)"
	sleep 1
done
for ns in a b; do
	assert_eq "$(gauge $ns Memory)" "0 B" "memory once $ns's connections are gone"
	assert_eq "$(field $ns memory_bytes)" 0 "memory_bytes once $ns's connections are gone"
	assert_eq "$(gauge $ns HeldSegments)" "0 now, $(held $ns) in total" "held segments in $ns at the end"
done
