# SPDX-License-Identifier: GPL-2.0
# Fail closed, finding 7 (second half): a handshake that fails after INIT1
# was sent must end the connection at once, not let it go on in plaintext
# once the failed entry has expired. The router r between a (client) and
# b (server) flips a byte of INIT2's magic on its way to a (fixing the
# checksums), so that a's module cannot parse INIT2 and a's connection
# fails; b's module is encrypting. a's application writes a marker line
# every 100 ms for 20 s (its TCP has a zero window until the keys exist).
# The same on-path router then, from 11.5 s on (past the old 10 s life of a
# failed entry and the GC's next round), injects unMACed ACKs that open
# a's window, as b's TCP would.
# Old module: the failed entry expired after 10 s, the ACK reached a's TCP,
# and a's queued marker lines went out in plaintext.
# Now: a's socket is aborted at once (the client sees ECONNRESET), nothing
# of the connection is in plaintext on the wire, b's application receives
# nothing, and TcpcryptHandshakesFailed moved in a.
# check: stock
# timeout: 100
. /vm/lib.sh

tc_load full_csum=1
triple a r b
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done

# INIT2 (IP length 121: a 24-byte TCP header, CRYPT(INIT2) first, then the
# message, its magic 0x097105e0 at IP offset 44): invert the magic's first byte.
nsx r tc qdisc add dev veth0 clsact
nsx r tc filter add dev veth0 egress protocol ip prio 1 basic \
	match 'cmp(u16 at 2 layer network eq 121) and cmp(u32 at 44 layer network eq 0x097105e0)' \
	action pedit munge offset 44 u8 invert pipe \
	action csum ip4h and tcp

# r's forger, on its link to a: the client's INIT1 segment (its seq is
# what a's TCP has sent up to) and INIT2 (the server's first seq), then
# ACKs from b's address that open a's window.
cat > /tmp/fail.pf <<'EOF'
iface veth0
wait i1 10000 in dport 6301 crypt payload
wait i2 10000 out sport 6301 crypt payload
sleep 11500
send as i2 flags=A seq=i2.seq ack=i1.seq win=65535
sleep 1000
send as i2 flags=A seq=i2.seq ack=i1.seq win=65535
sleep 1000
send as i2 flags=A seq=i2.seq ack=i1.seq win=65535
sleep 1000
send as i2 flags=A seq=i2.seq ack=i1.seq win=65535
EOF

fc_capture a
nsx b fcpeer -l 6301 -o /tmp/fail.recv -t 40 2>/tmp/fail.srv &
srv=$!
wait_listen b 6301
pf r /tmp/fail.pf /tmp/fail.pflog
forger=$pf
t0=$(date +%s)
crc=0
nsx a fcpeer 10.0.2.1 6301 -n 200 -i 100 -t 25 2>/tmp/fail.cli || crc=$?
t1=$(date +%s)
prc=0
wait $forger || prc=$?
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
echo "client (status $crc after $((t1 - t0)) s): $(tr '\n' ' ' < /tmp/fail.cli)"
echo "server: $(tr '\n' ' ' < /tmp/fail.srv)"
sed 's/^/    /' /tmp/fail.pflog
nsx r tc -s filter show dev veth0 egress | grep -E "Sent" | head -n 1
stat_all a
stat_all b
fc_check 0
[ $prc -eq 0 ] || fail "the forger failed: $(tail -n 1 /tmp/fail.pflog)"
assert_ge "$(stat a HandshakesFailed)" 1 "failed handshakes in a"
assert_eq "$crc" 3 "client's exit status (connection reset)"
[ $((t1 - t0)) -le 5 ] || fail "the client's connection was reset only after $((t1 - t0)) s"
echo "ok: the client's connection was reset within $((t1 - t0)) s"
assert_eq "$(wc -c 2>/dev/null < /tmp/fail.recv || echo 0)" 0 "bytes b's application received"
