# SPDX-License-Identifier: GPL-2.0
# Loading the module leaves connections that already exist alone. Unloading
# it aborts every encrypted connection: its applications see an error and
# none of its data goes out in plaintext afterwards. The slab usage comes
# back to where it was, and the module loads again and works.
# check: stock debug rt
# timeout: 120
. /vm/lib.sh

slab() { sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo; }

pair a b
mkmarked /tmp/data 3072
slab0=$(slab)

# 1. A plain connection that predates the load goes on, untouched.
nsx b tcpcat -l 5001 -o /tmp/data.recv &
srv=$!
wait_listen b 5001
nsx a tcpcat 10.0.0.2 5001 -i /tmp/data -r 600000 &
cli=$!
sleep 1
tc_load full_csum=1
echo "loaded with a plain connection open"
wait $cli || fail "client of the old connection failed"
wait $srv || fail "server of the old connection failed"
assert_eq "$(sha /tmp/data.recv)" "$(sha /tmp/data)" "sha256 of the old connection"
assert_eq "$(stat a ConnsCreated)" 0 "connections taken on after the fact"

# 2. An encrypted connection in the middle of a transfer when the module goes.
nsx b tcpcat -l 5002 -o /tmp/data2.recv &
srv=$!
wait_listen b 5002
capture a /tmp/cap.pcap
nsx a tcpcat 10.0.0.2 5002 -i /tmp/data -r 400000 &
cli=$!
sleep 2
assert_eq "$(stat a HandshakesCompleted)" 1 "the connection is encrypted"
tc_unload
echo "unloaded with an encrypted connection open"
set +e
wait $cli
crc=$?
wait $srv
src=$?
set -e
echo "client exit $crc, server exit $src"
sleep 1
capture_stop
[ $crc -ne 0 ] || [ $src -ne 0 ] || fail "both ends went on as if nothing happened"
if grep -c TCPCRYPT-PLAINTEXT-MARKER /tmp/cap.pcap; then
	fail "plaintext of the encrypted connection on the wire after unload"
fi
dmesg | grep tcpcrypt | tail -n 3

# Everything the module allocated is gone (freed through RCU: give it time).
# KASAN's quarantine keeps freed objects a while, so the debug kernel gets
# a wider margin; kmemleak checks that kernel for leaks at the end anyway.
sleep 2
slab1=$(slab)
margin=1024
[ -e /sys/kernel/debug/kmemleak ] && margin=8192
echo "slab: $slab0 kB before loading, $slab1 kB after unloading (margin $margin kB)"
[ "$slab1" -le $((slab0 + margin)) ] || fail "slab grew by $((slab1 - slab0)) kB"

# And it comes back: a new connection is encrypted again.
tc_load full_csum=1
fc_capture a
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes after the reload"
fc_check $((3072 * 1024))
