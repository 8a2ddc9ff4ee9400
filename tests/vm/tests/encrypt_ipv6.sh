# SPDX-License-Identifier: GPL-2.0
# Two namespaces with the module: a transfer each way over IPv6 is
# encrypted (the plaintext never appears on the wire), MACed and intact:
# 50 MB each way (an eighth of it on the slower debug kernel).
# timeout: 600
. /vm/lib.sh

pair a b
tc_load full_csum=1
mkmarked /tmp/data "$(kib 51200)"
capture a /tmp/cap.pcap
transfer a b fd00::2 /tmp/data
transfer b a fd00::1 /tmp/data
capture_stop
stat_all a
stat_all b
assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes completed in a"
assert_eq "$(stat b HandshakesCompleted)" 2 "handshakes completed in b"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
assert_ge "$(stat a OutProtectedSegs)" 100 "protected segments sent by a"
assert_ge "$(stat b InVerifiedSegs)" 100 "verified segments received by b"
size=$(wc -c < /tmp/cap.pcap)
assert_ge "$size" "$(($(kib 51200) * 2 * 1024))" "bytes captured"
if grep -c "TCPCRYPT-PLAINTEXT-MARKER" /tmp/cap.pcap; then
	fail "plaintext on the wire"
fi
echo "no plaintext in $size bytes of capture"
