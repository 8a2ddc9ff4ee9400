# SPDX-License-Identifier: GPL-2.0
# Session resumption (NEXTK1/NEXTK2), over IPv4 and IPv6: a second
# connection between two hosts resumes without public-key work, with the
# same new session ID on both ends; the chain advances; a prefix the server
# does not know, TCP_CRYPT_CACHE_FLUSH and the _NK modes give full
# handshakes; tcpcryptctl flush empties the cache. On the wire: NEXTK1 with
# the 9-byte prefix in the SYN, NEXTK2 in the SYN-ACK, and no INIT messages.
# check: stock debug rt
# timeout: 300
. /vm/lib.sh

pair a b
tc_load
capture a /tmp/cap.pcap
sockopt_test resume 4
capture_stop
sockopt_test resume 6
stat_all a
stat_all b
assert_ge "$(stat a HandshakesResumed)" 10 "resumed handshakes in a"
assert_eq "$(stat a HandshakesResumed)" "$(stat b HandshakesResumed)" "resumed handshakes in b"
assert_ge "$(stat a ResumeUnknown)" 2 "resumptions a offered that became full handshakes"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"

# The wire: a resumed connection's SYN has CRYPT len 12, NEXTK1 (0x84) and
# the prefix; its SYN-ACK CRYPT len 3, NEXTK2 (0x05).
tcpdump -r /tmp/cap.pcap -nn -x 'tcp[tcpflags] & tcp-syn != 0' 2>/dev/null > /tmp/syn.txt
hex=$(sed -n 's/^[[:space:]]*0x[0-9a-f]*:[[:space:]]*//p' /tmp/syn.txt | tr -d ' \n')
echo "$hex" | grep -q '450c84' || fail "no NEXTK1 in any SYN"
echo "ok: NEXTK1 with a session-ID prefix in SYNs"
echo "$hex" | grep -q '450305' || fail "no NEXTK2 in any SYN-ACK"
echo "ok: NEXTK2 in SYN-ACKs"

# tcpcryptctl flush empties the namespace's cache: the next connection
# is a full handshake. Resumed or full, no plaintext on the wire.
mkmarked /tmp/data 16
fc_capture a
transfer a b 10.0.0.2 /tmp/data
before=$(stat a HandshakesResumed)
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesResumed)" $((before + 1)) "resumed after a transfer"
nsx a tcpcryptctl flush
nsx b tcpcryptctl flush
before=$(stat a HandshakesResumed)
ops=$(stat a PublicKeyOps)
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesResumed)" "$before" "resumed after tcpcryptctl flush"
assert_eq "$(stat a PublicKeyOps)" $((ops + 1)) "public-key work after the flush"
fc_check $((3 * 16 * 1024))
