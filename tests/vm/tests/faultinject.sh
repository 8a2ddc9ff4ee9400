# SPDX-License-Identifier: GPL-2.0
# Fault injection (debug kernel only): each of the module's allocation and
# crypto set-up functions marked ALLOW_ERROR_INJECTION fails (fail_function)
# during full handshakes, transfers, resumptions and key rotation; then
# failslab and fail_page_alloc, probability-limited, do the same to every
# allocation. The module must degrade as designed: a failure before INIT1
# leaves a working plain connection; one after it a failed (reset)
# connection, never its plaintext on the wire (marker check) and never
# altered data; no splat (the harness scans the log), no hang (every step
# runs under a timeout), and no leak: the connection table and the memory
# gauge come back to zero, kmemleak finds nothing of ours, rmmod succeeds.
# make check runs a bounded set on the debug kernel: one function before
# INIT1, one after, failslab, the unload under failslab and kmemleak.
# FAULTINJECT=1 adds the failed abort and a second function after INIT1
# (about 9 minutes on the debug kernel); FAULTINJECT_ALL=1 (make soak) runs
# every function and fail_page_alloc too (about 25 minutes).
# check: debug
# timeout: 1500
. /vm/lib.sh

if [ -n "${FAULTINJECT_ALL:-}" ]; then
	before_init1="tcpcrypt_conn_create tcpcrypt_hs_init1_alloc tcpcrypt_seg_append_payload"
	after_init1="tcpcrypt_hs_copy_msg tcpcrypt_hs_keys tcpcrypt_hs_resume_keys
		tcpcrypt_hs_init2_skb tcpcrypt_hs_init2_copy tcpcrypt_xmit_build
		tcpcrypt_cache_store tcpcrypt_ckey_replace tcpcrypt_x25519_keygen
		tcpcrypt_hmac_setkey"
	page_faults="failslab fail_page_alloc"
elif [ -n "${FAULTINJECT:-}" ]; then
	before_init1="tcpcrypt_conn_create"
	after_init1="tcpcrypt_hs_keys tcpcrypt_hs_init2_skb"
	page_faults="failslab"
else
	before_init1="tcpcrypt_conn_create"
	after_init1="tcpcrypt_hs_keys"
	page_faults="failslab"
fi

FF=/sys/kernel/debug/fail_function
if [ ! -w $FF/inject ] || [ ! -d /sys/kernel/debug/failslab ]; then
	echo "no fail_function/failslab (CONFIG_FAIL_FUNCTION, CONFIG_FAILSLAB): debug kernel only"
	exit 77
fi

pair a b
tc_load
for ns in a b; do
	# No TIME-WAIT sockets: entries go with their sockets at once, so that
	# "back to zero" can be checked within seconds.
	nsx $ns sh -c 'echo 0 > /proc/sys/net/ipv4/tcp_max_tw_buckets'
	# The handshake of a failed client times out soon.
	nsx $ns sh -c 'echo 1 > /proc/sys/net/ipv4/tcp_syn_retries'
done
# Not through nsx: $! must be tcpmany itself (ip netns exec execs it).
ip netns exec b tcpmany -l 5003 &
server=$!
wait_listen b 5003

field() { nsx "$1" tcpcryptctl --json stats | sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p"; }
sum() { echo $(( $(stat a "$1") + $(stat b "$1") )); }

# ff_arm TIMES FUNC...: fail every call of the FUNCs, TIMES calls in all
# (ERRNO functions return -ENOMEM, NULL ones NULL).
ff_arm() {
	echo > $FF/inject
	echo 0 > $FF/verbose
	echo 100 > $FF/probability
	echo 1 > $FF/interval
	echo "$1" > $FF/times
	ff_times=$1
	shift
	for _f in "$@"; do
		echo "$_f" > $FF/inject || fail "$_f cannot be injected (no ALLOW_ERROR_INJECTION?)"
		# -ENOMEM for an ERRNO function; a NULL one keeps its 0.
		[ "$(cat $FF/$_f/retval)" = 0 ] || echo 0xfffffffffffffff4 > $FF/$_f/retval
	done
}
# ff_disarm: stop injecting; $injected is how many calls were failed.
ff_disarm() {
	_left=$(cat $FF/times)
	echo > $FF/inject
	injected=$((ff_times - _left))
}

# Both ends' caches and key pairs fresh: the next connections do full
# handshakes, then resume.
fresh() {
	for _ns in a b; do
		# (Under failslab the command itself may fail for lack of memory.)
		nsx $_ns tcpcryptctl flush > /dev/null || true
	done
}

# workload OPTS: full handshakes with transfers (4 at once), short
# connections (the first full, the rest resumed), a key refresh in both
# namespaces, and short connections again (new keys). tcpmany -k counts a
# failed connection and fails only on altered data; without -k (OPTS
# empty) every connection must work. Each step under a timeout: a hang
# fails the test.
workload() {
	fresh
	timeout 120 ip netns exec a tcpmany 10.0.0.2 5003 -c 4 -b 16384 "$@" ||
		fail "concurrent connections: exit $? (altered data, failure or hang)"
	timeout 120 ip netns exec a tcpmany 10.0.0.2 5003 -r 6 "$@" ||
		fail "short connections: exit $? (altered data, failure or hang)"
	nsx a tcpcryptctl refresh > /dev/null || true
	nsx b tcpcryptctl refresh > /dev/null || true
	timeout 120 ip netns exec a tcpmany fd00::2 5003 -r 4 "$@" ||
		fail "short connections after the refresh: exit $?"
}

# settle: every entry goes with its socket and every byte charged comes back.
settle() {
	_i=0
	until [ "$(field a connections)" = 0 ] && [ "$(field b connections)" = 0 ] &&
	    [ "$(field a memory_bytes)" = 0 ] && [ "$(field b memory_bytes)" = 0 ]; do
		_i=$((_i + 1))
		[ $_i -lt 60 ] || fail "$1: entries or memory left: a $(field a connections) conns $(field a memory_bytes) B, b $(field b connections) conns $(field b memory_bytes) B"
		sleep 1
	done
	echo "ok: $1: no connection entries, memory gauge 0 in a and b"
}

# settle_sockets WHAT: after failures anywhere in the kernel a peer may
# never learn that its connection was reset (the RST itself could not be
# allocated), and its socket lives on, idle or retransmitting, with its
# entry: entries live exactly as long as their sockets. After the wait,
# every entry left must still have a socket (not counting listeners).
settle_sockets() {
	_i=0
	until [ "$(field a connections)" = 0 ] && [ "$(field b connections)" = 0 ]; do
		_i=$((_i + 1))
		if [ $_i -ge 30 ]; then
			for _ns in a b; do
				_e=$(field $_ns connections)
				_s=$(nsx $_ns ss -Htan | grep -vc LISTEN || true)
				echo "$1: $_ns: $_e entries, $_s sockets"
				nsx $_ns ss -Htan | grep -v LISTEN || true
				[ "$_e" -le "$_s" ] || fail "$1: $_ns has $_e entries for $_s sockets"
			done
			echo "ok: $1: every entry left has its socket"
			return
		fi
		sleep 1
	done
	echo "ok: $1: no connection entries in a and b"
}

# check_works: with nothing injected, a connection is encrypted again.
check_works() {
	_hs=$(sum HandshakesCompleted)
	transfer a b 10.0.0.2 /tmp/small
	assert_ge "$(sum HandshakesCompleted)" $((_hs + 2)) "$1: handshakes after the failures"
}

report() { echo "REPORT $*" | tee -a /tmp/report; }

# run_workload OPTS: workload, its output in /tmp/wl.log and shown.
run_workload() {
	(workload "$@") > /tmp/wl.log 2>&1 || { cat /tmp/wl.log; fail "workload $*"; }
	cat /tmp/wl.log
}

mkdata /tmp/small 32
: > /tmp/report

# 1. Failures before INIT1: the connection goes on, plain. Every connection
# must work (no -k) and some must have fallen back.
for f in $before_init1; do
	echo "== $f (before INIT1: plain)"
	created=$(sum ConnsCreated)
	done0=$(sum HandshakesCompleted)
	ff_arm 6 $f
	run_workload
	ff_disarm
	assert_ge "$injected" 1 "$f: calls failed"
	conns=$(( $(sum ConnsCreated) - created ))
	encrypted=$(( $(sum HandshakesCompleted) - done0 ))
	# 14 connections, 2 entries each if all were encrypted.
	[ "$encrypted" -lt 28 ] || fail "$f: $injected failures, yet every connection was encrypted"
	report "$f: $injected failed calls; 14/14 connections intact, $((encrypted / 2)) encrypted, the rest plain; entries created $conns"
	settle "$f"
	check_works "$f"
done

# 2. Failures at or after INIT1: the connection is encrypted or fails;
# marked data, and the marker never on the wire.
for f in $after_init1; do
	echo "== $f (after INIT1: encrypted or reset)"
	failed0=$(sum HandshakesFailed)
	to0=$(sum HandshakeTimeouts)
	fc_capture a
	ff_arm 4 $f
	run_workload -m -k
	ff_disarm
	fc_check
	assert_ge "$injected" 1 "$f: calls failed"
	failed=$(( $(sum HandshakesFailed) - failed0 ))
	timeouts=$(( $(sum HandshakeTimeouts) - to0 ))
	bad=$(grep -c '^tcpmany: ' /tmp/wl.log || true)
	report "$f: $injected failed calls; $bad connection(s) failed, handshakes failed $failed, timed out $timeouts; no plaintext, no altered data"
	case $f in
	tcpcrypt_hs_init2_skb)
		# The server cannot send INIT2: it fails the handshake at once
		# rather than leave the client waiting for handshake_timeout.
		assert_ge "$failed" 1 "$f: handshakes failed"
		assert_eq "$(stat b HandshakeTimeouts)" 0 "$f: handshakes the server let time out"
		;;
	tcpcrypt_hs_keys|tcpcrypt_hmac_setkey)
		assert_ge "$failed" 1 "$f: handshakes failed"
		;;
	esac
	settle "$f"
	check_works "$f"
done

# 3. A failed handshake whose socket's abort cannot be queued: the GC
# retries, so the socket is reset within seconds, not left to hang.
# Not in make check's bounded set.
if [ -n "${FAULTINJECT:-}${FAULTINJECT_ALL:-}" ]; then
	echo "== tcpcrypt_abort_work_alloc (with tcpcrypt_hs_keys)"
	failed0=$(sum HandshakesFailed)
	nomem0=$(sum DropNoMemory)
	fc_capture a
	ff_arm 2 tcpcrypt_hs_keys tcpcrypt_abort_work_alloc
	fresh
	t0=$(cut -d. -f1 /proc/uptime)
	timeout 60 ip netns exec a tcpmany 10.0.0.2 5003 -r 1 -m -k ||
		fail "a connection whose abort failed: exit $? (hang or altered data)"
	ff_disarm
	t1=$(cut -d. -f1 /proc/uptime)
	fc_check
	assert_ge "$(( $(sum DropNoMemory) - nomem0 ))" 1 "abort work allocations failed"
	assert_ge "$(( $(sum HandshakesFailed) - failed0 ))" 1 "handshakes failed"
	# The client's handshake times out (10 s) at worst.
	[ $((t1 - t0)) -lt 30 ] || fail "the failed connection took $((t1 - t0)) s to end"
	# The server's socket, whose abort could not be queued, must go too (the
	# GC queues it again): left alone it would wait in read() for ever.
	i=0
	until [ "$(field b connections)" = 0 ] && [ -z "$(nsx b ss -Htn state established)" ]; do
		i=$((i + 1))
		[ $i -lt 15 ] || fail "the server's socket of the failed handshake was never aborted: $(nsx b ss -Htn)"
		sleep 1
	done
	echo "ok: the server's socket was aborted after all"
	report "tcpcrypt_abort_work_alloc: $injected failed calls (with hs_keys); the connection ended after $((t1 - t0)) s"
	settle "tcpcrypt_abort_work_alloc"
	check_works "tcpcrypt_abort_work_alloc"
fi

# 4. failslab and fail_page_alloc: any allocation of the kernel may fail
# (atomic ones: ignore-gfp-wait), a few percent of them, a bounded number
# of times, during the same workload. Everything is opportunistic here, so
# plain connections are possible: the sockets of this part require
# tcpcrypt (default_cmode always), so that none may carry the marker plain.
for ns in a b; do
	nsx $ns sh -c 'echo always > /proc/sys/net/tcpcrypt/default_cmode'
done
for fa in $page_faults; do
	d=/sys/kernel/debug/$fa
	echo "== $fa"
	fc_capture a
	echo 0 > $d/verbose
	echo Y > $d/ignore-gfp-wait
	[ -e $d/ignore-gfp-highmem ] && echo Y > $d/ignore-gfp-highmem
	echo 1 > $d/interval
	[ -e $d/min-order ] && echo 0 > $d/min-order
	echo 5 > $d/probability
	echo 200 > $d/times
	run_workload -m -k
	left=$(cat $d/times)
	echo 0 > $d/probability
	echo 0 > $d/times
	fc_check
	bad=$(grep -c '^tcpmany: ' /tmp/wl.log || true)
	assert_ge $((200 - left)) 1 "$fa: allocations failed"
	report "$fa: $((200 - left)) allocations failed (5 %); $bad connection(s) failed; no plaintext, no altered data"
	settle_sockets "$fa"
	check_works "$fa"
done
for ns in a b; do
	nsx $ns sh -c 'echo default > /proc/sys/net/tcpcrypt/default_cmode'
done

# 5. Unload during transfers while allocations fail: rmmod succeeds, the
# encrypted connections are aborted, none of their data goes out plain.
echo "== unload under failslab"
fc_capture a
nsx a tcpmany 10.0.0.2 5003 -c 4 -b 1000000 -m -k > /tmp/unload.log 2>&1 &
cli=$!
sleep 3
d=/sys/kernel/debug/failslab
echo 5 > $d/probability
echo 100 > $d/times
tc_unload_retry "rmmod did not succeed"
echo 0 > $d/probability
echo 0 > $d/times
echo "ok: unloaded during transfers while allocations failed"
i=0
while kill -0 $cli 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 120 ] || fail "connections hang after the unload"
	sleep 0.5
done
set +e
wait $cli
rc=$?
set -e
cat /tmp/unload.log
[ $rc -ne 3 ] || fail "altered data across the unload"
fc_check
kill $server 2>/dev/null || true

# 6. kmemleak: nothing of ours leaked (it ignores objects younger than 5 s).
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak > /tmp/leaks
	if grep -q tcpcrypt /tmp/leaks; then
		head -n 60 /tmp/leaks
		fail "kmemleak: objects of tcpcrypt leaked"
	fi
	echo "ok: kmemleak finds nothing of tcpcrypt ($(grep -c '^unreferenced' /tmp/leaks || true) other reports)"
fi
cat /tmp/report
