# SPDX-License-Identifier: GPL-2.0
# A peer without tcpcrypt (switched off in its namespace): connections in
# both directions fall back to plain TCP at once and carry data intact.
# check: stock
# timeout: 120
. /vm/lib.sh

pair a b
tc_load full_csum=1
nsx b sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
assert_eq "$(nsx b cat /proc/sys/net/tcpcrypt/enabled)" 0 "tcpcrypt switched off in b"
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/enabled)" 1 "tcpcrypt still on in a"
mkmarked /tmp/data 256
capture a /tmp/cap.pcap
# a offers, b does not answer: a falls back when the SYN-ACK lacks PKCONF.
transfer a b 10.0.0.2 /tmp/data
# b does not offer: a sees a SYN without HELLO.
transfer b a 10.0.0.1 /tmp/data
capture_stop
stat_all a
stat_all b
assert_eq "$(stat a FallbackPeerNoPkconf)" 1 "client fallbacks in a"
assert_eq "$(stat a FallbackPeerNoHello)" 1 "server fallbacks in a"
assert_eq "$(stat a HandshakesCompleted)" 0 "handshakes in a"
assert_eq "$(stat a InDropDuringHandshake)" 0 "segments a dropped"
assert_eq "$(stat a OutDropDuringHandshake)" 0 "segments a held back"
# Plain TCP really: the data is readable on the wire.
assert_ge "$(grep -c TCPCRYPT-PLAINTEXT-MARKER /tmp/cap.pcap)" 100 "plaintext lines on the wire"

# Excluded ports stay plain even between two tcpcrypt hosts.
nsx b sh -c 'echo 1 > /proc/sys/net/tcpcrypt/enabled'
nsx a sh -c 'echo 5001 > /proc/sys/net/tcpcrypt/exclude_ports'
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/exclude_ports)" 5001 "excluded ports"
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a SkippedExcluded)" 1 "connections excluded in a"
assert_eq "$(stat b HandshakesCompleted)" 0 "handshakes in b"
nsx a sh -c 'echo 6000-6010,5001 > /proc/sys/net/tcpcrypt/exclude_ports'
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/exclude_ports)" "5001,6000-6010" "excluded port list"
if nsx a sh -c 'echo 70000 > /proc/sys/net/tcpcrypt/exclude_ports' 2>/dev/null; then
	fail "port 70000 accepted"
fi
nsx a sh -c 'echo > /proc/sys/net/tcpcrypt/exclude_ports'
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat b HandshakesCompleted)" 1 "handshakes in b once nothing is excluded"

# Excluded addresses too: a prefix covering the peer, then none.
nsx a sh -c 'echo "10.0.0.0/30 fd00::/64" > /proc/sys/net/tcpcrypt/exclude_addrs'
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/exclude_addrs)" "10.0.0.0/30 fd00::/64" "excluded addresses"
transfer a b 10.0.0.2 /tmp/data
transfer a b fd00::2 /tmp/data
assert_eq "$(stat a SkippedExcluded)" 3 "connections excluded in a (one by port, two by address)"
assert_eq "$(stat b HandshakesCompleted)" 1 "handshakes in b while the peer is excluded"
for bad in 10.0.0.0/33 fd00::/129 10.0.0 nonsense; do
	if nsx a sh -c "echo $bad > /proc/sys/net/tcpcrypt/exclude_addrs" 2>/dev/null; then
		fail "exclude_addrs accepted '$bad'"
	fi
done
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/exclude_addrs)" "10.0.0.0/30 fd00::/64" "list unchanged by bad writes"
nsx a sh -c 'echo > /proc/sys/net/tcpcrypt/exclude_addrs'
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat b HandshakesCompleted)" 2 "handshakes in b once nothing is excluded"
