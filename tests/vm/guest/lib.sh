# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VM test scripts (sourced by dash, set -e in force).
# A test prints what it does; any failing command or check ends it with
# a non-zero status, which the harness reports with the output.

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Load the module under test, with optional parameters.
tc_load() { modprobe tcpcrypt "$@"; }
tc_unload() { rmmod tcpcrypt; }
tc_loaded() { grep -q '^tcpcrypt ' /proc/modules; }

# nsx NS CMD...: run a command in a namespace.
nsx() {
	_ns=$1
	shift
	ip netns exec "$_ns" "$@"
}

# pair A B: namespaces A and B joined by a veth, with
# 10.0.0.1/fd00::1 in A and 10.0.0.2/fd00::2 in B.
pair() {
	ip netns add "$1"
	ip netns add "$2"
	ip link add veth0 netns "$1" type veth peer name veth0 netns "$2"
	_n=1
	for _ns in "$1" "$2"; do
		nsx "$_ns" ip link set lo up
		nsx "$_ns" ip addr add 10.0.0.$_n/24 dev veth0
		nsx "$_ns" ip addr add fd00::$_n/64 dev veth0 nodad
		nsx "$_ns" ip link set veth0 up
		_n=$((_n + 1))
	done
}

# stat NS NAME: a counter of /proc/net/tcpcrypt_stat in NS ("Tcpcrypt" implied).
stat() {
	_v=$(nsx "$1" cat /proc/net/tcpcrypt_stat | sed -n "s/^Tcpcrypt$2 //p")
	[ -n "$_v" ] || fail "no counter Tcpcrypt$2 in namespace $1"
	echo "$_v"
}

# tc_unload_retry WHAT: rmmod, retried for 10 s while sockets let go.
tc_unload_retry() {
	_i=0
	until tc_unload 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 50 ] || fail "$1"
		sleep 0.2
	done
}

# ghost_client A B: addresses that nobody owns (10.0.0.9, fd00::9), which B
# reaches at A's MAC, so that pktforge in A can play a client from them
# while A's own TCP stays silent (it would reset B's SYN-ACKs). Sets
# $ghost_peermac, B's MAC, for pktforge's peermac.
ghost_client() {
	_amac=$(nsx "$1" cat /sys/class/net/veth0/address)
	ghost_peermac=$(nsx "$2" cat /sys/class/net/veth0/address)
	nsx "$2" ip neigh add 10.0.0.9 lladdr "$_amac" dev veth0
	nsx "$2" ip -6 neigh add fd00::9 lladdr "$_amac" dev veth0
}

assert_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
	echo "ok: $3 = $2"
}

assert_ge() {
	[ "$1" -ge "$2" ] || fail "$3: expected >= $2, got $1"
	echo "ok: $3 = $1 (>= $2)"
}

# wait_listen NS PORT: wait until something listens on PORT in NS.
wait_listen() {
	_i=0
	until nsx "$1" ss -Hltn "sport = :$2" | grep -q LISTEN; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "nothing listens on port $2 in $1"
		sleep 0.05
	done
}

# mkdata FILE KIB: KIB kibibytes of random test data.
mkdata() { dd if=/dev/urandom of="$1" bs=1024 count="$2" 2>/dev/null; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

# transfer CLIENT SERVER ADDR FILE [tcpcat client options]: send FILE from
# CLIENT to SERVER (listening at ADDR port 5001); check it arrived intact.
transfer() {
	_c=$1 _s=$2 _a=$3 _f=$4
	shift 4
	nsx "$_s" tcpcat -l 5001 -o "$_f.recv" &
	_srv=$!
	wait_listen "$_s" 5001
	nsx "$_c" tcpcat "$_a" 5001 -i "$_f" "$@"
	wait $_srv || fail "server side of the transfer failed"
	assert_eq "$(sha "$_f.recv")" "$(sha "$_f")" "sha256 of $_f sent to $_a"
	rm -f "$_f.recv"
}

# mkmarked FILE KIB: data that is easy to spot on the wire: a marker line
# repeated (with a counter, so that it does not compress away).
mkmarked() {
	awk -v n="$2" 'BEGIN { for (i = 0; i < n * 16; i++) printf "TCPCRYPT-PLAINTEXT-MARKER %037d\n", i }' > "$1"
}

# tcpdump's snapshot length. With "-s 0" on a device with offloads (veth),
# libpcap gives each slot of its ring room for a 256 KiB packet, so the
# 16 MiB ring holds 64 packets, which a tcpdump that runs late (PREEMPT_RT
# under TCG: thousands dropped of a 100-connection burst) overflows. There,
# 2 KiB slots: a protected segment is never larger, and a plain GSO
# packet's first 2 KiB still carry dozens of marker lines.
snaplen() { if uname -v | grep -q PREEMPT_RT; then echo 2048; else echo 0; fi; }

# capture NS FILE [DEV]: start tcpdump on NS's DEV (veth0), writing FILE,
# and wait until it listens; sets $capture. A 16 MiB buffer, as
# fc_capture's: with the default 2 MiB, tcpdump on the debug kernel dropped
# more than half of a 100-connection burst.
capture() {
	: > /tmp/tcpdump.err
	# Not through nsx: $! must be tcpdump itself, for capture_stop.
	ip netns exec "$1" tcpdump -i "${3:-veth0}" --immediate-mode -B 16384 -Z root -U -s "$(snaplen)" -w "$2" tcp 2>/tmp/tcpdump.err &
	capture=$!
	_i=0
	until grep -q 'listening on' /tmp/tcpdump.err; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "tcpdump did not start: $(cat /tmp/tcpdump.err)"
		sleep 0.05
	done
}

# Immediate mode: packets reach the file at once, not a ring block later,
# so nothing sent before capture_stop is missed.
capture_stop() {
	sleep 0.5
	kill "$capture" 2>/dev/null || true
	wait "$capture" 2>/dev/null || true
}

# stat_all NS: print the non-zero counters of NS (for logs).
stat_all() { nsx "$1" cat /proc/net/tcpcrypt_stat | grep -v ' 0$' | sed "s/^/$1: /"; }

# triple A R B: A and B on two links through router R:
# A 10.0.1.1 fd01::1 -- R 10.0.1.2 fd01::2 | R 10.0.2.2 fd02::2 -- B 10.0.2.1 fd02::1
triple() {
	ip netns add "$1"
	ip netns add "$2"
	ip netns add "$3"
	ip link add veth0 netns "$1" type veth peer name veth0 netns "$2"
	ip link add veth0 netns "$3" type veth peer name veth1 netns "$2"
	for _ns in "$1" "$2" "$3"; do nsx "$_ns" ip link set lo up; done
	nsx "$1" ip addr add 10.0.1.1/24 dev veth0
	nsx "$1" ip addr add fd01::1/64 dev veth0 nodad
	nsx "$2" ip addr add 10.0.1.2/24 dev veth0
	nsx "$2" ip addr add fd01::2/64 dev veth0 nodad
	nsx "$2" ip addr add 10.0.2.2/24 dev veth1
	nsx "$2" ip addr add fd02::2/64 dev veth1 nodad
	nsx "$3" ip addr add 10.0.2.1/24 dev veth0
	nsx "$3" ip addr add fd02::1/64 dev veth0 nodad
	nsx "$2" ip link set veth0 up
	nsx "$2" ip link set veth1 up
	nsx "$1" ip link set veth0 up
	nsx "$3" ip link set veth0 up
	nsx "$1" ip route add default via 10.0.1.2
	nsx "$1" ip -6 route add default via fd01::2
	nsx "$3" ip route add default via 10.0.2.2
	nsx "$3" ip -6 route add default via fd02::2
	nsx "$2" sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward; echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'
	# The router runs no tcpcrypt of its own.
	nsx "$2" sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled' 2>/dev/null || true
}

# kib N: N KiB, scaled down on the debug kernel, which runs several
# times slower under KASAN.
kib() {
	if [ -d /sys/kernel/debug/kunit ]; then echo $(($1 / 8)); else echo "$1"; fi
}

# encrypted_both_ways ADDR_A ADDR_B: between namespaces a (ADDR_A) and b
# (ADDR_B), 24 MB each way (an eighth on the debug kernel), encrypted:
# intact, MACed, and the plaintext never on the wire.
encrypted_both_ways() {
	mkmarked /tmp/data "$(kib 24576)"
	capture a /tmp/cap.pcap
	transfer a b "$2" /tmp/data
	transfer b a "$1" /tmp/data
	capture_stop
	stat_all a
	stat_all b
	assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes completed in a"
	assert_eq "$(stat b HandshakesCompleted)" 2 "handshakes completed in b"
	assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
	assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
	assert_ge "$(stat a OutProtectedSegs)" 100 "protected segments sent by a"
	assert_ge "$(stat b InVerifiedSegs)" 100 "verified segments received by b"
	# tcpdump may drop some packets on a busy host: most of both transfers
	# must be in the capture for "no plaintext" to mean something.
	_size=$(wc -c < /tmp/cap.pcap)
	assert_ge "$_size" "$(($(kib 24576) * 2 * 1024 * 8 / 10))" "bytes captured (80 % of the data at least)"
	if grep -c "TCPCRYPT-PLAINTEXT-MARKER" /tmp/cap.pcap; then
		fail "plaintext on the wire"
	fi
	echo "no plaintext in $_size bytes of capture"
}

# The fail-closed check: nothing sent over an encrypted connection may be
# on the wire in plaintext. Send marked data (mkmarked, tcpmany -m,
# fcstream) between fc_capture and fc_check.
# fc_capture NS [DEV]: capture NS's DEV (veth0) into /tmp/fc.pcap; its own
# tcpdump, so that it runs alongside capture. A large buffer: under TCG
# tcpdump falls far behind a transfer.
fc_capture() {
	: > /tmp/fc-tcpdump.err
	ip netns exec "$1" tcpdump -i "${2:-veth0}" --immediate-mode -B 16384 -Z root -U -s "$(snaplen)" -w /tmp/fc.pcap tcp 2>/tmp/fc-tcpdump.err &
	fc_capture_pid=$!
	fc_capture_where="$1 ${2:-veth0}"
	_i=0
	until grep -q 'listening on' /tmp/fc-tcpdump.err; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "tcpdump did not start: $(cat /tmp/fc-tcpdump.err)"
		sleep 0.05
	done
}

# fc_check [DATA_BYTES]: stop fc_capture's tcpdump once it has written what
# it has (the file stops growing) and fail if the marker is anywhere in the
# capture (the first such packet is shown). DATA_BYTES is how much marked
# data crossed the link: half of it at least must be in the capture (the
# kernel may drop packets tcpdump is too slow for), else "no plaintext"
# would mean little.
fc_check() {
	_last=-1 _same=0 _i=0
	while [ $_same -lt 3 ] && [ $_i -lt 100 ]; do
		sleep 0.2
		_now=$(wc -c < /tmp/fc.pcap)
		if [ "$_now" = "$_last" ]; then _same=$((_same + 1)); else _same=0; fi
		_last=$_now
		_i=$((_i + 1))
	done
	kill "$fc_capture_pid" 2>/dev/null || true
	wait "$fc_capture_pid" 2>/dev/null || true
	echo "tcpdump: $(grep -E 'captured|dropped' /tmp/fc-tcpdump.err | tr '\n' ' ')"
	no_marker /tmp/fc.pcap "${1:-0}" "$fc_capture_where"
}

# no_marker PCAP [DATA_BYTES [WHAT]]: fc_check of a capture made otherwise.
no_marker() {
	_size=$(wc -c < "$1")
	[ "$_size" -ge "$((${2:-0} / 2))" ] ||
		fail "capture of ${3:-$1}: $_size bytes, less than half of the ${2} bytes of data"
	if grep -q -a TCPCRYPT-PLAINTEXT-MARKER "$1"; then
		tcpdump -r "$1" -nn -tt -A 2>/dev/null | awk '
			/^[0-9]+\.[0-9]+ IP/ { h = $0; next }
			/TCPCRYPT-PLAINTEXT-MARKER/ && h != "" { if (!n++) print "first packet in plaintext: " h; h = "" }
			END { print n + 0 " packet(s) with the marker" }' || true
		fail "plaintext on the wire: the marker is in the capture of ${3:-$1}"
	fi
	echo "ok: no plaintext marker in $_size bytes of capture of ${3:-$1}"
}

# pf NS SCRIPT LOG: run pktforge (tests/vm/bin/pktforge.c) in NS in the
# background ($pf), its messages in LOG; return once it sniffs.
pf() {
	: > "$3"
	nsx "$1" pktforge "$2" 2>"$3" &
	pf=$!
	_i=0
	until grep -q 'sniffing on' "$3"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "pktforge did not start: $(cat "$3")"
		sleep 0.05
	done
}

# The guest runs the debug kernel (KASAN, lockdep, KUnit, fault injection).
is_debug_kernel() { [ -d /sys/kernel/debug/kunit ]; }

# lane_on: the adversarial lane's long tests skip on a kernel that their
# "# check:" line (the kernels make check runs them on) does not name,
# when run by hand too: they are long. LANE_ALL=1 (or the test's own
# long-run knob) runs them anywhere.
lane_on() {
	[ -z "${LANE_ALL:-}" ] || return 0
	_lanes=$(sed -n 's/^# check: *//p' "$0")
	_k=stock
	! is_debug_kernel || _k=debug
	case " $_lanes " in *" $_k "*) return 0 ;; esac
	echo "runs on the $_lanes kernel in make check (LANE_ALL=1 runs it here too)"
	exit 77
}
