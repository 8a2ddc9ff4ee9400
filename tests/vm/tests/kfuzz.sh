# SPDX-License-Identifier: GPL-2.0
# Fuzz the module in the kernel (tests/vm/bin/kfuzz.c): two namespaces
# talk through kfuzz's tun devices, which mutates, drops, delays and
# injects their segments and plays a peer of its own, while threads and an
# unprivileged process throw random TCP_CRYPT_* socket options and
# tcpcrypt generic netlink commands at the module. Fails if the plaintext
# marker of a connection that requires tcpcrypt reaches the wire, if the
# traffic never got through a handshake (the fuzzing would mean little),
# or (the harness) if the kernel log gained a report. Reproducers of
# earlier crashes (tests/vm/kfuzz/crashes/, packed as /vm/kfuzz-crashes)
# are replayed first. KFUZZ_TIME (seconds) and KFUZZ_SEED override the
# defaults: 120 s on the debug kernel, 60 s on the stock one. Afterwards
# the namespaces go and every reference to the module must go with them
# (within 60 s: connections in every state are torn down).
# check: debug
# timeout: 300
. /vm/lib.sh
# In make check on the debug kernel only (its detectors are the point).
[ -n "${KFUZZ_TIME:-}" ] || lane_on

if [ -d /sys/kernel/debug/kunit ]; then dur=120; else dur=60; fi
dur=${KFUZZ_TIME:-$dur}
seed=${KFUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
modprobe tun 2>/dev/null || true
[ -c /dev/net/tun ] || { mkdir -p /dev/net; mknod /dev/net/tun c 10 200; }

ip netns add fa
ip netns add fb
tc_load
for ns in fa fb; do
	nsx $ns ip link set lo up
	# Short-lived connections, so that thousands of them do not pile up.
	nsx $ns sh -c '
		cd /proc/sys/net/ipv4
		echo 2 > tcp_fin_timeout
		echo 1 > tcp_orphan_retries
		echo 2 > tcp_syn_retries
		echo 2 > tcp_synack_retries
		echo 4 > tcp_retries2
		echo 1 > tcp_tw_reuse
		echo 256 > tcp_max_tw_buckets
		echo 1 > tcp_abort_on_overflow'
	nsx $ns cat /proc/net/tcpcrypt_stat > /tmp/stat0.$ns
done

mkdir -p /tmp/artifacts
log=""
[ -c /dev/ttyS2 ] && log="-L /dev/ttyS2"
rc=0
kfuzz -A fa -B fb -t "$dur" -s "$seed" -o /tmp/artifacts -r /vm/kfuzz-crashes $log 2>/tmp/kfuzz.err || rc=$?
cat /tmp/kfuzz.err

# Which counters moved: the coverage proxy when there is no kcov.
moved=0
for ns in fa fb; do
	nsx $ns cat /proc/net/tcpcrypt_stat > /tmp/stat1.$ns
	echo "counters that moved in $ns:"
	n=$(awk 'NR == FNR { a[$1] = $2; next } $2 != a[$1] { printf "  %s +%d\n", $1, $2 - a[$1]; n++ } END { print n + 0 > "/dev/stderr" }' \
		/tmp/stat0.$ns /tmp/stat1.$ns 2>&1 >/tmp/moved.$ns)
	cat /tmp/moved.$ns
	moved=$((moved + n))
	cp /tmp/stat1.$ns /tmp/artifacts/stat.$ns
done
echo "$moved counter(s) moved"

for ns in fa fb; do
	echo "TCP sockets left in $ns: $(nsx $ns ss -Htan | awk '{ print $1 }' | sort | uniq -c | tr -s ' \n' ' ')"
done
ip netns delete fa
ip netns delete fb
i=0
while [ "$(cat /sys/module/tcpcrypt/refcnt)" != 0 ] && [ $i -lt 120 ]; do
	sleep 0.5
	i=$((i + 1))
done
refs=$(cat /sys/module/tcpcrypt/refcnt)
echo "tcpcrypt references $((i / 2)) s after the namespaces were deleted: $refs"
[ $rc -ne 3 ] || fail "plaintext marker of a required connection on the wire (reproducer in the artifacts)"
[ $rc -eq 0 ] || fail "kfuzz failed (status $rc)"
grep -q 'kfuzz: seed' /tmp/kfuzz.err || fail "kfuzz did not start"
[ "$refs" = 0 ] || fail "tcpcrypt still has $refs reference(s) 60 s after the namespaces went"
for ns in fa fb; do
	assert_ge "$(sed -n 's/^TcpcryptHandshakesCompleted //p' /tmp/stat1.$ns)" 1 "handshakes completed in $ns"
done
if [ -e /sys/kernel/debug/kcov ]; then
	pcs=$(grep -vc '^#' /tmp/artifacts/kcov-pcs.txt || true)
	assert_ge "$pcs" 200 "module PCs reached (kcov)"
fi
