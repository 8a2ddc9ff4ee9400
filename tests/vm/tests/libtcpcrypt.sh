# SPDX-License-Identifier: GPL-2.0
# libtcpcrypt and its examples between two namespaces: sessid_server prints
# the session ID that examples/sessid sees, /proc/net/tcpcrypt_conns and
# tcpcryptctl show; a program written against v0.2's API (v02_client, on
# the shared library) reads the same one two ways; chanbind binds the
# session to a shared secret and fails loudly with a different one; -r
# (require encryption) fails towards a peer with tcpcrypt disabled.
# check: stock
. /vm/lib.sh

pair a b
tc_load

# sid FILE: the 64-digit session ID on the line of FILE that has one.
sid() { grep -Eo '[0-9a-fA-F]{64}' "$1" | tr A-F a-f; }

# The server and the client see the same session ID, in the kernel's names
# (a full handshake: the first between a and b; later ones may resume).
nsx b sessid_server -n 1 7400 > /tmp/srv.out &
srv=$!
wait_listen b 7400
nsx a sessid 10.0.0.2 7400 > /tmp/cli.out || fail "sessid failed"
wait $srv || fail "sessid_server failed"
cat /tmp/srv.out /tmp/cli.out
grep -Eq '^::ffff:10\.0\.0\.1 session [0-9a-f]{64}$' /tmp/srv.out || fail "server line"
grep -qx 'cipher x25519, suite chacha20' /tmp/cli.out || fail "cipher names"
[ -n "$(sid /tmp/cli.out)" ] || fail "no session ID from sessid"
assert_eq "$(sid /tmp/srv.out)" "$(sid /tmp/cli.out)" "server's session ID"

# ... and the same as the kernel lists, while the connection is open.
nsx b sessid_server -n 1 7401 > /tmp/srv.out &
srv=$!
wait_listen b 7401
sleep 5 | nsx a tcpcat 10.0.0.2 7401 &
cli=$!
i=0
until [ -s /tmp/srv.out ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "sessid_server printed nothing"
	sleep 0.05
done
# (the first connection's entry may still be listed, in TIME-WAIT)
nsx b cat /proc/net/tcpcrypt_conns > /tmp/conns.all
grep '^10\.0\.0\.2:7401 ' /tmp/conns.all > /tmp/conns ||
	fail "port 7401 not in /proc/net/tcpcrypt_conns: $(cat /tmp/conns.all)"
nsx a tcpcryptctl show -v port 7401 | sed -n 's/^  session id: //p' > /tmp/show
wait $cli || fail "tcpcat failed"
wait $srv || fail "sessid_server failed"
cat /tmp/srv.out /tmp/conns /tmp/show
assert_eq "$(sid /tmp/conns)" "$(sid /tmp/srv.out)" "session ID in /proc/net/tcpcrypt_conns"
assert_eq "$(sid /tmp/show)" "$(sid /tmp/srv.out)" "session ID in tcpcryptctl show"

# v0.2's API: getsockopt and getsessid (by address, from /proc) agree with
# each other and with the server.
nsx b sessid_server -n 1 7402 > /tmp/srv.out &
srv=$!
wait_listen b 7402
nsx a v02_client 10.0.0.2 7402 > /tmp/v02.out || { cat /tmp/v02.out; fail "v02_client failed"; }
wait $srv || fail "sessid_server failed"
cat /tmp/v02.out
grep -Eq '^getsockopt session [0-9A-F]{64}$' /tmp/v02.out || fail "v0.2 getsockopt line"
grep -Eq '^getsessid session [0-9A-F]{64}$' /tmp/v02.out || fail "v0.2 getsessid line"
assert_eq "$(sid /tmp/v02.out | sort -u)" "$(sid /tmp/srv.out)" "v0.2 API's session ID"

# Channel binding: the same secret binds, another one fails on both ends.
printf 'correct horse' > /tmp/secret
nsx b chanbind -l 7403 -s 'correct horse' > /tmp/cb.srv 2>&1 &
srv=$!
wait_listen b 7403
nsx a chanbind 10.0.0.2 7403 -f /tmp/secret > /tmp/cb.cli 2>&1 || { cat /tmp/cb.cli; fail "chanbind client"; }
wait $srv || { cat /tmp/cb.srv; fail "chanbind server"; }
cat /tmp/cb.srv /tmp/cb.cli
grep -q '^bound: session [0-9a-f]\{64\}, the server knows the secret$' /tmp/cb.cli || fail "client not bound"
assert_eq "$(sid /tmp/cb.srv)" "$(sid /tmp/cb.cli)" "bound session ID"
nsx b chanbind -l 7404 -s 'battery staple' > /tmp/cb.srv 2>&1 &
srv=$!
wait_listen b 7404
rc=0
nsx a chanbind 10.0.0.2 7404 -f /tmp/secret > /tmp/cb.cli 2>&1 || rc=$?
src=0
wait $srv || src=$?
cat /tmp/cb.srv /tmp/cb.cli
assert_eq "$rc" 2 "chanbind client with another secret: exit status"
assert_eq "$src" 2 "chanbind server with another secret: exit status"
grep -q '^chanbind: MISMATCH' /tmp/cb.cli || fail "client: no MISMATCH message"
grep -q '^chanbind: MISMATCH' /tmp/cb.srv || fail "server: no MISMATCH message"

# Required encryption towards a peer with tcpcrypt disabled: refused, where
# the same client without -r connects in plaintext.
nsx b sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
nsx b sessid_server -n 1 7405 > /tmp/srv.out &
srv=$!
wait_listen b 7405
rc=0
nsx a sessid 10.0.0.2 7405 > /tmp/cli.out || rc=$?
wait $srv || fail "sessid_server failed"
cat /tmp/srv.out /tmp/cli.out
assert_eq "$rc" 3 "sessid without -r towards a disabled peer: exit status"
grep -q 'not encrypted$' /tmp/srv.out || fail "server: connection not reported plain"
nsx b tcpcat -l 7406 -o /dev/null &
srv=$!
wait_listen b 7406
nsx a sessid -r 10.0.0.2 7406 2> /tmp/cli.err && fail "sessid -r went on in plaintext"
cat /tmp/cli.err
grep -q 'connect: Connection refused' /tmp/cli.err || fail "sessid -r: connect() not refused"
echo "ok: sessid -r towards a disabled peer: refused"
kill $srv 2>/dev/null || true
wait $srv 2>/dev/null || true
