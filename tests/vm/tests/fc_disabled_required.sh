# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 13: a socket that requires tcpcrypt
# (TCP_CRYPT_CMODE_ALWAYS) in a namespace where tcpcrypt is switched off
# must not talk plain TCP. A client: connect() fails with ECONNREFUSED (it
# connected in plaintext before). A listener: a plain client never gets a
# connection that carries data.
# check: stock
# timeout: 60
. /vm/lib.sh

pair a b
tc_load
bad=""
capture a /tmp/cap.pcap

echo "--- a client requiring tcpcrypt, tcpcrypt off in its namespace"
nsx a sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
ref0=$(stat a RefusedRequired)
nsx b fcpeer -l 7001 -o /tmp/recv1 -t 8 &
srv=$!
wait_listen b 7001
rc=0
nsx a fcpeer 10.0.0.2 7001 -a -n 5 -i 50 -t 5 2>/tmp/cli1 || rc=$?
cat /tmp/cli1
sleep 0.3
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
if [ $rc -eq 2 ]; then
	echo "ok: connect() refused"
else
	echo "BAD: client status $rc, expected 2 (ECONNREFUSED)"
	bad="$bad client"
fi
if [ -s /tmp/recv1 ]; then
	echo "BAD: the server received $(wc -c < /tmp/recv1) bytes"
	bad="$bad client-data"
fi

echo "--- a listener requiring tcpcrypt, tcpcrypt off in its namespace, a plain client"
nsx b sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
nsx b fcpeer -l 7002 -a -o /tmp/recv2 -t 6 2>/tmp/srv2 &
srv=$!
wait_listen b 7002
rc=0
nsx a fcpeer 10.0.0.2 7002 -n 5 -i 50 -t 4 2>/tmp/cli2 || rc=$?
cat /tmp/cli2
sleep 0.3
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
cat /tmp/srv2
if [ $rc -eq 0 ]; then
	echo "BAD: the plain client exchanged data with the listener that requires tcpcrypt"
	bad="$bad listener"
else
	echo "ok: the plain client got no working connection (status $rc)"
fi
if [ -s /tmp/recv2 ]; then
	echo "BAD: the listener's application received $(wc -c < /tmp/recv2) bytes"
	bad="$bad listener-data"
fi
capture_stop
stat_all a
stat_all b
[ -z "$bad" ] || fail "behaviour:$bad"
assert_ge "$(stat a RefusedRequired)" $((ref0 + 1)) "connections refused in a"
