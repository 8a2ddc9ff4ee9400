# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl show (pretty in UTF-8 and ASCII, colours, -v, dump, --json,
# filters) and stats (text, --json, --prometheus) against live IPv4 and
# IPv6 connections; compared with /proc/net/tcpcrypt_conns and
# /proc/net/tcpcrypt_stat.
# check: stock
. /vm/lib.sh

pair a b
tc_load full_csum=1
nsx a tcpcryptctl show > /tmp/empty
assert_eq "$(wc -c < /tmp/empty)" 0 "show without connections"
assert_eq "$(nsx a tcpcryptctl --json show)" "[]" "show --json without connections"

mkdata /tmp/data 64
# Some data, then each connection stays open while we look (however long
# that takes on a busy machine), until /tmp/hold is written at the end.
mkfifo /tmp/hold
for addr in 10.0.0.2 fd00::2; do
	port=$((5001 + ${#addr} % 2))
	nsx b tcpcat -l $port -o /dev/null &
	wait_listen b $port
	( cat /tmp/data; cat /tmp/hold ) | nsx a tcpcat $addr $port &
done
sleep 3

LC_ALL=C.UTF-8 nsx a tcpcryptctl show > /tmp/pretty
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
# Outside UTF-8 locales: ASCII only.
LC_ALL=C nsx a tcpcryptctl show > /tmp/ascii
grep -q '^conn: 10\.0\.0\.1:[0-9]* <-> 10\.0\.0\.2:500[12]$' /tmp/ascii || fail "ASCII IPv4 tuple"
assert_eq "$(grep -c -E '^  session id: [0-9a-f]{16}\.\.\.$' /tmp/ascii)" 2 "ASCII short session IDs"
[ "$(LC_ALL=C tr -d '\000-\177' < /tmp/ascii | wc -c)" -eq 0 ] || fail "non-ASCII output with LC_ALL=C"

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

# --json: an array of objects, on one line; addresses and ports apart.
nsx a tcpcryptctl show --json > /tmp/json
cat /tmp/json
assert_eq "$(wc -l < /tmp/json)" 1 "JSON on one line"
obj='{"family": "ipv[46]", "local_addr": "[0-9a-f.:]*", "local_port": [0-9]*, "peer_addr": "\(10\.0\.0\.2\|fd00::2\)", "peer_port": 500[12], "role": "client", "state": "encrypting", "public_key": "[^"]*", "suite": "[^"]*", "session_id": "[0-9a-f]\{64\}", "app_aware": {"client": false, "server": false}, "legacy_peer": false, "age_ms": [0-9]*, "bytes_out": [0-9]*, "bytes_in": 0, "segs_out": [1-9][0-9]*, "segs_in": [0-9]*, "mac_failures": 0}'
grep -q "^\[$obj, $obj\]$" /tmp/json || fail "JSON objects"

# Filters: peer (address or prefix), port (either end), state.
count() { nsx a tcpcryptctl show dump "$@" | wc -l; }
assert_eq "$(count peer 10.0.0.2)" 1 "show peer 10.0.0.2"
assert_eq "$(count peer fd00::/64)" 1 "show peer fd00::/64"
assert_eq "$(count peer 10.0.0.0/8)" 1 "show peer 10.0.0.0/8"
assert_eq "$(count peer 10.0.0.3)" 0 "show peer 10.0.0.3"
assert_eq "$(count peer 0.0.0.0/0)" 1 "show peer 0.0.0.0/0 (IPv4 only)"
assert_eq "$(count port 5001)" 1 "show port 5001"
assert_eq "$(count port 5003)" 0 "show port 5003"
lport=$(nsx a tcpcryptctl show dump | head -n 1 | cut -f 1 | sed 's/.*://')
assert_eq "$(count port "$lport")" 1 "show port of the local end"
assert_eq "$(count state encrypting)" 2 "show state encrypting"
assert_eq "$(count state keying)" 0 "show state keying"
assert_eq "$(count state encrypting peer fd00::2 port 5002)" 1 "filters together"
assert_eq "$(nsx a tcpcryptctl show --json port 5003)" "[]" "no match in JSON"
for bad in "peer 10.0.0.0/33" "peer nohost" "port 65536" "port -1" "state asleep" "peer"; do
	if nsx a tcpcryptctl show $bad 2> /tmp/err; then
		fail "show $bad accepted"
	fi
	grep -q "valid:\|needs a value" /tmp/err || fail "show $bad: no hint"
done

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

# --prometheus: the text exposition format, line by line: every metric
# has HELP and TYPE first, counters end in _total and match the file,
# the histogram's buckets are cumulative and end with +Inf and _count.
nsx a tcpcryptctl stats --prometheus > /tmp/prom
head -n 12 /tmp/prom
nsx a cat /proc/net/tcpcrypt_stat > /tmp/stat
awk '
	/^# HELP / { help[$3] = 1; next }
	/^# TYPE / { type[$3] = $4; if (!help[$3]) bad("TYPE before HELP: " $3); next }
	/^#/ || !NF { bad("stray line: " $0) }
	{
		name = $1; sub(/\{.*/, "", name); base = name
		sub(/_(bucket|count)$/, "", base)
		if (!(base in type) && !(name in type)) bad("no TYPE for " name)
		if ($NF !~ /^[0-9]+$/) bad("not a number: " $0)
		if (type[name] == "counter" && name !~ /^tcpcrypt_[a-z0-9_]+_total$/) bad("counter name " name)
		if (name ~ /_total$/) counters++
		if (name == "tcpcrypt_handshake_latency_seconds_bucket") {
			if ($NF < last) bad("buckets not cumulative")
			last = $NF; buckets++; lastle = $1
		}
		if (name == "tcpcrypt_handshake_latency_seconds_count" && $NF != last) bad("count != +Inf bucket")
		if (name == "tcpcrypt_connections" && $2 != 2) bad("connections " $2)
		if (name == "tcpcrypt_handshakes_completed_total") done = $2
		if (name == "tcpcrypt_in_mac_failures_total") macf = 1
	}
	function bad(m) { print "bad: " m; err = 1 }
	END {
		if (type["tcpcrypt_handshake_latency_seconds"] != "histogram") bad("no histogram")
		if (buckets != 14 || lastle !~ /le="\+Inf"/) bad("buckets " buckets " " lastle)
		if (done != 2 || !macf) bad("counters")
		print counters > "/tmp/prom.counters"
		exit err
	}' /tmp/prom || fail "Prometheus format"
assert_eq "$(cat /tmp/prom.counters)" "$(wc -l < /tmp/stat)" "one Prometheus counter per counter"
if nsx a tcpcryptctl stats --prometheus --json 2> /tmp/err; then
	fail "--prometheus with --json"
fi
: > /tmp/hold
wait
