# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl get and set of exclude_addrs, default_cmode, key_lifetime,
# key_max_uses, cache_max, cache_lifetime and legacy against their
# sysctls (both views must agree, either way round); refused values with
# the messages that name the valid ones, through tcpcryptctl and, for
# values tcpcryptctl never sends, straight from netlink (tcnlset); and
# address exclusions taking effect over IPv4 and IPv6.
# check: stock
# timeout: 180
. /vm/lib.sh

pair a b
tc_load full_csum=1 key_lifetime=120
sys() { nsx a cat /proc/sys/net/tcpcrypt/$1; }
get() { nsx a tcpcryptctl get "$1"; }

# Defaults; key_lifetime is the module parameter's.
assert_eq "$(sys default_cmode)" default "sysctl default_cmode"
assert_eq "$(sys key_lifetime)" 120 "sysctl key_lifetime"
assert_eq "$(sys key_max_uses)" 65536 "sysctl key_max_uses"
assert_eq "$(sys cache_max)" 1024 "sysctl cache_max"
assert_eq "$(sys cache_lifetime)" 600 "sysctl cache_lifetime"
assert_eq "$(get key_lifetime)" 120 "get key_lifetime"
assert_eq "$(get legacy)" on "get legacy"

# set, then the sysctls and get agree; the bounds themselves are accepted.
nsx a tcpcryptctl set exclude_addrs 10.0.0.0/8,fd00::/8 default_cmode always-nk \
	key_lifetime 86400 key_max_uses 2147483648 cache_max 0 cache_lifetime 1 legacy off
assert_eq "$(sys exclude_addrs)" "10.0.0.0/8 fd00::/8" "sysctl exclude_addrs"
assert_eq "$(sys default_cmode)" always-nk "sysctl default_cmode"
assert_eq "$(sys key_lifetime)" 86400 "sysctl key_lifetime"
assert_eq "$(sys key_max_uses)" 2147483648 "sysctl key_max_uses"
assert_eq "$(sys cache_max)" 0 "sysctl cache_max"
assert_eq "$(sys cache_lifetime)" 1 "sysctl cache_lifetime"
assert_eq "$(sys suites)" chacha20 "sysctl suites after legacy off"
assert_eq "$(get exclude_addrs)" "10.0.0.0/8,fd00::/8" "get exclude_addrs"
assert_eq "$(get default_cmode)" always-nk "get default_cmode"
assert_eq "$(get key_lifetime)" 86400 "get key_lifetime"
assert_eq "$(get key_max_uses)" 2147483648 "get key_max_uses"
assert_eq "$(get cache_max)" 0 "get cache_max"
assert_eq "$(get cache_lifetime)" 1 "get cache_lifetime"
assert_eq "$(get legacy)" off "get legacy"
assert_eq "$(nsx a tcpcryptctl get --json exclude_addrs)" '{"exclude_addrs": ["10.0.0.0/8", "fd00::/8"]}' "get --json exclude_addrs"
nsx a tcpcryptctl get --json > /tmp/json
cat /tmp/json
grep -q -F '"suites": ["chacha20"], "legacy": false, "exclude_ports": [], "exclude_addrs": ["10.0.0.0/8", "fd00::/8"], "default_cmode": "always-nk", "key_lifetime": 86400, "key_max_uses": 2147483648, "cache_max": 0, "cache_lifetime": 1, "rsa_key": {"loaded": false}}' /tmp/json ||
	fail "get --json"
assert_eq "$(nsx b tcpcryptctl get default_cmode)" default "namespace b untouched"

# legacy: appends aes128 as the least preferred suite, once.
nsx a tcpcryptctl set legacy on
assert_eq "$(sys suites)" "chacha20 aes128" "suites after legacy on"
nsx a tcpcryptctl set legacy on
assert_eq "$(sys suites)" "chacha20 aes128" "suites after legacy on twice"
nsx a tcpcryptctl set suites "aes128 chacha20"
nsx a tcpcryptctl set legacy off
assert_eq "$(sys suites)" chacha20 "suites after legacy off"
nsx a tcpcryptctl set suites aes128
assert_eq "$(get legacy)" on "legacy with aes128 alone"

# Host bits are cleared, a bare address is a host.
nsx a tcpcryptctl set exclude_addrs "10.1.2.3/8 fd00::1"
assert_eq "$(get exclude_addrs)" "10.0.0.0/8,fd00::1/128" "exclude_addrs masked"

# The other way round: sysctl writes show in get.
nsx a sh -c 'cd /proc/sys/net/tcpcrypt; echo never > default_cmode; echo 7 > key_lifetime
	echo 3 > key_max_uses; echo 5 > cache_max; echo 9 > cache_lifetime
	echo 192.0.2.0/24 > exclude_addrs'
assert_eq "$(get default_cmode)" never "get default_cmode after sysctl"
assert_eq "$(get key_lifetime)" 7 "get key_lifetime after sysctl"
assert_eq "$(get key_max_uses)" 3 "get key_max_uses after sysctl"
assert_eq "$(get cache_max)" 5 "get cache_max after sysctl"
assert_eq "$(get cache_lifetime)" 9 "get cache_lifetime after sysctl"
assert_eq "$(get exclude_addrs)" 192.0.2.0/24 "get exclude_addrs after sysctl"

# default_cmode takes the six names and nothing else (EINVAL, unchanged).
for m in default always never default-nk always-nk never-nk; do
	nsx a sh -c "echo $m > /proc/sys/net/tcpcrypt/default_cmode"
	assert_eq "$(sys default_cmode)" "$m" "sysctl default_cmode $m"
	assert_eq "$(get default_cmode)" "$m" "get default_cmode $m"
done
for m in sometimes ALWAYS always-NK "always nk" nk 1 ""; do
	if nsx a sh -c "echo '$m' > /proc/sys/net/tcpcrypt/default_cmode" 2>/dev/null; then
		fail "default_cmode took '$m'"
	fi
	assert_eq "$(sys default_cmode)" never-nk "default_cmode after '$m'"
done
# The numeric sysctls keep their bounds.
for w in key_lifetime=0 key_lifetime=86401 key_max_uses=0 key_max_uses=2147483649 \
	cache_max=1048577 cache_lifetime=0 cache_lifetime=86401; do
	if nsx a sh -c "echo ${w#*=} > /proc/sys/net/tcpcrypt/${w%=*}" 2>/dev/null; then
		fail "sysctl took $w"
	fi
done
assert_eq "$(sys key_lifetime)" 7 "key_lifetime after refused writes"
assert_eq "$(sys cache_max)" 5 "cache_max after refused writes"

# Refused values: exit 2, the setting and the valid values named.
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
nsx a tcpcryptctl get > /tmp/before
# Ranges: the uapi header's table, checked and named by tcpcryptctl.
refused "key_lifetime: invalid value '0' (valid: 1 to 86400)" key_lifetime 0
refused "key_lifetime: invalid value '86401' (valid: 1 to 86400)" key_lifetime 86401
refused "key_max_uses: invalid value '2147483649' (valid: 1 to 2147483648)" key_max_uses 2147483649
refused "cache_max: invalid value '1048577' (valid: 0 to 1048576)" cache_max 1048577
refused "cache_lifetime: invalid value '0' (valid: 1 to 86400)" cache_lifetime 0
refused "max_conns: invalid value '16777217' (valid: 1 to 16777216)" max_conns 16777217
# Forms: tcpcryptctl's own checks.
refused "key_lifetime: invalid value 'soon' (valid: 1 to 86400)" key_lifetime soon
refused "key_max_uses: invalid value '4294967296' (valid: 1 to 2147483648)" key_max_uses 4294967296
refused "cache_max: invalid value '1.5' (valid: 0 to 1048576)" cache_max 1.5
refused "default_cmode: invalid value 'sometimes' (valid: default, always, never, default-nk, always-nk, never-nk)" default_cmode sometimes
refused "legacy: invalid value 'maybe' (valid: on, off, 1, 0)" legacy maybe
refused "exclude_addrs: invalid value '10.0.0.300/8' (valid: a list of addresses and prefixes" exclude_addrs 10.0.0.300/8
refused "exclude_addrs: invalid value '10.0.0.0/x'" exclude_addrs 10.0.0.0/x
# The kernel's checks of prefixes, and of legacy.
refused "refused: exclude_addrs: prefix length longer than the address; valid: 0 to 32 for IPv4, 0 to 128 for IPv6" exclude_addrs 10.0.0.0/33
refused "refused: exclude_addrs: prefix length longer than the address" exclude_addrs 10.0.0.0/8,fd00::/129
refused "refused: exclude_addrs: at most 16 prefixes" exclude_addrs \
	"$(seq 1 17 | sed 's/^/10.9.0./' | tr '\n' ',')"
refused "refused: legacy: legacy and suites together" legacy on suites chacha20
refused "refused: legacy: aes128 is the only suite; valid: legacy off once the suites list chacha20 too" legacy off
# All values are checked before any applies.
refused "prefix length longer" default_cmode default key_lifetime 99 exclude_addrs 10.0.0.0/40
nsx a tcpcryptctl get > /tmp/after
cmp /tmp/before /tmp/after || fail "refused sets changed settings"

# The kernel's own checks, with values tcpcryptctl never sends.
nlrefused() {
	_msg=$1
	shift
	set +e
	nsx a tcnlset "$@" > /tmp/nl
	_rc=$?
	set -e
	cat /tmp/nl
	assert_eq "$_rc" 1 "exit status of tcnlset $*"
	grep -q -F "$_msg" /tmp/nl || fail "kernel message for $*"
}
prefix() { echo nest:A_EXCLUDE_ADDRS nest:ADDRS_A_PREFIX "$@" end end; }
nlrefused "error: EINVAL: unknown address family; valid: AF_INET, AF_INET6" \
	$(prefix u16:PREFIX_A_FAMILY=7 hex:PREFIX_A_ADDR=0a000000 u8:PREFIX_A_LEN=8)
nlrefused "error: EINVAL: address length does not match the family; valid: 4 bytes for AF_INET, 16 for AF_INET6" \
	$(prefix u16:PREFIX_A_FAMILY=2 hex:PREFIX_A_ADDR=fd000000000000000000000000000000 u8:PREFIX_A_LEN=8)
nlrefused "error: EINVAL: a prefix needs a family, an address and a length" \
	$(prefix u16:PREFIX_A_FAMILY=2 hex:PREFIX_A_ADDR=0a000000)
nlrefused "error: EINVAL: unknown connection mode; valid: TCP_CRYPT_CMODE_DEFAULT, _ALWAYS or _NEVER, each optionally | TCP_CRYPT_CMODE_NK" \
	u16:A_DEFAULT_CMODE=3
nlrefused "unknown connection mode" u16:A_DEFAULT_CMODE=0x200
nlrefused "policy: 0 to 1" u8:A_LEGACY=2
nlrefused "policy: 1 to 86400" u32:A_CACHE_LIFETIME=0
nlrefused "policy: 0 to 1" u8:A_ENABLED=2
nlrefused "policy: 1 to 16777216" u32:A_MAX_CONNS=16777217
nlrefused "policy: at most 4096 bytes" zero:A_RSA_KEY=4097
# A good mode next to a bad prefix: neither applies.
nlrefused "unknown address family" u16:A_DEFAULT_CMODE=1 \
	$(prefix u16:PREFIX_A_FAMILY=7 hex:PREFIX_A_ADDR=0a000000 u8:PREFIX_A_LEN=8)
nlrefused "policy: at least 4 bytes" u16:A_DEFAULT_CMODE=1 \
	$(prefix u16:PREFIX_A_FAMILY=10 hex:PREFIX_A_ADDR=fd00 u8:PREFIX_A_LEN=8)
nsx a tcpcryptctl get > /tmp/after
cmp /tmp/before /tmp/after || fail "refused requests changed settings"
# The same requests, made valid, are taken.
assert_eq "$(nsx a tcnlset u16:A_DEFAULT_CMODE=0x102)" ok "tcnlset default_cmode never-nk"
assert_eq "$(get default_cmode)" never-nk "default_cmode set from raw netlink"
assert_eq "$(nsx a tcnlset $(prefix u16:PREFIX_A_FAMILY=10 hex:PREFIX_A_ADDR=fd000000000000000000000000000001 u8:PREFIX_A_LEN=16))" ok \
	"tcnlset exclude_addrs"
assert_eq "$(sys exclude_addrs)" fd00::/16 "prefix set from raw netlink"

# Exclusions at work, either family; then none. Back to the defaults
# first: the engine reads the mode and the key and cache bounds.
nsx a tcpcryptctl set default_cmode default key_lifetime 300 key_max_uses 65536 \
	cache_max 1024 cache_lifetime 600 suites chacha20,aes128 exclude_addrs 10.0.0.2
mkdata /tmp/data 16
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 0 "handshakes to an excluded IPv4 host"
assert_ge "$(stat a SkippedExcluded)" 1 "connections skipped as excluded"
transfer a b fd00::2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes to an IPv6 host not excluded"
nsx a tcpcryptctl set exclude_addrs fd00::/8
transfer a b fd00::2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes to an excluded IPv6 prefix"
nsx a tcpcryptctl set exclude_addrs none
assert_eq "$(sys exclude_addrs)" "" "exclusions cleared"
assert_eq "$(get exclude_addrs)" none "get exclude_addrs cleared"
transfer a b 10.0.0.2 /tmp/data
assert_eq "$(stat a HandshakesCompleted)" 2 "handshakes once no longer excluded"
