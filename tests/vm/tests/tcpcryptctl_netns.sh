# SPDX-License-Identifier: GPL-2.0
# Settings of namespaces: module parameters (numeric and text) set the
# initial namespace; a namespace created later starts with a copy of the
# initial namespace's settings at that moment, not the built-in defaults;
# a malformed parameter refuses the load; the old names (parameter
# enable, tcpcryptctl aliases) are still accepted.
# check: stock
# timeout: 60
. /vm/lib.sh

sys() { nsx "$1" cat /proc/sys/net/tcpcrypt/"$2"; }
ip netns add early
tc_load max_conns=4242 cache_lifetime=77 default_cmode=always-nk \
	exclude_ports=22,8000-8099 suites=chacha20 enable=0
assert_eq "$(cat /sys/module/tcpcrypt/parameters/max_conns)" 4242 "parameter max_conns"
assert_eq "$(cat /sys/module/tcpcrypt/parameters/default_cmode)" always-nk "parameter default_cmode"
assert_eq "$(cat /proc/sys/net/tcpcrypt/cache_lifetime)" 77 "init_net cache_lifetime"
assert_eq "$(cat /proc/sys/net/tcpcrypt/legacy)" 0 "init_net legacy with suites=chacha20"
# Namespaces that existed at load and those created after: the same.
ip netns add n1
for ns in early n1; do
	assert_eq "$(sys $ns max_conns)" 4242 "$ns max_conns from the parameter"
	assert_eq "$(sys $ns cache_lifetime)" 77 "$ns cache_lifetime from the parameter"
	assert_eq "$(sys $ns default_cmode)" always-nk "$ns default_cmode from the parameter"
	assert_eq "$(sys $ns exclude_ports)" 22,8000-8099 "$ns exclude_ports from the parameter"
	assert_eq "$(sys $ns suites)" chacha20 "$ns suites from the parameter"
	assert_eq "$(sys $ns enabled)" 0 "$ns enabled from the deprecated parameter enable"
	assert_eq "$(sys $ns key_max_uses)" 65536 "$ns key_max_uses default"
done
echo "ok: module parameters reach every namespace"

# Changed in the initial namespace, copied by namespaces created later.
tcpcryptctl set max_conns 777 exclude_addrs 192.0.2.0/24 legacy on key_max_uses 5
echo 9000 > /proc/sys/net/tcpcrypt/exclude_ports
ip netns add n2
assert_eq "$(sys n2 max_conns)" 777 "n2 max_conns inherited"
assert_eq "$(sys n2 key_max_uses)" 5 "n2 key_max_uses inherited"
assert_eq "$(sys n2 exclude_addrs)" 192.0.2.0/24 "n2 exclude_addrs inherited"
assert_eq "$(sys n2 exclude_ports)" 9000 "n2 exclude_ports inherited"
assert_eq "$(sys n2 suites)" "chacha20 aes128" "n2 suites inherited"
assert_eq "$(nsx n2 tcpcryptctl get max_conns)" 777 "n2 get max_conns"
assert_eq "$(sys n1 max_conns)" 4242 "n1 keeps its own copy"
# A namespace's own changes stay its own.
nsx n2 tcpcryptctl set max_conns 12
assert_eq "$(cat /proc/sys/net/tcpcrypt/max_conns)" 777 "init_net after a change in n2"
echo "ok: new namespaces copy the initial namespace's settings"

# Old names: accepted with a note on stderr.
nsx n2 tcpcryptctl set cache-size 9 cmode never 2> /tmp/err
grep -q -F "'cache-size' is deprecated, its name is 'cache_max'" /tmp/err || fail "no note for cache-size"
assert_eq "$(sys n2 cache_max)" 9 "set through the alias cache-size"
assert_eq "$(sys n2 default_cmode)" never "set through the alias cmode"
assert_eq "$(nsx n2 tcpcryptctl get cache_size 2>/dev/null)" 9 "get through the alias cache_size"
assert_eq "$(nsx n2 tcpcryptctl get max_connections 2>/dev/null)" 12 "get through the alias max_connections"
assert_eq "$(nsx n2 tcpcryptctl get key-max-uses 2>/dev/null)" 5 "get through the alias key-max-uses"
echo "ok: old names accepted"

ip netns delete early
ip netns delete n1
ip netns delete n2
tc_unload
# Malformed parameters refuse the load, saying which.
for p in max_conns=0 cache_max=1048577 suites=rot13 default_cmode=sometimes exclude_addrs=10.0.0.0/40; do
	if modprobe tcpcrypt "$p" 2>/dev/null; then
		fail "loaded with $p"
	fi
	tc_loaded && fail "loaded with $p"
	dmesg | tail -n 5 | grep -q "module parameter ${p%%=*}=" || fail "no log line for $p"
done
echo "ok: malformed parameters refuse the load"
