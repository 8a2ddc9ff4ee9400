# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl monitor: handshake-done and closed events of a connection,
# a fallback event against a peer without tcpcrypt, and rate-limited
# MAC-failure events from a tampering router; text and --json.
# check: stock
# timeout: 240
. /vm/lib.sh

tc_load full_csum=1
triple a r b

# mon NS FILE [ARGS]: start a monitor in NS; sets $mon.
mon() {
	_ns=$1 _f=$2
	shift 2
	# Not through the nsx function: $! must be the monitor itself.
	ip netns exec "$_ns" tcpcryptctl monitor "$@" > "$_f" 2> "$_f.err" &
	mon=$!
	_i=0
	until grep -q "monitoring tcpcrypt events" "$_f.err"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "monitor did not start: $(cat "$_f.err")"
		sleep 0.05
	done
}
mon_stop() { kill "$mon" 2>/dev/null || true; wait "$mon" 2>/dev/null || true; }

# A whole connection: handshake-done, then closed once the gc sees the
# socket gone (TIME-WAIT lingers: the client closes first).
mon b /tmp/ev --count 2
mon2=$mon
mon a /tmp/ev.json --json
mkmarked /tmp/data 32
fc_capture a
transfer a b 10.0.2.1 /tmp/data
fc_check $((32 * 1024))
i=0
until [ "$(wc -l < /tmp/ev)" -ge 2 ] || [ $i -ge 150 ]; do sleep 0.2; i=$((i + 1)); done
cat /tmp/ev
wait $mon2 || fail "monitor --count 2 did not end by itself"
assert_eq "$(cut -f 1 /tmp/ev | tr '\n' ' ')" "handshake-done closed " "events on b"
awk -F '\t' '$1 == "handshake-done" && $2 ~ /^10\.0\.2\.1:5001$/ && $4 == "server" && $5 == "encrypting" && $8 ~ /^[0-9a-f]{64}$/ { ok = 1 } END { exit !ok }' /tmp/ev ||
	fail "handshake-done fields"
mon_stop
cat /tmp/ev.json
grep -q '^{"event": "handshake-done", "conn": {"family": "ipv4", "local_addr": "10.0.1.1", "local_port": [0-9]*, "peer_addr": "10.0.2.1", "peer_port": 5001, "role": "client", "state": "encrypting", .*}}$' /tmp/ev.json ||
	fail "JSON event"

# Fallback: b switched off, so a's HELLO goes unanswered.
nsx b tcpcryptctl set enabled off
mon a /tmp/ev
transfer a b 10.0.2.1 /tmp/data
sleep 0.5
mon_stop
cat /tmp/ev
grep -q '^fallback	10\.0\.1\.1:[0-9]*	10\.0\.2\.1:5001	client	syn-sent	' /tmp/ev || fail "no fallback event"
nsx b tcpcryptctl set enabled on

# MAC failures: every 20th large segment towards b altered. Events come
# at most once a second per connection and carry the running count.
nsx r tc qdisc add dev veth1 clsact
nsx r tc filter add dev veth1 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network gt 300)' \
	action gact ok random determ pipe 20 \
	action pedit munge offset 100 u8 invert pipe \
	action csum ip4h and tcp
mkdata /tmp/big "$(kib 2048)"
mon b /tmp/ev
t0=$(date +%s)
transfer a b 10.0.2.1 /tmp/big
t1=$(date +%s)
sleep 0.5
mon_stop
failures=$(stat b InMacFailures)
grep mac-failure /tmp/ev || true
n=$(grep -c '^mac-failure	' /tmp/ev || true)
assert_ge "$failures" 3 "MAC failures on b (one in 20 large segments altered)"
assert_ge "$n" 1 "MAC-failure events"
assert_ge $((t1 - t0 + 2)) "$n" "MAC-failure events, at most one a second"
last=$(grep '^mac-failure	' /tmp/ev | tail -n 1 | cut -f 16)
assert_ge "$last" "$n" "count carried by the last MAC-failure event"
assert_ge "$failures" "$last" "count carried against the counter"
