# SPDX-License-Identifier: GPL-2.0
# The tcpcrypt tracepoints (kmod/trace.h) through tracefs: a full
# handshake gives tcpcrypt_handshake_done on both ends, with role and
# ciphers; a server with tcpcrypt off gives the client tcpcrypt_fallback
# with its reason, and a client that requires tcpcrypt from it
# tcpcrypt_reset; altered segments give the receiver tcpcrypt_mac_failure.
# Then unloading the module under a live encrypted
# connection logs how many connections a namespace aborted
# (AbortedOnExit, a counter gone with its namespace).
# check: stock
# timeout: 90
. /vm/lib.sh

T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
pair a b
tc_load
ev=$T/events/tcpcrypt
for e in handshake_done fallback mac_failure reset; do
	[ -d $ev/tcpcrypt_$e ] || fail "no event tcpcrypt_$e in $ev"
done
for ns in a b; do
	nsx $ns sh -c 'echo x25519 > /proc/sys/net/tcpcrypt/pubkeys; echo 0 > /proc/sys/net/tcpcrypt/cache_max'
done
echo > $T/trace
echo 1 > $ev/enable

mkdata /tmp/data 16
transfer a b 10.0.0.2 /tmp/data
grep 'tcpcrypt_handshake_done:' $T/trace > /tmp/hs.txt || true
cat /tmp/hs.txt
assert_eq "$(grep -c . /tmp/hs.txt)" 2 "handshake_done events"
grep -q '::ffff:10.0.0.1:[0-9]* > ::ffff:10.0.0.2:5001 role=client pubkey=x25519 suite=chacha20 resumed=0$' /tmp/hs.txt ||
	fail "no handshake_done of the client"
grep -q '::ffff:10.0.0.2:5001 > ::ffff:10.0.0.1:[0-9]* role=server pubkey=x25519 suite=chacha20 resumed=0$' /tmp/hs.txt ||
	fail "no handshake_done of the server"

# A server without tcpcrypt: the client falls back, and refuses if required.
nsx b sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
echo > $T/trace
transfer a b 10.0.0.2 /tmp/data
ip netns exec b fcpeer -l 5002 -t 5 > /dev/null 2>&1 &
fc=$!
wait_listen b 5002
rc=0
nsx a fcpeer 10.0.0.2 5002 -a -t 5 > /dev/null 2>&1 || rc=$?
kill $fc 2>/dev/null || true
wait $fc || true
[ $rc -eq 2 ] || [ $rc -eq 3 ] || fail "the required connection was not refused (exit $rc)"
grep -E 'tcpcrypt_(fallback|reset|handshake_done):' $T/trace > /tmp/fb.txt || true
cat /tmp/fb.txt
grep -q 'tcpcrypt_fallback:.*::ffff:10.0.0.1:[0-9]* > ::ffff:10.0.0.2:5001 role=client reason=TcpcryptFallbackPeerNoPkconf$' /tmp/fb.txt ||
	fail "no fallback event with its reason"
grep -q 'tcpcrypt_reset:.*::ffff:10.0.0.1:[0-9]* > ::ffff:10.0.0.2:5002 role=client state=[0-9] err=104$' /tmp/fb.txt ||
	fail "no reset event of the refused connection"
if grep -q handshake_done /tmp/fb.txt; then fail "a handshake with tcpcrypt off"; fi

# Bits flipped in one data segment in 20 from a to b (checksums fixed):
# b drops them as MAC failures, TCP retransmits, the data arrives intact.
nsx b sh -c 'echo 1 > /proc/sys/net/tcpcrypt/enabled'
nsx a tc qdisc add dev veth0 clsact
nsx a tc filter add dev veth0 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network gt 300)' \
	action gact ok random determ pipe 20 \
	action pedit munge offset 100 u8 invert pipe \
	action csum ip4h and tcp
echo > $T/trace
mkdata /tmp/tdata 512
transfer a b 10.0.0.2 /tmp/tdata
nsx a tc qdisc del dev veth0 clsact
grep 'tcpcrypt_mac_failure:' $T/trace > /tmp/mf.txt || true
head -n 3 /tmp/mf.txt
assert_ge "$(grep -c '::ffff:10.0.0.2:5001 > ::ffff:10.0.0.1:[0-9]* failures=[1-9]' /tmp/mf.txt)" 1 \
	"mac_failure events of b's connection"
assert_eq "$(grep -c '::ffff:10.0.0.1:[0-9]* > ' /tmp/mf.txt)" 0 "mac_failure events in a, which got nothing altered"
echo 0 > $ev/enable
echo "ok: handshake, fallback, MAC failure and reset traced"

# Unload under a live encrypted connection: the namespaces say how many
# they aborted. Enabled events would pin the module: off above.
nsx b sh -c 'echo 1 > /proc/sys/net/tcpcrypt/enabled'
mkdata /tmp/big 256
nsx b tcpcat -l 5003 -o /dev/null &
srv=$!
wait_listen b 5003
nsx a tcpcat 10.0.0.2 5003 -i /tmp/big -r 51200 &
cli=$!
sleep 1.5
before=$(dmesg | wc -l)
tc_unload_retry "tcpcrypt did not unload under a live connection"
wait $cli || true
wait $srv || true
dmesg | tail -n +$((before + 1)) > /tmp/unload.txt
cat /tmp/unload.txt
# The client's namespace at least (the server's socket may have taken the
# client's RST before its own namespace's turn); connections in TIME-WAIT
# count too.
assert_ge "$(grep -c 'going: [1-9][0-9]* connection(s) aborted (AbortedOnExit)' /tmp/unload.txt)" 1 \
	"namespaces that logged their aborted connections at unload"
