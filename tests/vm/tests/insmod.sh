# SPDX-License-Identifier: GPL-2.0
# A plain insmod of tcpcrypt.ko works with none of the crypto drivers
# loaded, as on a fresh boot: the module links against no modular code and
# asks the crypto API for chacha20, curve25519 and ecdh-nist-p256 by name,
# which loads their drivers. Connections are then encrypted with X25519
# and with P-256.
# check: stock rt
. /vm/lib.sh

ko=$(modinfo -n tcpcrypt)
assert_eq "$(modinfo -F depends "$ko")" "" "modules that tcpcrypt.ko links against"

# Back to a fresh boot's state: earlier tests of this boot may have loaded
# the drivers; unload them (dependents first, hence the rounds).
drivers="chacha_x86_64 chacha_generic curve25519_x86_64 curve25519_generic
	 ecdh_generic libchacha libcurve25519 libcurve25519_generic"
tc_loaded && tc_unload
for round in 1 2 3; do
	for m in $drivers; do
		grep -q "^$m " /proc/modules && rmmod "$m" 2> /dev/null || true
	done
done
for m in $drivers; do
	grep -q "^$m " /proc/modules && fail "$m is still loaded"
done

pair a b
insmod "$ko"
tc_loaded || fail "insmod did not load tcpcrypt"
echo "loaded by the crypto API:"
grep -E '^(chacha|curve25519|ecdh)' /proc/modules | cut -d' ' -f1

# connect_marked N: a marked transfer a -> b, encrypted, the Nth handshake.
connect_marked() {
	mkmarked /tmp/data 512
	capture a /tmp/cap.pcap
	transfer a b 10.0.0.2 /tmp/data
	capture_stop
	assert_eq "$(stat a HandshakesCompleted)" "$1" "handshakes completed in a"
	assert_eq "$(stat b HandshakesCompleted)" "$1" "handshakes completed in b"
	assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
	assert_ge "$(stat b InVerifiedSegs)" "$((100 * $1))" "verified segments received by b"
	if grep -c "TCPCRYPT-PLAINTEXT-MARKER" /tmp/cap.pcap; then
		fail "plaintext on the wire"
	fi
}
connect_marked 1
# P-256 only, and no session to resume: a full P-256 handshake.
for ns in a b; do
	nsx $ns sh -c 'echo p256 > /proc/sys/net/tcpcrypt/pubkeys; echo 0 > /proc/sys/net/tcpcrypt/cache_max'
done
connect_marked 2
echo "ok: insmod alone, then X25519 and P-256 connections encrypted"
tc_unload
