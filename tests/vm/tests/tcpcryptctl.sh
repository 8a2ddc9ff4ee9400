# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl's error paths: tcpcrypt not loaded (and never loaded by the
# tool), usage errors, and EPERM without CAP_NET_ADMIN over
# the namespace, with their documented exit codes.
# check: stock
. /vm/lib.sh

# expect RC CMD...: run CMD, check its exit status; stderr in /tmp/err.
expect() {
	_want=$1
	shift
	set +e
	"$@" > /tmp/out 2> /tmp/err
	_rc=$?
	set -e
	cat /tmp/out /tmp/err
	assert_eq "$_rc" "$_want" "exit status of '$*'"
}

# Not loaded: exit 3 and how to load it. The module is installed where
# modprobe finds it, yet no command loads it (no family alias).
modinfo -n tcpcrypt > /dev/null || fail "the module is not installed in the guest"
for c in show stats get refresh flush monitor "set enabled on" "rsakey new" \
	"rsakey clear" "rsakey rotate --every 60"; do
	expect 3 tcpcryptctl $c
	grep -q "an administrator does that with: modprobe tcpcrypt" /tmp/err ||
		fail "no hint how to load the module"
done
tc_loaded && fail "a tcpcryptctl command loaded the module"
tc_load
expect 0 tcpcryptctl get enabled
assert_eq "$(cat /tmp/out)" on "enabled once loaded"

# Usage errors: exit 2, naming what is valid.
expect 2 tcpcryptctl frobnicate
grep -q "unknown command 'frobnicate'" /tmp/err || fail "unknown command not named"
expect 2 tcpcryptctl --bogus
grep -q "valid: --json" /tmp/err || fail "valid options not listed"
expect 2 tcpcryptctl show bogus
grep -q "valid: dump" /tmp/err || fail "show arguments not listed"
expect 2 tcpcryptctl stats bogus
expect 2 tcpcryptctl show --bogus
grep -q "valid: dump, peer" /tmp/err || fail "show filters not listed"
expect 2 tcpcryptctl stats --prometheus --json
grep -q "exclude each other" /tmp/err || fail "--prometheus with --json not explained"
expect 2 tcpcryptctl get bogus
grep -q "valid: enabled, max_conns" /tmp/err || fail "settings not listed"
expect 2 tcpcryptctl set bogus 1
expect 2 tcpcryptctl set enabled
expect 2 tcpcryptctl refresh now
expect 2 tcpcryptctl flush now
grep -q "unexpected argument 'now'" /tmp/err || fail "flush argument not named"
expect 2 tcpcryptctl rsakey
grep -q "expected new, clear or rotate --every SECONDS" /tmp/err || fail "rsakey usage"
expect 2 tcpcryptctl rsakey old
expect 2 tcpcryptctl rsakey rotate
grep -q "expected --every SECONDS" /tmp/err || fail "rotate usage"
for v in 0 1x "" 99999999999; do
	expect 2 tcpcryptctl rsakey rotate --every "$v"
	grep -q -F "invalid value '$v' (valid: 1 to 2147483647 seconds)" /tmp/err ||
		fail "rotate --every '$v' refused without the valid values"
done
expect 2 tcpcryptctl rsakey new --json
expect 2 tcpcryptctl set rsa_key x
grep -q "tcpcryptctl rsakey new" /tmp/err || fail "set rsa_key does not point to rsakey"
expect 2 tcpcryptctl monitor --count 0
expect 2 tcpcryptctl set --json enabled on
expect 0 tcpcryptctl --version
grep -q -E '^tcpcryptctl [0-9]+\.[0-9]+' /tmp/out || fail "no version"
expect 0 tcpcryptctl help
grep -q "4 permission denied" /tmp/out || fail "help does not list the exit codes"

# Without CAP_NET_ADMIN over the namespace (a new user namespace keeps
# none over the initial one): reading counters and settings works,
# sessions, changes, refresh and events are refused with exit 4. Only
# where the kernel has user namespaces (the debug kernel has none).
if ! unshare -U true 2>/dev/null; then
	echo "no user namespaces in this kernel: EPERM paths not tested here"
	exit 0
fi
expect 0 unshare -U tcpcryptctl stats
expect 0 unshare -U tcpcryptctl get
for c in show "show dump" refresh flush monitor "set enabled off" "rsakey new" \
	"rsakey clear" "rsakey rotate --every 1"; do
	expect 4 unshare -U tcpcryptctl $c
	grep -q "permission denied: this needs CAP_NET_ADMIN" /tmp/err ||
		fail "EPERM not explained"
done
assert_eq "$(cat /proc/sys/net/tcpcrypt/enabled)" 1 "enabled after the refused set"
assert_eq "$(tcpcryptctl get rsa_key)" none "RSA key after the refused rsakey commands"

# Admin of its own namespace is enough there (GENL_UNS_ADMIN_PERM): a
# user namespace with a network namespace of its own may change it.
expect 0 unshare -r -n sh -c 'tcpcryptctl set enabled off && tcpcryptctl get enabled && tcpcryptctl show'
assert_eq "$(head -n 1 /tmp/out)" off "enabled in the unprivileged namespace"
assert_eq "$(cat /proc/sys/net/tcpcrypt/enabled)" 1 "enabled in the initial namespace"
