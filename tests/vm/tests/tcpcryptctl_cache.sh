# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl flush and the session cache in stats: each end caches a
# session after a handshake, flush wipes them all and says how many
# (text and --json), a second flush finds none, lowering the bound drops
# entries at once, and cache_max 0 turns caching off.
# check: stock
. /vm/lib.sh

pair a b
tc_load full_csum=1
entries() { nsx "$1" tcpcryptctl --json stats | sed -n 's/.*"cache_entries": \([0-9]*\).*/\1/p'; }

assert_eq "$(nsx a tcpcryptctl flush)" "0 cached sessions wiped" "flush of an empty cache"
assert_eq "$(nsx a tcpcryptctl flush --json)" '{"flushed": 0}' "flush --json of an empty cache"

mkmarked /tmp/data 16
fc_capture a
transfer a b 10.0.0.2 /tmp/data
for ns in a b; do
	n=$(entries $ns)
	assert_ge "$n" 1 "sessions cached in $ns"
	nsx $ns tcpcryptctl stats | grep -q -E "^CacheEntries +$n \(cache_max 1024\)$" || fail "CacheEntries in $ns"
done
n=$(entries a)
if [ "$n" = 1 ]; then want="1 cached session wiped"; else want="$n cached sessions wiped"; fi
assert_eq "$(nsx a tcpcryptctl flush)" "$want" "flush in a"
assert_eq "$(entries a)" 0 "sessions cached in a after flush"
assert_ge "$(entries b)" 1 "sessions cached in b after a's flush"
assert_eq "$(nsx a tcpcryptctl flush)" "0 cached sessions wiped" "second flush in a"
n=$(entries b)
assert_eq "$(nsx b tcpcryptctl --json flush)" "{\"flushed\": $n}" "flush --json in b"
assert_eq "$(entries b)" 0 "sessions cached in b after flush"

# Lowering the bound drops what is beyond it at once, through netlink
# (a) or the sysctl (b); with cache_max 0 nothing is cached any more.
transfer a b 10.0.0.2 /tmp/data
assert_ge "$(entries a)" 1 "sessions cached in a again"
assert_ge "$(entries b)" 1 "sessions cached in b again"
nsx a tcpcryptctl set cache_max 0
nsx b sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'
assert_eq "$(entries a)" 0 "sessions cached in a once cache_max is 0"
assert_eq "$(entries b)" 0 "sessions cached in b once cache_max is 0"
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 3 "handshakes in a"
assert_eq "$(entries a)" 0 "sessions cached in a with cache_max 0"
assert_eq "$(entries b)" 0 "sessions cached in b with cache_max 0"
nsx a tcpcryptctl stats | grep -q -E '^CacheEntries +0 \(cache_max 0\)$' || fail "CacheEntries with cache_max 0"
# Full and resumed connections alike: no plaintext on the wire.
fc_check $((3 * 16 * 1024))
