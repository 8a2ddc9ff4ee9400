# SPDX-License-Identifier: GPL-2.0
# 10 000 SYNs offering tcpcrypt from a raw socket, from an address that
# never answers. Spoofed SYNs never bring an INIT1, so they take none of the
# max_handshakes slots (public-key work starts only with a valid INIT1), and
# their half-open entries go with their request sockets (or, under SYN
# cookies, within a few seconds): legitimate connections made during the
# flood still come up encrypted, memory stays bounded, and the entries are
# gone soon after.
# check: stock
# timeout: 300
. /vm/lib.sh

pair a b
tc_load full_csum=1 max_handshakes=64
slab0=$(sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo)
mkmarked /tmp/data 64
nsx b tcpcat -l 5009 -o /dev/null &
lst=$!
wait_listen b 5009
# Two floods, with legitimate transfers (to another port of b) amid them.
nsx a synflood 10.0.0.99 10.0.0.2 5009 5000 &
flood=$!
fc_capture a
for i in 1 2 3; do
	transfer a b 10.0.0.2 /tmp/data
done
wait $flood
nsx a synflood 10.0.0.99 10.0.0.2 5009 5000 &
flood=$!
for i in 1 2 3; do
	transfer a b 10.0.0.2 /tmp/data
done
wait $flood
fc_check $((6 * 64 * 1024))
stat_all b
assert_ge "$(stat b HandshakesCompleted)" 6 "encrypted connections during the flood"
assert_eq "$(stat b HandshakeLimitReached)" 0 "connections turned away for want of a handshake slot"
slab1=$(sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo)
echo "slab: $slab0 kB before, $slab1 kB after the flood"
[ $((slab1 - slab0)) -lt 65536 ] || fail "slab grew by $((slab1 - slab0)) kB"
kill $lst 2>/dev/null || true

# The spoofed half-open entries go: with their request sockets, or a few
# seconds after the SYN when TCP answered with a cookie.
_i=0
while [ "$(nsx b cat /proc/net/tcpcrypt_conns | wc -l)" -gt 1 ]; do
	_i=$((_i + 1))
	[ $_i -lt 90 ] || fail "$(($(nsx b cat /proc/net/tcpcrypt_conns | wc -l) - 1)) entries left 90 s after the flood"
	sleep 1
done
echo "ok: every half-open entry gone after ${_i} s"
assert_ge "$(stat b HandshakeTimeouts)" 1000 "half-open handshakes expired"
