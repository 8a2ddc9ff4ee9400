# SPDX-License-Identifier: GPL-2.0
# keylog=1 switched on at run time warns loudly (one line when switched
# on again) and taints the kernel (U); its key-log blocks are
# rate-limited: a burst of connections logs at most 20 sessions a second,
# each block whole, and a line says how many were left out.
# check: stock
# timeout: 90
# taint: 64 (U: keylog=1)
. /vm/lib.sh

K=/sys/module/tcpcrypt/parameters/keylog
pair a b
tc_load
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done
assert_eq "$(cat $K)" N "keylog at load"
t0=$(cat /proc/sys/kernel/tainted)
[ $((t0 & 64)) -eq 0 ] || echo "note: U taint already set by an earlier test"
before=$(dmesg | wc -l)
echo 1 > $K
echo 1 > $K
assert_eq "$(cat $K)" Y "keylog switched on"
[ $(($(cat /proc/sys/kernel/tainted) & 64)) -ne 0 ] || fail "keylog=1 did not taint the kernel"
assert_eq "$(dmesg | tail -n +$((before + 1)) | grep -c 'keylog=1: the secrets of every tcpcrypt session')" 1 \
	"warnings for switching keylog on (twice)"
# Off and on again: one line, not the whole warning.
echo 0 > $K
echo 1 > $K
assert_eq "$(dmesg | tail -n +$((before + 1)) | grep -c 'keylog=1 again: session secrets')" 1 \
	"notes for switching keylog on again"

# 60 short connections, 120 sessions (both ends), as fast as they go.
ip netns exec b tcpmany -l 5001 &
srv=$!
wait_listen b 5001
before=$(dmesg | wc -l)
start=$(cut -d' ' -f1 /proc/uptime)
nsx a tcpmany 10.0.0.2 5001 -r 60
end=$(cut -d' ' -f1 /proc/uptime)
kill $srv
# One more connection after the interval: its first block reports what
# the limit left out.
sleep 1.2
ip netns exec b tcpmany -l 5002 &
srv=$!
wait_listen b 5002
nsx a tcpmany 10.0.0.2 5002 -r 1
kill $srv
echo 0 > $K
dmesg | tail -n +$((before + 1)) > /tmp/kl.txt
blocks=$(grep -c 'tcpcrypt-keylog: conn ' /tmp/kl.txt || true)
ends=$(grep -c 'tcpcrypt-keylog: end ' /tmp/kl.txt || true)
missed=$(sed -n 's/.*tcpcrypt: keylog: \([0-9]*\) session(s) not logged (rate limit)/\1/p' /tmp/kl.txt | awk '{ s += $1 } END { print s + 0 }')
secs=$(awk "BEGIN { print int($end - $start) + 1 }")
echo "blocks $blocks, whole $ends, reported missing $missed, in about $secs s"
assert_eq "$ends" "$blocks" "key-log blocks logged whole"
[ "$blocks" -le $((20 * (secs + 2))) ] || fail "$blocks blocks in $secs s: not rate-limited"
[ "$missed" -ge 1 ] || fail "no line says what the rate limit left out"
# Every session (61 connections, two ends) logged or reported missing.
assert_eq "$((blocks + missed))" 122 "sessions logged or reported missing"
