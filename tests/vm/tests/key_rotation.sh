# SPDX-License-Identifier: GPL-2.0
# Short-lived key pairs are replaced after key_max_uses connections and on
# tcpcryptctl refresh, under a steady load of new connections, with none
# of them failing or going plain (their marked requests never on the wire
# in plaintext); full handshakes only (cache off).
# check: stock
# timeout: 400
. /vm/lib.sh

pair a b
tc_load
for ns in a b; do
	nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'
done
nsx a sh -c 'echo 7 > /proc/sys/net/tcpcrypt/key_max_uses'
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/key_max_uses)" 7 "key_max_uses in a"
made0=$(stat a KeyPairsMade)

nsx b tcpmany -l 5003 &
server=$!
wait_listen b 5003
# Refresh both ends every 0.3 s while 150 short connections run.
( i=0; while [ $i -lt 40 ]; do
	nsx a tcpcryptctl refresh
	nsx b tcpcryptctl refresh
	sleep 0.3
	i=$((i + 1))
done ) &
refresher=$!
n=150
fc_capture a
nsx a tcpmany 10.0.0.2 5003 -r $n -m || fail "short connections failed during rotation"
kill $refresher 2>/dev/null || true
wait $refresher 2>/dev/null || true
kill $server 2>/dev/null || true
stat_all a
assert_eq "$(stat a HandshakesCompleted)" $n "connections encrypted"
assert_eq "$(stat a FallbackNoKeyPair)" 0 "connections without a key pair"
assert_eq "$(stat a HandshakesFailed)" 0 "failed handshakes"
assert_eq "$(stat a HandshakesResumed)" 0 "resumed (cache off)"
fc_check
# X25519 pairs serve 7 connections each: at least 150 / 7 new ones, plus
# the refreshes.
made=$(( $(stat a KeyPairsMade) - made0 ))
assert_ge "$made" $((n / 7)) "key pairs made in a"
