# SPDX-License-Identifier: GPL-2.0
# make bench: tcpcrypt against plain TCP, kTLS, WireGuard and TLS 1.3 in one
# guest boot, each row measured BENCH_RUNS times, the rows interleaved, the
# sender on vCPU 0 and the receiver on vCPU 1 (docs/PERFORMANCE.md).
# timeout: 3600
. /vm/lib.sh

RUNS=${BENCH_RUNS:-5}
SECS=${BENCH_SECS:-3}
CONNS=${BENCH_CONNS:-10000}
BIG=${BENCH_CONNS_BIG:-0}
# Short connections per rate measurement, by row: about a second each.
SHORT_PLAIN=1000 SHORT_RESUMED=500 SHORT_X25519=200 SHORT_P256=50

now() { cut -d' ' -f1 /proc/uptime; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
say() { echo "BENCH $*"; }

[ "$(nproc)" -ge 2 ] || fail "the bench needs 2 vCPUs (SMP=2), has $(nproc)"

tc_load
pair a b
B=10.0.0.2
# Each side on its own vCPU, as two hosts would be: processes by taskset,
# the receive softirq by RPS (veth has no interrupt: without RPS the
# sender's CPU runs the peer's whole receive path inside veth_xmit).
run_a() { nsx a taskset -c 0 "$@"; }
run_b() { nsx b taskset -c 1 "$@"; }
# rps A_MASK B_MASK: the CPUs that receive what each namespace's veth0 gets.
rps() {
	nsx a sh -c "echo $1 > /sys/class/net/veth0/queues/rx-0/rps_cpus"
	nsx b sh -c "echo $2 > /sys/class/net/veth0/queues/rx-0/rps_cpus"
}

# setting NAME VALUE: a tcpcrypt setting in both namespaces.
setting() {
	for ns in a b; do
		nsx $ns sh -c "echo '$2' > /proc/sys/net/tcpcrypt/$1"
	done
}
pk_default=$(nsx b cat /proc/sys/net/tcpcrypt/pubkeys)
cache_default=$(nsx b cat /proc/sys/net/tcpcrypt/cache_max)
suites_default=$(nsx b cat /proc/sys/net/tcpcrypt/suites)

# Servers, all in b on vCPU 1; the module sees every new connection and
# encrypts it or not by the enabled setting at that moment.
setting enabled 0
run_b ktls -l 5201 &
run_b ktls -l 5202 -c aes128gcm &
run_b ktls -l 5203 -c chacha20 &
run_b tcpmany -l 5003 &
wait_listen b 5201
wait_listen b 5202
wait_listen b 5203
wait_listen b 5003

# bulk HOST PORT [CIPHER]: MB/s of one stream from a to b.
bulk() {
	run_a ktls "$1" "$2" -t "$SECS" -c "${3:-none}" | sed -n 's/^\([0-9.]*\) MB\/s.*/\1/p'
}

# softnet CPU: packets the backlog of CPU has processed (softnet_stat's
# first column, hex), where netif_rx's receive path runs.
softnet() { printf '%d' "0x$(sed -n "$(($1 + 1))p" /proc/net/softnet_stat | cut -d' ' -f1)"; }

placement() {
	_c0=$(softnet 0) _c1=$(softnet 1)
	_r=$(bulk $B 5201)
	echo "$_r MB/s; packets through the receive backlog: vCPU 0 $(($(softnet 0) - _c0)), vCPU 1 $(($(softnet 1) - _c1))"
}

say "placement: sender on vCPU 0, receiver on vCPU 1 (taskset); plain TCP, one $SECS s run each:"
rps 0 0
say "  RPS off: $(placement)"
rps 1 2
say "  RPS on (b's veth0 to vCPU 1, a's to vCPU 0): $(placement)"

# WireGuard between the same namespaces, over their veth.
wg_ok=""
if ! command -v wg > /dev/null; then
	wg_skip="wg (wireguard-tools) is not in the guest: install it on the host (tests/deps.sh)"
elif ! modprobe wireguard 2> /dev/null; then
	wg_skip="wireguard.ko does not load"
else
	umask 077
	for ns in a b; do nsx $ns wg genkey > /tmp/wg.$ns; done
	umask 022
	n=1
	for ns in a b; do
		peer=b peer_n=2
		[ $ns = a ] || peer=a peer_n=1
		nsx $ns ip link add wg0 type wireguard
		nsx $ns wg set wg0 listen-port 51820 private-key /tmp/wg.$ns \
			peer "$(wg pubkey < /tmp/wg.$peer)" allowed-ips 10.9.0.$peer_n/32 \
			endpoint 10.0.0.$peer_n:51820
		nsx $ns ip addr add 10.9.0.$n/24 dev wg0
		nsx $ns ip link set wg0 up
		n=$((n + 1))
	done
	wg_ok=1
fi

# check_plain BEFORE: no handshake since BEFORE (a plain row stays plain).
check_plain() {
	[ "$(stat b HandshakesCompleted)" -eq "$1" ] || fail "a plain row was encrypted"
}

# Bulk rows. Each prints MB/s and checks that it measured what it says.
row_plain() {
	_h=$(stat b HandshakesCompleted)
	bulk $B 5201
	check_plain "$_h"
}
# One segment per skb: GSO/TSO held to one segment on the sender's veth.
row_plain1() {
	nsx a ip link set dev veth0 gso_max_segs 1
	_h=$(stat b HandshakesCompleted)
	bulk $B 5201
	check_plain "$_h"
	nsx a ip link set dev veth0 gso_max_segs 65535
}
row_ktls_gcm() { bulk $B 5202 aes128gcm; }
row_ktls_chacha() { bulk $B 5203 chacha20; }
row_wg() { bulk 10.9.0.2 5201; }
# tcpcrypt_bulk SUITE PUBKEYS: the suite asked for must be the one in use
# (a resumed session would keep its own: the caches are emptied first).
# Only a peer that offers nothing but v0.2's P-256 is given the legacy suite.
tcpcrypt_bulk() {
	setting suites "$1"
	setting pubkeys "$2"
	for ns in a b; do nsx $ns tcpcryptctl flush > /dev/null; done
	setting enabled 1
	run_a ktls $B 5201 -t "$SECS" > /tmp/bulk.out
	setting enabled 0
	setting suites "$suites_default"
	setting pubkeys "$pk_default"
	# The connection, by its local address: in TIME-WAIT now, still listed.
	_l=$(sed -n 's/.* local //p' /tmp/bulk.out)
	_s=$(nsx a cat /proc/net/tcpcrypt_conns | awk -v l="$_l" '$1 == l { print $6; exit }')
	[ "$_s" = "$1" ] || fail "tcpcrypt row $1: the connection from $_l used suite '$_s'"
	sed -n 's/^\([0-9.]*\) MB\/s.*/\1/p' /tmp/bulk.out
}
row_tc_chacha() { tcpcrypt_bulk chacha20 "$pk_default"; }
row_tc_aes() { tcpcrypt_bulk aes128 p256; }

# kTLS rows: a short probe each, kept if it works (tls.ko and the AEAD
# must be in the guest).
ktls_probe() {
	run_a ktls $B "$1" -t 0.2 -c "$2" 2>&1 > /dev/null | tr '\n' ' '
}
gcm_skip=$(ktls_probe 5202 aes128gcm)
chacha_skip=$(ktls_probe 5203 chacha20)
bulk_rows="plain plain1"
[ -n "$gcm_skip" ] || bulk_rows="$bulk_rows ktls_gcm"
[ -n "$chacha_skip" ] || bulk_rows="$bulk_rows ktls_chacha"
[ -z "$wg_ok" ] || bulk_rows="$bulk_rows wg"
bulk_rows="$bulk_rows tc_chacha tc_aes"

# Connection rates: connect, 1 B each way, close, one thread.
shortconns() {
	run_a tcpmany $B 5003 -r "$1" | sed -n 's/^\([0-9.]*\) connections.*/\1/p'
}
row_cps_plain() {
	_h=$(stat b HandshakesCompleted)
	shortconns $SHORT_PLAIN
	check_plain "$_h"
}
# hs_rate PUBKEYS CACHE N: N connections, tcpcrypt on, the server offering
# PUBKEYS, both session caches holding CACHE (0: every handshake full);
# every one of them must be encrypted, or the rate means nothing.
hs_rate() {
	setting pubkeys "$1"
	setting cache_max "$2"
	for ns in a b; do nsx $ns tcpcryptctl flush > /dev/null; done
	setting enabled 1
	_h=$(stat b HandshakesCompleted)
	_r=$(stat a HandshakesResumed)
	shortconns "$3"
	setting enabled 0
	setting pubkeys "$pk_default"
	setting cache_max "$cache_default"
	[ "$(stat b HandshakesCompleted)" -eq $((_h + $3)) ] ||
		fail "not every connection was encrypted with $1"
	# Full: none resumed; resumed: all but the first.
	_got=$(($(stat a HandshakesResumed) - _r))
	if [ "$2" -eq 0 ]; then
		[ $_got -eq 0 ] || fail "$1 without a cache: $_got resumed"
	else
		[ $_got -eq $(($3 - 1)) ] || fail "$1 cache $2: $_got of $3 resumed"
	fi
}
row_cps_x25519() { hs_rate x25519 0 $SHORT_X25519; }
row_cps_resumed() { hs_rate "$pk_default" "$cache_default" $SHORT_RESUMED; }
row_cps_p256() { hs_rate p256 0 $SHORT_P256; }

# TLS 1.3 with OpenSSL: s_server answers "GET /b" with a 1-byte file;
# s_time counts connections (-new: full handshakes, -reuse: resumed).
tls_ok=""
if ! command -v openssl > /dev/null; then
	tls_skip="openssl is not in the guest"
else
	mkdir -p /tmp/www
	printf x > /tmp/www/b
	printf '[req]\ndistinguished_name = dn\n[dn]\n' > /tmp/req.cnf
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj /CN=bench -days 2 -config /tmp/req.cnf \
		-keyout /tmp/tls.key -out /tmp/tls.crt 2> /dev/null
	(cd /tmp/www && exec ip netns exec b taskset -c 1 openssl s_server -quiet \
		-accept 4433 -cert /tmp/tls.crt -key /tmp/tls.key -tls1_3 -HTTP) > /dev/null 2>&1 &
	wait_listen b 4433
	tls_ok=1
fi
# tls_rate -new|-reuse: connections per second over about SECS seconds.
# s_time's own "real seconds" are whole seconds: the time is taken here,
# less the start of an openssl process, measured just before (the host's
# load changes it from run to run).
tls_rate() {
	_t0=$(now)
	run_a openssl version > /dev/null
	tls_start=$(awk -v a="$_t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
	echo "$tls_start" >> /tmp/tls_start
	_t0=$(now)
	run_a openssl s_time -connect $B:4433 "$1" -time "$SECS" -www /b > /tmp/stime.out 2>&1 ||
		fail "s_time $1: $(tail -n 3 /tmp/stime.out)"
	_t1=$(now)
	[ "$1" = -new ] || grep -q '^r' /tmp/stime.out || fail "s_time -reuse resumed nothing"
	sed -n 's/^\([0-9]*\) connections in .* real seconds.*/\1/p' /tmp/stime.out |
		awk -v a="$_t0" -v b="$_t1" -v s="$tls_start" '{ printf "%.1f\n", $1 / (b - a - s); exit }'
}
row_cps_tls_full() { tls_rate -new; }
row_cps_tls_resumed() { tls_rate -reuse; }

cps_rows="cps_plain cps_x25519 cps_resumed cps_p256 cps_tls_full cps_tls_resumed"
[ -n "$tls_ok" ] || cps_rows=$(echo "$cps_rows" | sed 's/ cps_tls_full cps_tls_resumed//')

# Loss: 20 MB through a router with netem (5 % loss, 25 % reordering, 2 ms)
# on both of its links, seconds; x on vCPU 0, y on vCPU 1.
triple x r y
nsx x sh -c 'echo 1 > /sys/class/net/veth0/queues/rx-0/rps_cpus'
nsx y sh -c 'echo 2 > /sys/class/net/veth0/queues/rx-0/rps_cpus'
for ns in x y; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'; done
mkdata /tmp/data 20480
# netem drops whole skbs: the sender's veth is held to one segment per skb
# so that both rows lose segments, as a real link does (a 64 KiB GSO skb
# would otherwise be one loss event for 45 segments of plain TCP).
nsx x ip link set dev veth0 gso_max_segs 1
for dev in veth0 veth1; do
	nsx r tc qdisc replace dev $dev root netem delay 2ms reorder 25% 50% loss 5%
done
lossy_time() {
	for ns in x y; do nsx $ns sh -c "echo $1 > /proc/sys/net/tcpcrypt/enabled"; done
	nsx y taskset -c 1 tcpcat -l 5001 -o /tmp/data.recv &
	_srv=$!
	wait_listen y 5001
	_t0=$(now)
	nsx x taskset -c 0 tcpcat 10.0.2.1 5001 -i /tmp/data
	wait $_srv || fail "server side of the lossy transfer failed"
	_t1=$(now)
	[ "$(sha /tmp/data.recv)" = "$(sha /tmp/data)" ] || fail "lossy transfer altered"
	rm -f /tmp/data.recv
	awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.2f\n", b - a }'
}
row_loss_plain() { lossy_time 0; }
row_loss_tcpcrypt() {
	_h=$(stat y HandshakesCompleted)
	lossy_time 1
	[ "$(stat y HandshakesCompleted)" -gt "$_h" ] || fail "the lossy tcpcrypt row was not encrypted"
}
loss_rows="loss_plain loss_tcpcrypt"

# The runs: A B C ... A B C ..., each value in /tmp/res.ROW.
rows="$bulk_rows $cps_rows $loss_rows"
t_start=$(now)
i=1
while [ $i -le "$RUNS" ]; do
	for r in $rows; do
		v=$(row_"$r")
		[ -n "$v" ] || fail "row $r gave no value"
		echo "$v" >> "/tmp/res.$r"
	done
	echo "b: run $i of $RUNS done at $(now) s"
	i=$((i + 1))
done

# median ROW: the median of its values ("median min max" with -a).
stats_of() { sort -n "/tmp/res.$1" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s\n", m, v[1], v[NR] }'; }
median() { stats_of "$1" | cut -d' ' -f1; }
# line ROW LABEL UNIT [REF_ROW REF_NAME...]
line() {
	_r=$1 _label=$2 _unit=$3
	shift 3
	# shellcheck disable=SC2046 # three numbers
	set -- $(stats_of "$_r") "$@"
	_m=$1 _lo=$2 _hi=$3
	shift 3
	_out=$(printf '%-44s %9s %s [%s-%s]' "$_label" "$_m" "$_unit" "$_lo" "$_hi")
	while [ $# -ge 2 ]; do
		_out="$_out, $(ratio "$_m" "$(median "$1")") x $2"
		shift 2
	done
	say "  $_out"
}

say "runs per row: $RUNS, interleaved; median [min-max], ratios of medians; $(awk -v a="$t_start" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s in all"
say "bulk, one stream a -> b, $SECS s per run:"
line plain "plain TCP (GSO)" MB/s plain plain
line plain1 "plain TCP, one segment per skb" MB/s plain plain
if [ -z "$gcm_skip" ]; then
	line ktls_gcm "kTLS AES-128-GCM" MB/s plain plain
	ktls_ref="ktls_gcm kTLS-GCM"
else
	say "  kTLS AES-128-GCM: skipped: $gcm_skip"
	ktls_ref=""
fi
if [ -z "$chacha_skip" ]; then
	line ktls_chacha "kTLS ChaCha20-Poly1305" MB/s plain plain
else
	say "  kTLS ChaCha20-Poly1305: skipped: $chacha_skip"
fi
if [ -n "$wg_ok" ]; then
	line wg "WireGuard" MB/s plain plain
else
	say "  WireGuard: skipped: $wg_skip"
fi
# shellcheck disable=SC2086 # $ktls_ref: a row and its name, or nothing
line tc_chacha "tcpcrypt chacha20 (default between modules)" MB/s plain plain $ktls_ref
# shellcheck disable=SC2086
line tc_aes "tcpcrypt aes128 (legacy suite)" MB/s plain plain $ktls_ref
say "connection rates (connect, 1 B each way, close; one thread):"
line cps_plain "plain TCP ($SHORT_PLAIN per run)" /s cps_plain plain
line cps_x25519 "tcpcrypt full X25519, no cache ($SHORT_X25519)" /s cps_plain plain
line cps_resumed "tcpcrypt resumed, defaults ($SHORT_RESUMED)" /s cps_plain plain
line cps_p256 "tcpcrypt full P-256, no cache ($SHORT_P256)" /s cps_plain plain
if [ -n "$tls_ok" ]; then
	say "  (TLS: openssl's start, $(sort -n /tmp/tls_start | tr '\n' ' ')s, measured and taken off each run's time)"
	line cps_tls_full "TLS 1.3 full (s_time -new, $SECS s)" /s cps_plain plain
	line cps_tls_resumed "TLS 1.3 resumed (s_time -reuse, $SECS s)" /s cps_plain plain
else
	say "  TLS 1.3: skipped: $tls_skip"
fi
say "20 MB under 5 % loss + 25 % reordering (one segment per skb), seconds:"
line loss_plain "plain TCP" s
line loss_tcpcrypt "tcpcrypt" s loss_plain plain
say "  (target: tcpcrypt/plain time ratio <= 1.1)"

# Memory: N idle encrypted connections (1 byte sent on each), the module's
# memory gauge (tcpcryptctl stats, memory_bytes) per connection at each end.
stop() { kill "$1" 2> /dev/null || true; wait "$1" 2> /dev/null || true; }
mem() { nsx "$1" tcpcryptctl --json stats | sed -n 's/.*"memory_bytes": \([0-9]*\).*/\1/p'; }
memory_row() {
	_n=$1
	setting enabled 1
	setting max_conns $((_n * 2 + 1000))
	nsx a sh -c 'echo 1024 65535 > /proc/sys/net/ipv4/ip_local_port_range'
	nsx b sh -c 'echo 8192 > /proc/sys/net/core/somaxconn'
	ulimit -n $((_n + 1000))
	# exec'd: $! is tcpidle itself, for the kill.
	# Four server ports: one client address has about 64 000 ports per
	# server port, and connect() searches longer the fuller they are.
	ip netns exec b taskset -c 1 tcpidle -l 6001 -l 6002 -l 6003 -l 6004 &
	_srv=$!
	for _p in 6001 6002 6003 6004; do wait_listen b $_p; done
	_ma=$(mem a) _mb=$(mem b) _h=$(stat b HandshakesCompleted)
	_t0=$(now)
	ip netns exec a taskset -c 0 tcpidle $B 6001,6002,6003,6004 -n "$_n" > /tmp/idle.out &
	_cli=$!
	# Set up: every connection's handshake done at the server, at 25
	# connections a second at least (about 130/s in a loaded TCG guest).
	_i=0
	until [ "$(stat b HandshakesCompleted)" -ge $((_h + _n)) ]; do
		_i=$((_i + 1))
		[ $_i -lt $((_n / 5 + 300)) ] || fail "$_n connections: $(($(stat b HandshakesCompleted) - _h)) handshakes done"
		kill -0 $_cli 2> /dev/null || fail "tcpidle: $(cat /tmp/idle.out)"
		sleep 0.2
	done
	_t1=$(now)
	_da=$(($(mem a) - _ma)) _db=$(($(mem b) - _mb))
	say "memory, $_n idle encrypted connections: client $_da B ($((_da / _n)) B per connection), server $_db B ($((_db / _n)) B per connection); set up in $(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.1f", b - a }') s (one thread, one after another)"
	stop $_cli
	stop $_srv
	setting enabled 0
}
memory_row "$CONNS"
[ "$BIG" -eq 0 ] || memory_row "$BIG"
stat_all b | grep -E "Handshakes|MacFail" || true
