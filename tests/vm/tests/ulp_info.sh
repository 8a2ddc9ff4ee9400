# SPDX-License-Identifier: GPL-2.0
# What tcpcrypt shows of a connection. Any user learns whether a
# connection of their own is encrypted: ulpinfo, run as nobody without
# capabilities, attaches the ULP to its socket once connected (or
# accepted from a listener without it) and reads TCP_CRYPT_CONF and
# TCP_CRYPT_SESSID. An administrator sees the ULP's details through
# inet_diag: ss -tie names the ULP, ulpinfo diag checks every field of
# the tcpcrypt nest. Then with tcpcrypt off at the server: plain.
# check: stock
# timeout: 60
. /vm/lib.sh

nobody() {
	_ns=$1
	shift
	nsx "$_ns" setpriv --reuid 65534 --regid 65534 --clear-groups "$@"
}

# ulpinfo's output file, once it has written its line.
await_line() {
	_i=0
	until grep -q . "$1"; do
		_i=$((_i + 1))
		[ $_i -lt 100 ] || fail "no answer in $1"
		sleep 0.1
	done
}

# ulpinfo_pair PORT SECS: a connection from a to b on PORT, each end's
# user asking about it (answers in /tmp/cli.out, /tmp/srv.out); it stays
# SECS seconds, while the caller looks; ulpinfo_end then waits for both.
ulpinfo_pair() {
	: > /tmp/srv.out
	: > /tmp/cli.out
	nobody b ulpinfo serve "$1" "$2" > /tmp/srv.out &
	srv=$!
	wait_listen b "$1"
	nobody a ulpinfo conn 10.0.0.2 "$1" "$2" > /tmp/cli.out &
	cli=$!
	await_line /tmp/cli.out
	await_line /tmp/srv.out
}

ulpinfo_end() {
	wait $cli || fail "ulpinfo conn failed"
	wait $srv || fail "ulpinfo serve failed"
}

pair a b
tc_load
# Known ciphers and a full handshake.
for ns in a b; do
	nsx $ns sh -c 'echo x25519 > /proc/sys/net/tcpcrypt/pubkeys; echo 0 > /proc/sys/net/tcpcrypt/cache_max'
done
assert_eq "$(nobody a awk '/^Uid:|^CapEff:/ { printf "%s ", $2 }' /proc/self/status)" \
	"65534 0000000000000000 " "uid and capabilities of the unprivileged user"

ulpinfo_pair 5001 6
nsx a ss -tie "dport = :5001" > /tmp/ss.out
nsx a ulpinfo diag 5001 > /tmp/diag.out
ulpinfo_end
cat /tmp/cli.out /tmp/srv.out /tmp/ss.out /tmp/diag.out

sid=$(sed -n 's/.* sid=//p' /tmp/cli.out)
[ ${#sid} -eq 64 ] || fail "no session ID for the user: $(cat /tmp/cli.out)"
assert_eq "$(cat /tmp/cli.out)" "encrypted pubkey=0x300 suite=0x200 role=0 resumed=0 sid=$sid" \
	"what the client's user learns"
assert_eq "$(cat /tmp/srv.out)" "encrypted pubkey=0x300 suite=0x200 role=1 resumed=0 sid=$sid" \
	"what the server's user learns"
grep -q 'tcp-ulp-tcpcrypt' /tmp/ss.out || fail "ss -tie does not show tcp-ulp-tcpcrypt"
prefix=$(echo "$sid" | cut -c1-16)
grep -q "^sock [0-9]* 5001 ulp=tcpcrypt state=5 role=0 pubkey=0x300 suite=0x200 resumed=0 sid=$prefix\$" /tmp/diag.out ||
	fail "inet_diag: no tcpcrypt details of the client's socket"
echo "ok: the user and inet_diag see the session"

# A server without tcpcrypt: the user learns that it is plain.
nsx b sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
ulpinfo_pair 5002 4
nsx a ulpinfo diag 5002 > /tmp/diag.out
ulpinfo_end
cat /tmp/cli.out /tmp/srv.out /tmp/diag.out
assert_eq "$(cat /tmp/cli.out)" plain "the client's user, server without tcpcrypt"
assert_eq "$(cat /tmp/srv.out)" plain "the server's user, tcpcrypt off"
grep -q '^sock [0-9]* 5002 ulp=tcpcrypt$' /tmp/diag.out ||
	fail "inet_diag: a plain connection has tcpcrypt details"
echo "ok: plain connections say so"
