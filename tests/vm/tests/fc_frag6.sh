# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 5: IPv6 fragments reach the module before
# reassembly (no nf_defrag_ipv6 in the guest), and the old module passed
# them untouched, so TCP took an unMACed plaintext segment reassembled
# after the hook. pktforge in b sends towards a an IPv6-fragmented segment
# of an encrypted connection, without a MAC, with a marker repeated as
# its payload. Reassembled past the module, it reaches a's TCP with its
# numbers as sent, so they are forged in TCP's own numbering, not the
# wire's: the module numbers data after the INIT messages (wire = TCP +
# the INIT1 length for a's data, + the INIT2 length for b's), and the
# forger reads both lengths off the handshake (INIT1 is a's first
# payload, INIT2 b's). From b's echo of a's first line: seq is a's
# rcv_nxt (the echo's end less the INIT2 length), ack a's snd_nxt (the
# echo's ack less the INIT1 length). The ack must be right: TCP drops a
# segment that acks data never sent, or whose ack is older than snd_una
# by more than the bytes acknowledged so far (RFC 5961 5.2, a challenge
# ACK; a guess in wire numbers, or well back, meets this). A seq beyond
# rcv_nxt would only wait out of order. The old module lets the
# fragments through: a's application reads the marker, its stream
# broken. The new module drops the first fragment (TcpcryptInDropFragment):
# nothing is reassembled, and the application gets back its own lines,
# nothing else.
# check: stock debug
# timeout: 60
. /vm/lib.sh

# tcpext NS: the TCP and IPv6 counters that tell where a segment went,
# those not zero.
tcpext() {
	nsx "$1" cat /proc/net/netstat | awk '/^TcpExt:/ { if (h) { for (i = 2; i <= NF; i++) if ($i != 0) printf "%s %s\n", k[i], $i } else { h = 1; for (i = 2; i <= NF; i++) k[i] = $i } }' |
		grep -E 'Challenge|Skipped|PAWS|OFO|DSACK|Pure|OutOfWindow|TCPRcvCoalesce|Drop|TCPAck' | sed "s/^/$1: TcpExt/" || true
	nsx "$1" cat /proc/net/snmp6 | grep -E 'Reasm|InDiscards' | grep -v ' 0$' | sed "s/^/$1: /" || true
	nsx "$1" cat /proc/net/snmp | awk '/^Tcp:/ { if (h) { for (i = 2; i <= NF; i++) if ($i != 0) printf "%s %s\n", k[i], $i } else { h = 1; for (i = 2; i <= NF; i++) k[i] = $i } }' | grep -E 'InErrs|InCsum' | sed "s/^/$1: Tcp/" || true
}

if grep -q '^nf_defrag_ipv6 ' /proc/modules; then
	fail "nf_defrag_ipv6 is loaded: fragments would be reassembled before the hook"
fi
pair a b
tc_load
forged=$(awk 'BEGIN { for (i = 0; i < 28; i++) printf "TCPCRYPT-PLAINTEXT-MARKER-FORGED-FRAGMENT/" }')
# INIT1 is a's first payload on the wire, INIT2 b's; neither has a MAC.
# a sends a line every 400 ms and b echoes it: b's first echo shows a's
# numbers, which stand still until a's next line.
cat > /tmp/frag.pf <<END
iface veth0
wait i1 5000 in src fd00::1 dport 7001 payload nomac
wait i2 5000 out src fd00::2 sport 7001 payload nomac
wait d0 5000 in src fd00::1 dport 7001 payload mac
wait e0 5000 out src fd00::2 sport 7001 payload mac
export i1 /tmp/i1.sh
export i2 /tmp/i2.sh
sleep 50
send as e0 flags=PA seq=e0.end-i2.len ack=e0.ack-i1.len payload="$forged" frag=256
echo fragmented segment sent
END
nsx b fcpeer -l 7001 -t 12 &
srv=$!
wait_listen b 7001
pf b /tmp/frag.pf /tmp/pf.log
rc=0
nsx a fcpeer fd00::2 7001 -n 12 -i 400 -o /tmp/recv -t 10 || rc=$?
prc=0
wait $pf || prc=$?
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
cat /tmp/pf.log
[ $prc -eq 0 ] || fail "pktforge failed: the test did not run"
. /tmp/i1.sh
. /tmp/i2.sh
echo "INIT1 $i1_len bytes, INIT2 $i2_len bytes (a's seq_off and rseq_off)"
[ "$i1_len" -ge 16 ] && [ "$i1_len" -le 1024 ] && [ "$i2_len" -ge 12 ] &&
	[ "$i2_len" -le 1024 ] || fail "INIT1 or INIT2 not where expected: the test did not run"
# For the log: what a's IPv6 and TCP made of the fragments.
tcpext a
stat_all a
stat_all b
echo "client status $rc, $(wc -c < /tmp/recv) bytes received"
if grep -q FORGED /tmp/recv; then
	grep -a -o 'TCPCRYPT-PLAINTEXT-MARKER-FORGED[^/]*' /tmp/recv | head -n 2
	fail "a's application received the forged plaintext ($(grep -a -o FORGED /tmp/recv | wc -l) markers)"
fi
echo "ok: the application never received the forged bytes"
awk 'BEGIN { for (i = 0; i < 12; i++) printf "TCPCRYPT-PLAINTEXT-MARKER %037d\n", i }' > /tmp/want
cmp /tmp/want /tmp/recv || fail "a's stream differs from the lines it sent"
echo "ok: a's stream is its own 12 lines, echoed"
assert_eq "$rc" 0 "status of the client (every line echoed, nothing more)"
assert_ge "$(stat a InDropFragment)" 1 "fragments dropped in a"
