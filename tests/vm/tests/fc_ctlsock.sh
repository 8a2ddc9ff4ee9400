# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 1 (a kernel panic on the old code): a forged
# SYN-ACK with a CRYPT NEXTK2 option and a wrong ack number, racing ahead of
# the real SYN-ACK (netem delays b's), reaches a client that resumes a
# cached session. The old module switched the client to ENCRYPTING on it;
# TCP answered the bad ack with a RST from the namespace's control socket,
# which the module sealed as if it were the connection's socket and wrote
# past (an oops; KASAN on the debug kernel). Now: the forged SYN-ACK is
# dropped (TcpcryptInDropHandshakeBadSeq) and the real one completes the
# resumption, encrypted. The harness fails the test on any oops.
# check: stock debug
# timeout: 60
. /vm/lib.sh

pair a b
tc_load

echo "--- a full handshake, which caches the next session on both ends"
nsx b fcpeer -l 7001 -t 8 &
srv=$!
wait_listen b 7001
nsx a fcpeer 10.0.0.2 7001 -n 2 -i 10 -t 8
wait $srv
assert_eq "$(stat a HandshakesResumed)" 0 "resumed handshakes in a so far"

echo "--- the resuming connection, with a forged NEXTK2 SYN-ACK ahead of the real one"
nsx b tc qdisc add dev veth0 root netem delay 300ms
offered=$(stat a ResumeOffered)
cat > /tmp/nextk2.pf <<END
iface veth0
wait syn 5000 in flags S dport 7002 crypt
send reply-to syn flags=SA seq=4242 ack=syn.seq+1000 opts=020405b445030500
echo forged SYN-ACK with NEXTK2 and a wrong ack sent
END
capture a /tmp/cap.pcap
nsx b fcpeer -l 7002 -t 8 &
srv=$!
wait_listen b 7002
pf b /tmp/nextk2.pf /tmp/pf.log
rc=0
nsx a fcpeer 10.0.0.2 7002 -n 10 -i 50 -t 6 || rc=$?
prc=0
wait $pf || prc=$?
sleep 0.3
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
capture_stop
cat /tmp/pf.log
stat_all a
stat_all b
[ $prc -eq 0 ] || fail "pktforge failed: the test did not run"
assert_eq "$(stat a ResumeOffered)" $((offered + 1)) "resumptions offered by a"
if tcpdump -r /tmp/cap.pcap -nn -A 2>/dev/null | grep -q TCPCRYPT-PLAINTEXT-MARKER; then
	fail "plaintext on the wire"
fi
echo "ok: no plaintext on the wire"
assert_eq "$rc" 0 "status of the resuming client (every line echoed)"
assert_eq "$(stat a HandshakesResumed)" 1 "resumed handshakes in a"
assert_eq "$(stat b HandshakesResumed)" 1 "resumed handshakes in b"
assert_ge "$(stat a InDropHandshakeBadSeq)" 1 "handshake segments at a wrong number dropped in a"
