# SPDX-License-Identifier: GPL-2.0
# The data path's stage timing (kmod/prof.c, for make bench): off, it
# counts nothing; on, every stage of protected data and pure ACKs out and
# in is counted, a stage never takes longer on average than the whole hook
# that contains it, and the bound of each suite (one seal, cipher and MAC
# alone) is measured; off again, the sums stand still.
# check: stock
# timeout: 120
. /vm/lib.sh

prof=/sys/kernel/debug/tcpcrypt/profile
pair a b
tc_load
[ -e $prof ] || fail "no $prof"
mkdata /tmp/data 2048

# count STAGE DIR KIND: segments counted for that row (0 if none).
count() { awk -v s="$1" -v d="$2" -v k="$3" '$1 == s && $2 == d && $3 == k { n = $4 } END { print n + 0 }' /tmp/prof; }
# nsseg STAGE DIR KIND
nsseg() { awk -v s="$1" -v d="$2" -v k="$3" '$1 == s && $2 == d && $3 == k { print $5 }' /tmp/prof; }

# Off (the default): nothing is counted.
transfer a b 10.0.0.2 /tmp/data
cat $prof > /tmp/prof
grep -q '^# tcpcrypt stage profile: off' /tmp/prof || fail "profiling is not off by default: $(cat /tmp/prof)"
[ "$(grep -vc '^#' /tmp/prof)" -eq 0 ] || fail "counted while off: $(cat /tmp/prof)"

echo on > $prof
transfer a b 10.0.0.2 /tmp/data
cat $prof > /tmp/prof
cat /tmp/prof
grep -q '^# tcpcrypt stage profile: on' /tmp/prof || fail "profiling did not switch on"
for row in "hook out data" "lookup out data" "options out data" "copy out data" "lock out data" \
	   "cipher out data" "mac out data" "csum out data" \
	   "hook in data" "lookup in data" "csum in data" "copy in data" "lock in data" \
	   "mac in data" "cipher in data" \
	   "hook out ack" "mac out ack" "hook in ack" "mac in ack"; do
	# shellcheck disable=SC2086 # three words
	[ "$(count $row)" -gt 0 ] || fail "no segments counted for '$row'"
done
# 2 MiB in segments of at most one MSS: at least 1448 data segments each way.
[ "$(count hook out data)" -ge 1448 ] || fail "only $(count hook out data) data segments out"
[ "$(count cipher in data)" -eq "$(count mac in data)" ] ||
	fail "every verified data segment is decrypted: $(count mac in data) MACs, $(count cipher in data) decryptions"
for st in cipher mac lock copy options csum; do
	[ "$(nsseg $st out data)" -le "$(nsseg hook out data)" ] ||
		fail "$st takes longer than the whole output hook"
done
for suite in 00000100 00000200 00000300 00000400; do
	grep -Eq "^bound 0x$suite +[0-9]+ +[1-9][0-9]*$" /tmp/prof || fail "no bound for suite 0x$suite"
done

echo off > $prof
n=$(count hook out data)
transfer a b 10.0.0.2 /tmp/data
cat $prof > /tmp/prof
grep -q '^# tcpcrypt stage profile: off' /tmp/prof || fail "profiling did not switch off"
assert_eq "$(count hook out data)" "$n" "data segments counted after off"
# Anything else is refused.
! sh -c "echo fast > $prof" 2>/dev/null || fail "an unknown command was accepted"
echo "ok"
