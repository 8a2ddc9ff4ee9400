# SPDX-License-Identifier: GPL-2.0
# Loading gives every namespace, old or new, its counters file; unloading
# takes them all away; the cycle repeats cleanly.
# check: stock debug
. /vm/lib.sh

ip netns add before
for round in 1 2 3; do
	tc_load
	ip netns add after
	for ns in before after; do
		names=$(nsx $ns cat /proc/net/tcpcrypt_stat | head -n 11 | cut -d' ' -f1 | tr '\n' ' ')
		assert_eq "$names" "TcpcryptOutSegs TcpcryptInSegs TcpcryptOutSyns TcpcryptInSyns TcpcryptOutSynAcks TcpcryptInSynAcks TcpcryptIpv4Segs TcpcryptIpv6Segs TcpcryptMalformedSegs TcpcryptFragmentsPassed TcpcryptSkippedDisabled " "counters in $ns (round $round)"
		bad=$(nsx $ns cat /proc/net/tcpcrypt_stat | grep -v -E '^Tcpcrypt[A-Za-z0-9]+ [0-9]+$' || true)
		[ -z "$bad" ] || fail "malformed counter line: $bad"
	done
	[ -e /proc/net/tcpcrypt_stat ] || fail "no counters in the initial namespace"
	ip netns delete after
	tc_unload
	[ ! -e /proc/net/tcpcrypt_stat ] || fail "counters left after unload"
	nsx before test ! -e /proc/net/tcpcrypt_stat || fail "counters left in a namespace after unload"
done
grep -q tcpcrypt /proc/modules && fail "module still listed"
echo "three load/unload rounds clean"
