# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl show (pretty, colours, -v, dump, --json) and stats (text,
# --json) against live IPv4 and IPv6 connections; compared with
# /proc/net/tcpcrypt_conns and /proc/net/tcpcrypt_stat.
# check: stock
. /vm/lib.sh

pair a b
tc_load full_csum=1
nsx a tcpcryptctl show > /tmp/empty
assert_eq "$(wc -c < /tmp/empty)" 0 "show without connections"
assert_eq "$(nsx a tcpcryptctl --json show)" "[]" "show --json without connections"

mkdata /tmp/data 64
for addr in 10.0.0.2 fd00::2; do
	port=$((5001 + ${#addr} % 2))
	nsx b tcpcat -l $port -o /dev/null &
	wait_listen b $port
	# Some data, then the connection stays open while we look.
	( cat /tmp/data; sleep 6 ) | nsx a tcpcat $addr $port &
done
sleep 3

nsx a tcpcryptctl show > /tmp/pretty
cat /tmp/pretty
assert_eq "$(grep -c '^conn: ' /tmp/pretty)" 2 "connections shown"
grep -q '^conn: 10\.0\.0\.1:[0-9]* ⇄ 10\.0\.0\.2:500[12]$' /tmp/pretty || fail "IPv4 tuple"
grep -q '^conn: \[fd00::1\]:[0-9]* ⇄ \[fd00::2\]:500[12]$' /tmp/pretty || fail "IPv6 tuple"
assert_eq "$(grep -c '^  state: encrypting$' /tmp/pretty)" 2 "encrypting"
assert_eq "$(grep -c '^  role: client$' /tmp/pretty)" 2 "client role"
assert_eq "$(grep -c -E '^  session id: [0-9a-f]{16}…$' /tmp/pretty)" 2 "short session IDs"
grep -q '^  transfer: 0 B received in [0-9]* segments, [0-9.]* KiB sent in [0-9]* segments$' /tmp/pretty ||
	fail "transfer line"
grep -q -F "$(printf '\033')" /tmp/pretty && fail "colours in a pipe"
TCPCRYPTCTL_COLOR=always nsx a tcpcryptctl show | grep -q -F "$(printf '\033[32m')" ||
	fail "no colours when forced"
nsx b tcpcryptctl show | grep -c '^  role: server$' | grep -q 2 || fail "server role on b"

# -v: full session IDs, the same on both ends and in /proc.
nsx a tcpcryptctl show -v | sed -n 's/^  session id: //p' | sort > /tmp/sid.a
nsx b tcpcryptctl show -v | sed -n 's/^  session id: //p' | sort > /tmp/sid.b
nsx a awk 'NR > 1 { print $7 }' /proc/net/tcpcrypt_conns | sort > /tmp/sid.proc
assert_eq "$(grep -c -E '^[0-9a-f]{64}$' /tmp/sid.a)" 2 "full session IDs"
cmp /tmp/sid.a /tmp/sid.b || fail "session IDs differ between the ends"
cmp /tmp/sid.a /tmp/sid.proc || fail "session IDs differ from /proc/net/tcpcrypt_conns"

# dump: 15 tab-separated fields per connection.
nsx a tcpcryptctl show dump > /tmp/dump
cat /tmp/dump
assert_eq "$(wc -l < /tmp/dump)" 2 "dump lines"
assert_eq "$(awk -F '\t' '{ print NF }' /tmp/dump | sort -u)" 15 "fields per dump line"
awk -F '\t' '$3 != "client" || $4 != "encrypting" || $7 !~ /^[0-9a-f]{64}$/ || $11 < 65536 || $12 != 0 || $15 != 0 { exit 1 }' /tmp/dump ||
	fail "dump fields"
cut -f 7 /tmp/dump | sort | cmp - /tmp/sid.a || fail "dump session IDs"

# --json: one object per connection.
nsx a tcpcryptctl show --json > /tmp/json
cat /tmp/json
assert_eq "$(head -n 1 /tmp/json)" "[" "JSON array"
assert_eq "$(grep -c '^  {"family": "ipv[46]", "local": "[^"]*", "remote": "[^"]*", "role": "client", "state": "encrypting", "public_key": "[^"]*", "suite": "[^"]*", "session_id": "[0-9a-f]\{64\}", "app_aware": {"client": false, "server": false}, "legacy_peer": false, "age_ms": [0-9]*, "bytes_out": [0-9]*, "bytes_in": 0, "segs_out": [1-9][0-9]*, "segs_in": [0-9]*, "mac_failures": 0},\{0,1\}$' /tmp/json)" 2 "JSON objects"

# stats: the counters of /proc/net/tcpcrypt_stat, then as JSON.
nsx a tcpcryptctl stats > /tmp/stats
cat /tmp/stats
grep -q -E '^Connections +2 \(max_conns 65536\)$' /tmp/stats || fail "connections"
grep -q -E '^HandshakesInProgress +0 \(max_handshakes 256\)$' /tmp/stats || fail "handshakes in progress"
grep -q -E '^OutSyns +2$' /tmp/stats || fail "OutSyns"
grep -q -E '^HandshakesCompleted +2$' /tmp/stats || fail "HandshakesCompleted"
# Before the counters: five gauges, the histogram's title and its 14 buckets.
assert_eq "$(($(wc -l < /tmp/stats) - 20))" "$(nsx a cat /proc/net/tcpcrypt_stat | wc -l)" "one line per counter"
json=$(nsx a tcpcryptctl --json stats)
echo "$json"
echo "$json" | grep -q -E '^\{"connections": 2, "max_conns": 65536, "handshakes_in_progress": 0, "max_handshakes": 256, .*"counters": \{"TcpcryptOutSegs": [0-9]+, .*"TcpcryptOutSyns": 2,.*\}\}$' ||
	fail "bad stats JSON"
wait
