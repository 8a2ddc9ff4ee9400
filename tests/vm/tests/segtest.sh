# SPDX-License-Identifier: GPL-2.0
# Scripted segment tests: every tests/vm/segtest/*.pf (packed as
# /vm/segtest) runs through pktforge in a fresh pair of namespaces, a
# (client, 10.0.0.1 fd00::1) and b (server, 10.0.0.2 fd00::2). The header
# lines ("#! key=value ...", see tests/vm/segtest/README.md) say which side
# is under test, how its socket is set up, and what must become of it.
# Beyond what the script itself expects, after each script:
#   - the victim's fcpeer ended as fate= says (ok, refused, reset, short,
#     timeout, fail = any error, any), encrypted or not as enc= says,
#     with or without data at the server as delivered= says;
#   - no plaintext marker on the wire if the victim required tcpcrypt or
#     its handshake completed (pktforge -w records the link, both ways, to
#     the end of the connection; lib.sh's no_marker reads the capture);
#   - a required socket never came up plain (fcpeer status 6), and a
#     required server got no data of a connection that was not encrypted;
#   - no new kernel log line from /vm/bad-patterns.txt (oops, WARN, KASAN);
#   - every counter=Name+ moved and every counter=Name= did not, in the
#     victim's namespace;
#   - the server's received data contains srvhas=TEXT and not srvlacks=TEXT.
# A script with a "keys" line (pktforge computes MACs with the session's
# keys) runs with keylog=1, and reads the keys from /dev/kmsg.
# Scripts with "#! known=..." (module findings) and "#! slow=1" (the other
# family of a case, and extra cases) run only with SEGTEST_ALL=1;
# SEGTEST="name ..." runs only those scripts. Details of failures (and of
# everything with SEGTEST_VERBOSE=1) are in the artifact segtest.log.
# check: stock
# timeout: 1500
# taint: 64 (U: keylog=1)
. /vm/lib.sh
# SEGTEST, SEGTEST_ALL, SEGTEST_VERBOSE from the host (tests/vm/run.sh).
[ -r /vm/env ] && . /vm/env
# In make check on the stock kernel only; a chosen set runs anywhere.
[ -n "${SEGTEST:-}${SEGTEST_ALL:-}" ] || lane_on

dir=/vm/segtest
[ -d $dir ] || fail "no $dir in the initramfs"
tc_load
echo "module loaded after $(cut -d' ' -f1 /proc/uptime) s of uptime"
npass=0 nfail=0 nknown=0 nskip=0
failed=""
t0=$(cut -d' ' -f1 /proc/uptime)

hdr_keys="role family cmode peer fate enc delivered counter delay lines interval secs cache known slow srvhas srvlacks suites warm"
parse_hdr() {
	for _k in $hdr_keys; do eval "h_$_k="; done
	sed -n 's/^#!//p' "$1" | tr ' \t' '\n\n' | grep '=' > /tmp/seg.hdr || true
	while IFS== read -r _k _v; do
		case " $hdr_keys " in
		*" $_k "*) eval "h_$_k=\$_v" ;;
		*) echo "FAIL $(basename "$1"): unknown header key '$_k'"; nfail=$((nfail + 1)); failed="$failed $(basename "$1" .pf)" ;;
		esac
	done < /tmp/seg.hdr
}

# ph PHASE: with SEGTEST_VERBOSE, when each phase of a script began.
ph() {
	[ -z "${SEGTEST_VERBOSE:-}" ] || { read -r _up _ < /proc/uptime; echo "  $_up $1" >> /tmp/seg.times; }
}

# counters NS FILE: the victim's counters, "Name value" without the prefix.
counters() { nsx "$1" cat /proc/net/tcpcrypt_stat | sed 's/^Tcpcrypt//' > "$2"; }

cval() { sed -n "s/^$1 //p" "$2"; }

# Commands that make a namespace's own TCP silent (pktforge plays the
# peer): incoming TCP is dropped at ingress, after the packet socket saw it.
peer_silent="tc qdisc add dev veth0 ingress
tc filter add dev veth0 parent ffff: protocol ip prio 1 basic match 'cmp(u8 at 9 layer network eq 6)' action drop
tc filter add dev veth0 parent ffff: protocol ipv6 prio 2 basic match 'cmp(u8 at 6 layer network eq 6)' action drop"

# check_fate WHAT STATUS EXPECTED
fate_ok() {
	case $2 in
	any) return 0 ;;
	ok) [ "$1" -eq 0 ] ;;
	refused) [ "$1" -eq 2 ] ;;
	reset) [ "$1" -eq 3 ] ;;
	short) [ "$1" -eq 4 ] ;;
	timeout) [ "$1" -eq 5 ] ;;
	fail) [ "$1" -ne 0 ] && [ "$1" -ne 6 ] ;;
	*) return 1 ;;
	esac
}

run_one() {
	f=$1
	name=${f##*/}
	name=${name%.pf}
	role=${h_role:-client}
	fam=${h_family:-4}
	cmode=${h_cmode:-always}
	peer=${h_peer:-module}
	fate=${h_fate:-ok}
	enc=${h_enc:-any}
	delivered=${h_delivered:-any}
	want=${h_counter}
	delay=${h_delay:-0}
	lines=${h_lines:-10}
	ival=${h_interval:-50}
	secs=${h_secs:-8}
	port=$((port + 1))
	why=""
	read -r ts _ < /proc/uptime
	: > /tmp/seg.times

	# A fresh pair (as lib.sh's pair), in as few processes as can be:
	# each one costs under TCG.
	ip -all netns delete 2>/dev/null || true
	printf 'netns add a\nnetns add b\nlink add veth0 netns a type veth peer name veth0 netns b\n' | ip -b -
	if [ "$role" = client ]; then victim=a other=b; else victim=b other=a; fi
	for ns in a b; do
		n=1
		[ $ns = a ] || n=2
		{
			echo "link set lo up"
			echo "addr add 10.0.0.$n/24 dev veth0"
			echo "addr add fd00::$n/64 dev veth0 nodad"
			echo "link set veth0 up"
		} | ip -n $ns -b -
		{
			echo "echo ${h_cache:-0} > /proc/sys/net/tcpcrypt/cache_max"
			[ -z "$h_suites" ] || echo "echo $h_suites > /proc/sys/net/tcpcrypt/suites"
			[ "$delay" = 0 ] || echo "tc qdisc add dev veth0 root netem delay ${delay}ms"
			if [ $ns = $other ]; then
				case $peer in
				plain) echo "echo 0 > /proc/sys/net/tcpcrypt/enabled" ;;
				forge) echo "$peer_silent" ;;
				esac
			fi
			echo "cat /sys/class/net/veth0/address"
		} > /tmp/seg.setup
		mac=$(nsx $ns sh -e /tmp/seg.setup)
		[ $ns != $victim ] || vmac=$mac
	done
	case $peer in
	module|plain|forge) ;;
	*) why="$why, bad peer=$peer" ;;
	esac
	if [ "$fam" = 6 ]; then ca=fd00::1 sa=fd00::2; else ca=10.0.0.1 sa=10.0.0.2; fi
	ph setup-done
	sed -e "s/\$PORT/$port/g" -e "s/\$CADDR/$ca/g" -e "s/\$SADDR/$sa/g" \
		-e "s/\$VMAC/$vmac/g" "$f" > /tmp/seg.pf
	copt="" sopt=""
	if [ "$cmode" = always ]; then
		if [ $victim = a ]; then copt=-a; else sopt=-a; fi
	fi
	if [ -n "$h_warm" ]; then
		# One whole connection between the two modules before the
		# script's, on another port: each end caches the next session,
		# so that the script's connection resumes. Before the counters
		# are read, so that hs counts the script's connection alone.
		nsx b fcpeer -l $((port + 10000)) $sopt -t "$secs" 2>/tmp/seg.warm &
		_w=$!
		wait_listen b $((port + 10000))
		nsx a fcpeer $sa $((port + 10000)) $copt -n 1 -i 0 -t "$secs" 2>>/tmp/seg.warm ||
			why="$why, the warm-up connection failed: $(tail -n 1 /tmp/seg.warm)"
		wait $_w || why="$why, the warm-up server failed: $(tail -n 1 /tmp/seg.warm)"
	fi
	counters $victim /tmp/seg.c0
	kl=$(dmesg | wc -l)
	# keys NAME /dev/kmsg in the script: the module logs the secrets.
	keylog=0
	! grep -q '^keys ' /tmp/seg.pf || keylog=1
	echo $keylog > /sys/module/tcpcrypt/parameters/keylog
	rm -f /tmp/seg.srv.out
	srv="" crc=0 src=0 prc=0
	if ! { [ "$peer" = forge ] && [ "$role" = client ]; }; then
		nsx b fcpeer -l $port $sopt -o /tmp/seg.srv.out -t "$secs" 2>/tmp/seg.srv &
		srv=$!
		wait_listen b $port
	else
		: > /tmp/seg.srv
	fi
	# pktforge records the link (both directions) into a pcap until told
	# to stop: the capture that no_marker checks. Not through nsx, so that
	# $! is pktforge itself.
	ph server-up
	: > /tmp/seg.pflog
	ip netns exec $other pktforge -w /tmp/seg.pcap /tmp/seg.pf 2>/tmp/seg.pflog &
	ppid_=$!
	_i=0
	until grep -q 'sniffing on' /tmp/seg.pflog; do
		_i=$((_i + 1))
		[ $_i -lt 200 ] || break
		sleep 0.05
	done
	ph pktforge-up
	if ! { [ "$peer" = forge ] && [ "$role" = server ]; }; then
		nsx a fcpeer $sa $port $copt -n "$lines" -i "$ival" -t "$secs" 2>/tmp/seg.cli || crc=$?
	else
		: > /tmp/seg.cli
	fi
	ph client-done
	# The client is done: the script has a moment to end (or it fails,
	# still waiting for what did not come), then the server.
	_i=0
	while ! grep -q 'pktforge: script done' /tmp/seg.pflog && kill -0 $ppid_ 2>/dev/null && [ $_i -lt 30 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ -n "$srv" ]; then
		# A server facing pktforge never sees the end of its connection.
		_i=0
		[ "$peer" != forge ] || _i=17
		while kill -0 $srv 2>/dev/null && [ $_i -lt 20 ]; do
			sleep 0.1
			_i=$((_i + 1))
		done
		kill $srv 2>/dev/null || true
		wait $srv || src=$?
		# Killed by us: as good as its own timeout.
		if [ $src -ge 128 ]; then src=5; fi
	fi
	kill -TERM $ppid_ 2>/dev/null || true
	wait $ppid_ || prc=$?
	ph all-done
	fcrc=0
	(no_marker /tmp/seg.pcap 0 "the link of $name") > /tmp/seg.fc 2>&1 || fcrc=1
	counters $victim /tmp/seg.c1
	if [ $victim = a ]; then vrc=$crc; else vrc=$src; fi
	hs=$(($(cval HandshakesCompleted /tmp/seg.c1) - $(cval HandshakesCompleted /tmp/seg.c0)))
	# The marker may cross in the clear only on a connection that was
	# allowed to be plain and was: neither required nor encrypted.
	if [ $fcrc -ne 0 ] && { [ "$cmode" = always ] || [ $hs -ge 1 ]; }; then
		why="$why, plaintext on the wire: $(grep -h 'FAIL\|first packet' /tmp/seg.fc | tr '\n' ' ')"
	fi

	[ $prc -eq 0 ] || why="$why, script: $(tail -n 1 /tmp/seg.pflog)"
	# The fail-closed invariants.
	[ $crc -ne 6 ] && [ $src -ne 6 ] || why="$why, a required socket came up plain"
	if [ "$cmode" = always ] && [ $victim = b ] && [ $hs -eq 0 ] && [ -s /tmp/seg.srv.out ]; then
		why="$why, the required server received $(wc -c < /tmp/seg.srv.out) bytes without a handshake"
	fi
	_bad=$(dmesg | tail -n +$((kl + 1)) | grep -F -f /vm/bad-patterns.txt | head -n 1)
	[ -z "$_bad" ] || why="$why, kernel log: $_bad"
	# What the script says must happen.
	fate_ok "$vrc" "$fate" || why="$why, victim status $vrc, expected $fate"
	case $enc in
	yes) [ $hs -ge 1 ] || why="$why, not encrypted (no handshake completed in $victim)" ;;
	no) [ $hs -eq 0 ] || why="$why, encrypted ($hs handshake(s) in $victim), expected not" ;;
	esac
	case $delivered in
	yes) [ -s /tmp/seg.srv.out ] || why="$why, no data reached the server" ;;
	no) [ ! -s /tmp/seg.srv.out ] || why="$why, $(wc -c < /tmp/seg.srv.out) bytes reached the server" ;;
	esac
	if [ -n "$h_srvhas" ] && ! grep -qF -- "$h_srvhas" /tmp/seg.srv.out 2>/dev/null; then
		why="$why, the server did not receive '$h_srvhas'"
	fi
	if [ -n "$h_srvlacks" ] && grep -qF -- "$h_srvlacks" /tmp/seg.srv.out 2>/dev/null; then
		why="$why, the server received '$h_srvlacks'"
	fi
	for c in $(echo "$want" | tr ',' ' '); do
		cn=${c%[+=]}
		v0=$(cval "$cn" /tmp/seg.c0) v1=$(cval "$cn" /tmp/seg.c1)
		if [ -z "$v0" ]; then
			why="$why, no counter $cn"
		elif [ "${c#"$cn"}" = + ] && [ "$v1" -le "$v0" ]; then
			why="$why, $cn did not move ($v0)"
		elif [ "${c#"$cn"}" = = ] && [ "$v1" -ne "$v0" ]; then
			why="$why, $cn moved ($v0 -> $v1)"
		fi
	done
	if [ -z "$why" ]; then
		echo "ok $name (status $vrc, handshakes $hs, $(awk -v a="$ts" '{ printf "%.1f", $1 - a }' /proc/uptime) s)"
		npass=$((npass + 1))
		[ -z "${SEGTEST_VERBOSE:-}" ] || { ph checked; cat /tmp/seg.times /tmp/seg.pflog; } >> /tmp/artifacts/segtest.log
		return
	fi
	if [ -n "${h_known}" ]; then
		echo "known $name:${why#,} [${h_known}]"
		nknown=$((nknown + 1))
	else
		echo "FAIL $name:${why#,}"
		nfail=$((nfail + 1))
		failed="$failed $name"
	fi
	# The details go to the artifact (the harness shows only the last 200
	# lines of the output).
	{
		echo "=== $name:${why#,}"
		echo "  --- pktforge"
		sed 's/^/  /' /tmp/seg.pflog
		echo "  --- client (status $crc) / server (status $src)"
		sed 's/^/  /' /tmp/seg.cli /tmp/seg.srv
		grep -v ' 0$' /tmp/seg.c1 | tr '\n' ' ' | sed "s/^/  $victim counters: /"
		echo
	} >> /tmp/artifacts/segtest.log
}

port=20000
mkdir -p /tmp/artifacts
: > /tmp/artifacts/segtest.log
for f in $dir/*.pf; do
	name=${f##*/}
	name=${name%.pf}
	if [ -n "${SEGTEST:-}" ]; then
		case " $SEGTEST " in *" $name "*) ;; *) continue ;; esac
	fi
	parse_hdr "$f"
	if [ -z "${SEGTEST:-}" ] && [ -z "${SEGTEST_ALL:-}" ] && { [ -n "$h_known" ] || [ -n "$h_slow" ]; }; then
		echo "skip $name (${h_known:+known: $h_known}${h_slow:+slow})"
		nskip=$((nskip + 1))
		continue
	fi
	run_one "$f"
done
ip -all netns delete 2>/dev/null || true
echo 0 > /sys/module/tcpcrypt/parameters/keylog
# A victim left ENCRYPTING towards a silent forged peer keeps its module
# references until its retransmissions give up in the dying namespace;
# the harness unloads the module 10 s after this: wait for them here.
_i=0
while [ "$(awk '$1 == "tcpcrypt" { print $3 }' /proc/modules)" != 0 ] && [ $_i -lt 120 ]; do
	sleep 0.5
	_i=$((_i + 1))
done
echo "module references: $(awk '$1 == "tcpcrypt" { print $3 }' /proc/modules) after $((_i / 2)) s"
t1=$(cut -d' ' -f1 /proc/uptime)
echo "segtest: $npass passed, $nfail failed, $nknown known findings, $nskip skipped in $(echo "$t0 $t1" | awk '{ printf "%d", $2 - $1 }') s"
[ $nfail -eq 0 ] || fail "scripts failed:$failed"
[ $npass -gt 0 ] || fail "no script ran"
