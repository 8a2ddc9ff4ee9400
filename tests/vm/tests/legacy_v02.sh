# SPDX-License-Identifier: GPL-2.0
# What a tcpcryptd v0.2 peer gets: with P-256 and the legacy suite only,
# two modules run the v0.2 wire format (ECDHE P-256, AES-128 + HMAC-SHA256
# with its counter layout). With keylog=1 each side logs its secrets in the
# reference daemon's key-log format; the capture and both key logs are
# kept as artifacts, for an independent checker of the v0.2 format.
# check: stock rt
# timeout: 180
# taint: 64 (U: keylog=1)
. /vm/lib.sh

pair a b
# The key log of this test's connections only: earlier tests of the boot
# may have logged keys too.
klog0=$(dmesg | wc -l)
tc_load full_csum=1 keylog=1
for ns in a b; do
	nsx $ns sh -c 'echo p256 > /proc/sys/net/tcpcrypt/pubkeys; echo aes128 > /proc/sys/net/tcpcrypt/suites'
	assert_eq "$(nsx $ns cat /proc/sys/net/tcpcrypt/pubkeys)" p256 "public-key ciphers in $ns"
	assert_eq "$(nsx $ns cat /proc/sys/net/tcpcrypt/suites)" aes128 "suites in $ns"
done
if nsx a sh -c 'echo rot13 > /proc/sys/net/tcpcrypt/suites' 2>/dev/null; then
	fail "an unknown suite was accepted"
fi
mkmarked /tmp/data 200
capture b /tmp/cap.pcap
nsx b tcpcat -l 5001 -o /tmp/data.recv &
srv=$!
wait_listen b 5001
# Paced over about 4 s: the table is read while the connection lives.
nsx a tcpcat 10.0.0.2 5001 -i /tmp/data -r 51200 &
cli=$!
sleep 2
nsx a cat /proc/net/tcpcrypt_conns
conn=$(nsx a cat /proc/net/tcpcrypt_conns | awk 'NR == 2 { print $5, $6 }')
assert_eq "$conn" "p256 aes128" "ciphers of the connection"
sid_a=$(nsx a cat /proc/net/tcpcrypt_conns | awk 'NR == 2 { print $7 }')
sid_b=$(nsx b cat /proc/net/tcpcrypt_conns | awk 'NR == 2 { print $7 }')
assert_eq "$sid_a" "$sid_b" "session ID on both ends"
wait $cli
wait $srv
capture_stop
assert_eq "$(sha /tmp/data.recv)" "$(sha /tmp/data)" "sha256 over the legacy suite"
if grep -c TCPCRYPT-PLAINTEXT-MARKER /tmp/cap.pcap; then
	fail "plaintext on the wire"
fi
mkdir -p /tmp/artifacts
cp /tmp/cap.pcap /tmp/artifacts/legacy.pcap
cp /tmp/data /tmp/artifacts/data.bin
dmesg | tail -n +$((klog0 + 1)) | sed -n 's/.*tcpcrypt-keylog: //p' > /tmp/keylog.all
awk '/^conn /{ n++ } { print > ("/tmp/artifacts/keylog-" n ".txt") }' /tmp/keylog.all
assert_eq "$(grep -c '^conn ' /tmp/keylog.all)" 2 "key-log blocks (one per side)"
assert_eq "$(grep -c '' /tmp/artifacts/keylog-1.txt)" 32 "lines in a key-log block"
grep -q "^sid $sid_a$" /tmp/keylog.all || fail "logged session ID differs"
