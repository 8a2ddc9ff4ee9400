# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 5: IPv6 fragments reach the module before
# reassembly (no nf_defrag_ipv6 in the guest), and the old module passed
# them untouched, so TCP took an unMACed plaintext segment reassembled
# after the hook. pktforge in b sends towards a an IPv6-fragmented segment
# of an encrypted connection, without a MAC, whose payload (a marker
# repeated) covers a's next expected sequence number, its ack number
# somewhat old (both unknown to TCP's numbering by the offsets of the
# INIT messages, so chosen to be accepted either way). a's application
# must never receive it; the module drops it (TcpcryptInDropFragment).
# timeout: 60
. /vm/lib.sh

# pf NS SCRIPT LOG: run pktforge in NS in the background ($pf), its
# messages in LOG; return once it sniffs.
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

if grep -q '^nf_defrag_ipv6 ' /proc/modules; then
	fail "nf_defrag_ipv6 is loaded: fragments would be reassembled before the hook"
fi
pair a b
tc_load
forged=$(awk 'BEGIN { for (i = 0; i < 28; i++) printf "TCPCRYPT-PLAINTEXT-MARKER-FORGED-FRAGMENT/" }')
# a sends a line every 400 ms and b echoes it: between two echoes a's
# receive sequence stands still, and a's pure ACK shows where.
cat > /tmp/frag.pf <<END
iface veth0
wait d0 5000 in src fd00::1 dport 7001 payload mac
wait d 5000 in src fd00::1 dport 7001 flags A nopayload
send reply-to d flags=PA seq=d.ack-900 ack=d.end-2000 payload="$forged" frag=256
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
# For the log: what a's IPv6 and TCP made of the fragments.
nsx a cat /proc/net/snmp6 | grep -E 'Reasm|InDiscards' | grep -v ' 0$' || true
nsx a cat /proc/net/snmp | awk '/^Tcp:/ { if (h) { for (i = 2; i <= NF; i++) if ($i != 0) printf "%s %s\n", k[i], $i } else { h = 1; for (i = 2; i <= NF; i++) k[i] = $i } }' | grep -E 'InErrs|InCsum' || true
stat_all a
stat_all b
[ $prc -eq 0 ] || fail "pktforge failed: the test did not run"
if grep -q FORGED /tmp/recv; then
	grep -a -o 'TCPCRYPT-PLAINTEXT-MARKER-FORGED[^/]*' /tmp/recv | head -n 2
	fail "a's application received the forged plaintext ($(grep -a -o FORGED /tmp/recv | wc -l) markers)"
fi
echo "ok: the application never received the forged bytes"
assert_eq "$rc" 0 "status of the client (every line echoed, nothing more)"
assert_ge "$(stat a InDropFragment)" 1 "fragments dropped in a"
