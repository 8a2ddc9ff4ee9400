# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl get and set against the sysctls under /proc/sys/net/tcpcrypt
# (both views must agree, either way round), refused values and their
# messages, exclusions taking effect, and refresh rotating the
# short-lived keys (seen in the INIT1 messages keylog=1 logs).
# check: stock
# timeout: 180
# taint: 64 (U: keylog=1)
. /vm/lib.sh

pair a b
tc_load full_csum=1 keylog=1
# Only this test's key logs count: earlier tests in the boot log theirs.
klog0=$(dmesg | wc -l)
sys() { nsx a cat /proc/sys/net/tcpcrypt/$1; }

nsx a tcpcryptctl get > /tmp/get
cat /tmp/get
printf '%-16s %s\n' enabled on max_conns 65536 max_handshakes 256 \
	pubkeys "p256 x25519" suites "chacha20 aes128" legacy on exclude_ports none \
	exclude_addrs none default_cmode default key_lifetime 300 key_max_uses 65536 \
	cache_max 1024 cache_lifetime 600 rsa_key none > /tmp/want
cmp /tmp/get /tmp/want || fail "default settings"
assert_eq "$(nsx a tcpcryptctl get --json)" '{"enabled": true, "max_conns": 65536, "max_handshakes": 256, "pubkeys": ["p256", "x25519"], "suites": ["chacha20", "aes128"], "legacy": true, "exclude_ports": [], "exclude_addrs": [], "default_cmode": "default", "key_lifetime": 300, "key_max_uses": 65536, "cache_max": 1024, "cache_lifetime": 600, "rsa_key": {"loaded": false}}' "get --json"

# set, then the sysctls and get agree.
nsx a tcpcryptctl set enabled off max_conns 1000 max_handshakes 20 \
	pubkeys x25519,p256 suites "aes128 chacha20" exclude_ports 22,8000-8099,9000
assert_eq "$(sys enabled)" 0 "sysctl enabled"
assert_eq "$(sys max_conns)" 1000 "sysctl max_conns"
assert_eq "$(sys max_handshakes)" 20 "sysctl max_handshakes"
assert_eq "$(sys pubkeys)" "x25519 p256" "sysctl pubkeys"
assert_eq "$(sys suites)" "aes128 chacha20" "sysctl suites"
assert_eq "$(sys exclude_ports)" "22,8000-8099,9000" "sysctl exclude_ports"
assert_eq "$(nsx a tcpcryptctl get enabled)" off "get enabled"
assert_eq "$(nsx a tcpcryptctl get exclude_ports)" "22,8000-8099,9000" "get exclude_ports"
assert_eq "$(nsx b tcpcryptctl get enabled)" on "namespace b untouched"

# The other way round: sysctl writes show in get.
nsx a sh -c 'echo 1 > /proc/sys/net/tcpcrypt/enabled; echo 4242 > /proc/sys/net/tcpcrypt/max_conns;
	echo p256 > /proc/sys/net/tcpcrypt/pubkeys; echo 5001 > /proc/sys/net/tcpcrypt/exclude_ports'
assert_eq "$(nsx a tcpcryptctl get enabled)" on "get after sysctl enabled"
assert_eq "$(nsx a tcpcryptctl get max_conns)" 4242 "get after sysctl max_conns"
assert_eq "$(nsx a tcpcryptctl get pubkeys)" p256 "get after sysctl pubkeys"
assert_eq "$(nsx a tcpcryptctl get exclude_ports)" 5001 "get after sysctl exclude_ports"

# The exclusion works: port 5001 stays plain, 5002 is encrypted.
mkdata /tmp/data 16
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 0 "handshakes on an excluded port"
nsx a tcpcryptctl set exclude_ports none
assert_eq "$(sys exclude_ports)" "" "exclusions cleared"
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes once no longer excluded"

# Refused values: exit 2, the message names the valid ones, nothing changes.
refused() {
	_msg=$1
	shift
	set +e
	nsx a tcpcryptctl set "$@" 2> /tmp/err
	_rc=$?
	set -e
	cat /tmp/err
	assert_eq "$_rc" 2 "exit status of set $*"
	grep -q -F "$_msg" /tmp/err || fail "message of set $*"
}
refused "unknown public-key cipher; valid: p256, x25519" pubkeys rsa
refused "unknown suite; valid: chacha20, aes128" suites chacha20,rot13
refused "name given twice" suites aes128,aes128
refused "valid: on, off" enabled maybe
refused "valid: 1 to 16777216" max_conns 0
refused "valid: 1 to 16777216" max_handshakes 16777217
refused "valid: a list of ports" exclude_ports 80-22
# All values are checked before any applies.
refused "unknown suite" enabled off suites none
assert_eq "$(nsx a tcpcryptctl get enabled)" on "enabled after a refused set"
assert_eq "$(nsx a tcpcryptctl get pubkeys)" p256 "pubkeys after refused sets"
assert_eq "$(nsx a tcpcryptctl get max_conns)" 4242 "max_conns after refused sets"

# refresh: the client's INIT1, less its nonce, is the same for two
# connections (one key pair), and changes after a refresh.
init1s() {
	dmesg | tail -n +$((klog0 + 1)) | sed -n 's/.*tcpcrypt-keylog: //p' | awk '
		/^N_C / { nc = $2 } /^INIT1 / { i = $2 }
		/^role 00000001/ { client = 1 }
		/^end / { if (client) { sub(nc, "", i); print i } client = 0 }' | sort -u | wc -l
}
# Full handshakes only: a session resumed from the cache sends no INIT1.
nsx a tcpcryptctl set pubkeys x25519 cache_max 0
transfer a b 10.0.0.2 /tmp/data
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(init1s)" 2 "client INIT1s: one for p256, one for the x25519 pair"
nsx a tcpcryptctl refresh
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(init1s)" 3 "client INIT1s after refresh"
