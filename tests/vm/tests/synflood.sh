# SPDX-License-Identifier: GPL-2.0
# 10 000 SYNs offering tcpcrypt from a raw socket, from an address that
# never answers: the half-open handshakes stay within max_handshakes, memory
# stays bounded, a legitimate connection still completes during the flood,
# and once the half-open ones time out, new connections are encrypted again.
# timeout: 300
. /vm/lib.sh

pair a b
tc_load full_csum=1 max_handshakes=64
slab0=$(sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo)
nsx b tcpcat -l 5009 -o /dev/null &
lst=$!
wait_listen b 5009
nsx a synflood 10.0.0.99 10.0.0.2 5009 10000
stat_all b
created=$(stat b ConnsCreated)
[ "$created" -le 64 ] || fail "$created connections taken on with max_handshakes=64"
assert_ge "$(stat b HandshakeLimitReached)" 9000 "SYNs turned away to plain TCP"
slab1=$(sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo)
echo "slab: $slab0 kB before, $slab1 kB after the flood"
[ $((slab1 - slab0)) -lt 32768 ] || fail "slab grew by $((slab1 - slab0)) kB"

# During the flood's aftermath: a legitimate connection completes (plain,
# the handshake slots being full).
mkdata /tmp/data 256
kill $lst
transfer a b 10.0.0.2 /tmp/data
# Half-open handshakes expire after 10 s; then tcpcrypt is back.
sleep 12
assert_ge "$(stat b HandshakeTimeouts)" 60 "half-open handshakes expired"
transfer a b 10.0.0.2 /tmp/data
assert_ge "$(stat b HandshakesCompleted)" 1 "an encrypted connection after the flood"
