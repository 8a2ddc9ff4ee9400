# SPDX-License-Identifier: GPL-2.0
# make bench: plain TCP against tcpcrypt in one guest run, as ratios.
# timeout: 900
. /vm/lib.sh

now() { cut -d' ' -f1 /proc/uptime; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

tc_load
triple a r b
mkdata /tmp/data 20480
nsx b iperf3 -s -D
sleep 0.5

# mode on|off: tcpcrypt on or off in both end namespaces (new connections).
mode() {
	for ns in a b; do
		nsx $ns sh -c "echo $1 > /proc/sys/net/tcpcrypt/enabled"
	done
}

throughput() {
	nsx a iperf3 -c 10.0.2.1 -t 8 -f m | sed -n 's/.* \([0-9.]*\) Mbits\/sec.*sender.*/\1/p'
}

# netem drops whole skbs. Plain TCP over veth sends 64 KiB GSO skbs, so
# "5 % loss" would cost it one loss event per 45 segments where tcpcrypt
# (which turns GSO off) sees one per segment; the sender's veth is held to
# one segment per skb so that both lose segments, as a real link does.
lossy_time() {
	nsx a ip link set dev veth0 gso_max_segs 1
	for dev in veth0 veth1; do
		nsx r tc qdisc replace dev $dev root netem delay 2ms reorder 25% 50% loss 5%
	done
	t0=$(now)
	transfer a b 10.0.2.1 /tmp/data > /dev/null
	t1=$(now)
	for dev in veth0 veth1; do nsx r tc qdisc del dev $dev root; done
	nsx a ip link set dev veth0 gso_max_segs 65535
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}

shortconns() {
	nsx a tcpmany 10.0.2.1 5003 -r "${1:-300}" | sed -n 's/^\([0-9.]*\) connections.*/\1/p'
}

# hs_rate PUBKEYS CACHE: short connections per second with the server
# offering only PUBKEYS and both session caches holding CACHE entries
# (0: every connection does a full handshake).
hs_rate() {
	for ns in a b; do
		nsx $ns sh -c "echo $1 > /proc/sys/net/tcpcrypt/pubkeys"
		nsx $ns sh -c "echo $2 > /proc/sys/net/tcpcrypt/cache_max"
		nsx $ns tcpcryptctl flush > /dev/null
	done
	_done=$(stat b HandshakesCompleted)
	shortconns 200
	# Every one of them encrypted, or the rate means nothing.
	[ "$(stat b HandshakesCompleted)" -eq $((_done + 200)) ] ||
		fail "not every connection was encrypted with $1"
}

nsx b tcpmany -l 5003 &

mode 0
plain_tp=$(throughput)
plain_loss=$(lossy_time)
plain_cps=$(shortconns)
mode 1
crypt_tp=$(throughput)
# The data connection resumes the control connection's session: the
# suite is what matters here (the ciphers' own rates are measured below).
suite=$(nsx a cat /proc/net/tcpcrypt_conns | awk 'NR > 1 { print $6; exit }')
crypt_loss=$(lossy_time)
crypt_cps=$(shortconns)

# Handshake rates, each cipher on its own, then resumed sessions.
pk_default=$(nsx b cat /proc/sys/net/tcpcrypt/pubkeys)
cache_default=$(nsx a cat /proc/sys/net/tcpcrypt/cache_max)
full_x25519=$(hs_rate x25519 0)
full_p256=$(hs_rate p256 0)
# RSA needs a key at both ends (the client's is the one used).
for ns in a b; do nsx $ns tcpcryptctl rsakey new > /dev/null; done
full_rsa=$(hs_rate rsa3 0)
resumed=$(hs_rate "$pk_default" "$cache_default")
resumed_count=$(stat a HandshakesResumed)
mode 0
plain_cps2=$(shortconns 200)
mode 1

echo "BENCH suite: ${suite:-unknown} (what two tcpcrypt modules negotiate)"
echo "BENCH single-stream throughput: plain $plain_tp Mbit/s, tcpcrypt $crypt_tp Mbit/s, ratio tcpcrypt/plain $(ratio "$crypt_tp" "$plain_tp")"
echo "BENCH 20 MB under 5% loss + 25% reordering: plain ${plain_loss}s, tcpcrypt ${crypt_loss}s, time ratio tcpcrypt/plain $(ratio "$crypt_loss" "$plain_loss") (target <= 1.5)"
echo "BENCH short connections: plain $plain_cps/s, tcpcrypt $crypt_cps/s, ratio tcpcrypt/plain $(ratio "$crypt_cps" "$plain_cps")"
echo "BENCH handshake rates (connect, 1 B each way, close; 200 each): plain $plain_cps2/s"
echo "BENCH   full X25519: $full_x25519/s, ratio to plain $(ratio "$full_x25519" "$plain_cps2")"
echo "BENCH   full P-256:  $full_p256/s, ratio to plain $(ratio "$full_p256" "$plain_cps2")"
echo "BENCH   full RSA-3:  $full_rsa/s, ratio to plain $(ratio "$full_rsa" "$plain_cps2") (client decrypts RSA-4096)"
echo "BENCH   resumed:     $resumed/s, ratio to plain $(ratio "$resumed" "$plain_cps2") ($resumed_count resumed in all)"
stat_all b | grep -E "Handshakes|MacFail|SackBlocks" || true
