# SPDX-License-Identifier: GPL-2.0
# OAEP-RSA-3 in both roles: tcpcryptctl generates an RSA-4096 e=3 key in
# memory and loads it; with rsa3 the only cipher offered, connections each
# way are encrypted with it (INIT1 564 bytes, INIT2 524 on the wire, as
# v0.2 sends them); without a key RSA is not offered.
# check: stock
# timeout: 600
. /vm/lib.sh

pair a b
tc_load
for ns in a b; do
	nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'
	t0=$(cut -d' ' -f1 /proc/uptime)
	nsx $ns tcpcryptctl rsakey new || fail "tcpcryptctl rsakey new in $ns"
	echo "ok: RSA key generated and loaded in $ns ($(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s)"
	nsx $ns tcpcryptctl get rsa_key
	nsx $ns sh -c 'echo rsa3 > /proc/sys/net/tcpcrypt/pubkeys'
	assert_eq "$(nsx $ns cat /proc/sys/net/tcpcrypt/pubkeys)" rsa3 "pubkeys in $ns"
done
# Nothing of the key on disk: the tool keeps it in memory only.
[ -z "$(find / -xdev -newer /proc/1 -name '*.pem' -o -xdev -newer /proc/1 -name '*.der' 2>/dev/null)" ] ||
	fail "a key file appeared"

capture a /tmp/cap.pcap
for dir in "a b 10.0.0.2" "b a 10.0.0.1" "a b fd00::2"; do
	set -- $dir
	nsx $2 tcpcat -l 7300 -o /dev/null &
	srv=$!
	wait_listen $2 7300
	nsx $1 sessid $3 7300 > /tmp/sessid.out || fail "sessid $1 -> $3"
	cat /tmp/sessid.out
	grep -q 'cipher rsa3' /tmp/sessid.out || fail "$1 -> $3 not with rsa3"
	echo "ok: $1 -> $3 encrypted with OAEP-RSA-3"
	wait $srv || true
done
mkmarked /tmp/data 256
transfer a b 10.0.0.2 /tmp/data
transfer b a 10.0.0.1 /tmp/data
capture_stop
no_marker /tmp/cap.pcap $((2 * 256 * 1024)) "a veth0"
stat_all a
stat_all b
assert_eq "$(stat a HandshakesCompleted)" 5 "handshakes in a"
assert_eq "$(stat a PublicKeyOps)" 5 "public-key operations in a"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
# INIT1 (564 bytes: a 4096-bit modulus) and INIT2 (524) as v0.2 sends them.
tcpdump -r /tmp/cap.pcap -nn 2>/dev/null > /tmp/cap.txt
assert_ge "$(grep -c 'length 564' /tmp/cap.txt)" 5 "INIT1 segments of 564 bytes"
assert_ge "$(grep -c 'length 524' /tmp/cap.txt)" 5 "INIT2 segments of 524 bytes"

# Without a key RSA is neither offered nor accepted: plain TCP.
nsx b tcpcryptctl rsakey clear
nsx b tcpcat -l 7301 -o /dev/null &
srv=$!
wait_listen b 7301
rc=0
nsx a sessid 10.0.0.2 7301 || rc=$?
assert_eq "$rc" 3 "sessid exit status towards a server without an RSA key"
wait $srv || true
