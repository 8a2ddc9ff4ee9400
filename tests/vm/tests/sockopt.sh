# SPDX-License-Identifier: GPL-2.0
# The TCP_CRYPT_* socket options through the "tcpcrypt" TCP ULP, over IPv4
# and IPv6, both ends checked at once by sockopt_test: the same session ID
# on both ends, every option's effect on the negotiation, inheritance by
# accepted sockets, refusal instead of plaintext (CMODE ALWAYS, SUPPORT 2),
# forged RSTs against SECURST, bad input. Then the wire: HELLO_SUPPORT and
# PKCONF_SUPPORT on an aware connection, and ss -ti showing the ULP.
# check: stock rt
# timeout: 300
. /vm/lib.sh

pair a b
# p: a peer without tcpcrypt, on its own link from a.
ip netns add p
ip link add veth1 netns a type veth peer name veth0 netns p
nsx a ip addr add 10.0.1.1/24 dev veth1
nsx a ip addr add fd01::1/64 dev veth1 nodad
nsx a ip link set veth1 up
nsx p ip link set lo up
nsx p ip addr add 10.0.1.2/24 dev veth0
nsx p ip addr add fd01::2/64 dev veth0 nodad
nsx p ip link set veth0 up
tc_load
nsx p sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
# Full handshakes only: the resume test covers the session cache.
for ns in a b; do nsx $ns sh -c 'echo 0 > /proc/sys/net/tcpcrypt/cache_max'; done

sockopt_test 4
sockopt_test 6
stat_all a
stat_all b
assert_ge "$(stat a RefusedRequired)" 4 "connections a refused"
assert_ge "$(stat b RefusedRequired)" 4 "connections b refused"
assert_eq "$(stat a InDropUnauthRst)" 4 "forged RSTs a ignored (SECURST)"
assert_ge "$(stat a SkippedBySocket)" 2 "connections a's sockets kept plain"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures in a"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"

# On the wire: an aware client says HELLO_SUPPORT (45 03 02) in its SYN,
# an aware listener PKCONF_SUPPORT (0x42) in its SYN-ACK.
capture a /tmp/cap.pcap
sockopt_test hold 4 > /tmp/hold.out &
holder=$!
_i=0
until grep -q ready /tmp/hold.out; do
	_i=$((_i + 1))
	[ $_i -lt 100 ] || fail "the held connection did not come up"
	sleep 0.1
done
# ss -ti names the ULP of tcpcrypt sockets.
nsx a ss -tin "dport = :7099" > /tmp/ss.out
cat /tmp/ss.out
grep -q 'tcp-ulp-tcpcrypt' /tmp/ss.out || fail "ss -ti does not show tcp-ulp-tcpcrypt"
echo "ok: ss -ti shows tcp-ulp-tcpcrypt"
# Each socket with the ULP pins the module.
if rmmod tcpcrypt 2>/dev/null; then fail "rmmod succeeded under a tcpcrypt socket"; fi
echo "ok: rmmod refused while a socket has the ULP"
wait $holder || fail "the held connection failed"
capture_stop
# The header bytes of the SYN and of the SYN-ACK, as one hex string each.
synhex() {
	tcpdump -r /tmp/cap.pcap -nn -x "tcp port 7099 and $1" 2>/dev/null |
		sed -n 's/^[[:space:]]*0x[0-9a-f]*:[[:space:]]*//p' | tr -d ' \n'
}
syn=$(synhex 'tcp[tcpflags] == tcp-syn')
synack=$(synhex 'tcp[tcpflags] == tcp-syn|tcp-ack')
echo "SYN: $syn"
echo "SYN-ACK: $synack"
# CRYPT (69 = 0x45), length 3, HELLO_SUPPORT (0x02).
echo "$syn" | grep -q '450302' || fail "no HELLO_SUPPORT in the SYN"
echo "ok: HELLO_SUPPORT in the SYN"
# CRYPT, length 10, PKCONF_SUPPORT (0x42) with two 3-byte ciphers.
echo "$synack" | grep -q '450a4208' || fail "no PKCONF_SUPPORT in the SYN-ACK"
echo "ok: PKCONF_SUPPORT in the SYN-ACK"

# The example program: prints the session ID, and -r refuses plaintext.
nsx b tcpcat -l 7200 -o /dev/null &
srv=$!
wait_listen b 7200
nsx a sessid 10.0.0.2 7200 > /tmp/sessid.out || fail "examples/sessid failed"
cat /tmp/sessid.out
grep -Eq '^session [0-9a-f]{64}$' /tmp/sessid.out || fail "no session ID printed"
grep -q "cipher x25519, suite chacha20$" /tmp/sessid.out || fail "wrong cipher"
echo "ok: examples/sessid prints the session ID"
wait $srv || true
nsx p tcpcat -l 7201 -o /dev/null &
srv=$!
wait_listen p 7201
rc=0
nsx a sessid -r 10.0.1.2 7201 2>/tmp/sessid.err || rc=$?
cat /tmp/sessid.err
assert_eq "$rc" 1 "examples/sessid -r against a plain peer: exit status"
grep -q 'Connection refused' /tmp/sessid.err || fail "sessid -r: no 'Connection refused'"
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
# The namespace's default cmode governs sockets that choose none, with or
# without the ULP: "always" refuses a plain peer, as the socket option does.
refused=$(stat a RefusedRequired)
nsx a tcpcryptctl set default_cmode always
assert_eq "$(nsx a cat /proc/sys/net/tcpcrypt/default_cmode)" always "default cmode in a"
nsx p tcpcat -l 7202 -o /dev/null &
srv=$!
wait_listen p 7202
if echo x | nsx a tcpcat 10.0.1.2 7202 2>/dev/null; then
	fail "a plain connection despite the default cmode always"
fi
echo "ok: default cmode always: a connection to a plain peer fails"
assert_eq "$(stat a RefusedRequired)" $((refused + 1)) "connections a refused"
nsx a tcpcryptctl set default_cmode default
echo x | nsx a tcpcat 10.0.1.2 7202 || fail "default cmode default: plain peer unreachable"
echo "ok: default cmode default: plain again"
wait $srv 2>/dev/null || true
ip netns del p

# Every reference taken for a socket (accepted ones through the ULP's
# clone) was given back: once the sockets are gone the module unloads.
_i=0
until [ "$(cat /sys/module/tcpcrypt/refcnt)" = 0 ]; do
	_i=$((_i + 1))
	[ $_i -lt 100 ] || fail "module still referenced: $(cat /sys/module/tcpcrypt/refcnt)"
	sleep 0.1
done
tc_unload
echo "ok: the module unloads once the ULP sockets are gone"
