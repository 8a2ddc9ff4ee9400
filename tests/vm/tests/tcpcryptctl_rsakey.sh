# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl rsakey: new loads a key (get rsa_key shows its size and
# age, text and --json), clear forgets it, a malformed or empty key over
# raw netlink, and rotate --every: a new key every period until SIGTERM,
# and a clean stop on SIGINT while a key is being made. RSA-4096 key
# generation is slow under emulation, hence the long timeout.
# check: stock
# timeout: 480
. /vm/lib.sh

pair a b
tc_load
# A rotate left running would load the module again after the harness
# unloads it, and change the next test's key: stop it whatever happens.
rot=""
trap '[ -z "$rot" ] || kill -KILL $rot 2>/dev/null || true' EXIT
get() { nsx a tcpcryptctl get rsa_key; }
age_ms() { nsx a tcpcryptctl --json get rsa_key | sed -n 's/.*"age_ms": \([0-9]*\).*/\1/p'; }

assert_eq "$(get)" none "no key at first"
assert_eq "$(nsx a tcpcryptctl --json get rsa_key)" '{"rsa_key": {"loaded": false}}' "no key, JSON"

nsx a tcpcryptctl rsakey new > /tmp/out
assert_eq "$(cat /tmp/out)" "" "rsakey new says nothing"
get | grep -q -E '^4096 bits, loaded [0-9]+ s ago$' || fail "key after rsakey new: $(get)"
nsx a tcpcryptctl --json get rsa_key | grep -q -E '^\{"rsa_key": \{"loaded": true, "bits": 4096, "age_ms": [0-9]+\}\}$' ||
	fail "key after rsakey new, JSON"
nsx a tcpcryptctl get | grep -q -E '^rsa_key +4096 bits, loaded [0-9]+ s ago$' || fail "rsa_key in get"
assert_eq "$(nsx b tcpcryptctl get rsa_key)" none "namespace b untouched"
sleep 1.2
assert_ge "$(age_ms)" 1000 "age of the key"

# The kernel refuses what is not a key, and keeps the one it has.
set +e
nsx a tcnlset hex:A_RSA_KEY=300100 > /tmp/nl
rc=$?
set -e
cat /tmp/nl
assert_eq "$rc" 1 "exit status of loading a malformed key"
grep -q -E '^error: EINVAL: .+' /tmp/nl || fail "no message for a malformed key"
get | grep -q '^4096 bits' || fail "key after a refused one"

nsx a tcpcryptctl rsakey clear
assert_eq "$(get)" none "no key after clear"
nsx a tcpcryptctl rsakey clear
assert_eq "$(get)" none "clear without a key"
nsx a tcpcryptctl rsakey new
assert_eq "$(nsx a tcnlset hex:A_RSA_KEY=)" ok "an empty key over netlink"
assert_eq "$(get)" none "no key after an empty one"

# rotate: a key every 4 s, each replacing the last, until SIGTERM.
ip netns exec a tcpcryptctl rsakey rotate --every 4 > /tmp/rot 2> /tmp/rot.err &
rot=$!
i=0
until [ "$(grep -c 'new key loaded' /tmp/rot)" -ge 1 ]; do
	i=$((i + 1))
	[ $i -lt 1500 ] || fail "rotate loaded no key: $(cat /tmp/rot.err)"
	sleep 0.2
done
grep -q '^tcpcryptctl: rsakey: replacing the RSA key every 4 s$' /tmp/rot.err || fail "rotate's first line"
# Well before the next key: that one comes 4 s after this one at the earliest.
sleep 1.5
first=$(age_ms)
assert_ge "$first" 1000 "age of the first rotated key"
i=0
until [ "$(grep -c 'new key loaded' /tmp/rot)" -ge 2 ]; do
	i=$((i + 1))
	[ $i -lt 1500 ] || fail "rotate loaded no second key"
	sleep 0.2
done
second=$(age_ms)
[ "$second" -lt "$first" ] || fail "the key was not replaced: age $first, then $second"
kill -TERM $rot
set +e
wait $rot
rc=$?
set -e
cat /tmp/rot /tmp/rot.err
assert_eq "$rc" 0 "exit status of rotate after SIGTERM"
rot=""
assert_eq "$(tail -n 1 /tmp/rot)" "tcpcryptctl: rsakey: stopped" "rotate's last line"
grep -q '^tcpcryptctl: rsakey: new key loaded; the next in 4 s$' /tmp/rot || fail "rotate's lines"
get | grep -q '^4096 bits' || fail "the last key stays loaded"

# SIGINT while the first key is being made: a clean stop all the same.
nsx a tcpcryptctl rsakey clear
ip netns exec a tcpcryptctl rsakey rotate --every 3600 > /tmp/rot 2> /tmp/rot.err &
rot=$!
i=0
until grep -q 'replacing the RSA key' /tmp/rot.err; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "rotate did not start"
	sleep 0.05
done
kill -INT $rot
set +e
wait $rot
rc=$?
set -e
cat /tmp/rot /tmp/rot.err
assert_eq "$rc" 0 "exit status of rotate after SIGINT"
assert_eq "$(tail -n 1 /tmp/rot)" "tcpcryptctl: rsakey: stopped" "rotate's last line after SIGINT"
rot=""
