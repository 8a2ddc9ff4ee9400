# SPDX-License-Identifier: GPL-2.0
# Loading tcpcrypt switches it on for the whole host, so it is an
# administrator's decision: with the module installed where modprobe finds
# it, nothing an unprivileged user does loads it (the netlink family has no
# alias; the kernel loads a ULP only for CAP_NET_ADMIN), and the
# configuration examples of examples/etc load and configure it as they say.
# check: stock
. /vm/lib.sh

modinfo -n tcpcrypt > /dev/null || fail "the module is not installed where modprobe finds it"
tc_loaded && fail "loaded before the test"
nobody="setpriv --reuid 65534 --regid 65534 --clear-groups"
$nobody sh -c 'test "$(id -u)" = 65534' || fail "setpriv did not drop to uid 65534"

# An unprivileged user resolves the netlink family (every tcpcryptctl
# command does) and attaches the ULP.
set +e
$nobody tcpcryptctl show > /tmp/out 2>&1
rc=$?
set -e
cat /tmp/out
assert_eq "$rc" 3 "exit status of tcpcryptctl show as uid 65534"
tc_loaded && fail "an unprivileged tcpcryptctl loaded the module"
$nobody sockopt_test attach && fail "an unprivileged TCP_ULP attach found the ULP"
tc_loaded && fail "an unprivileged TCP_ULP attach loaded the module"
# Root's tcpcryptctl never loads it either: it says how to.
tcpcryptctl get > /tmp/out 2>&1 && fail "tcpcryptctl get succeeded without the module"
grep -q "modprobe tcpcrypt" /tmp/out || fail "no hint how to load the module"
tc_loaded && fail "root's tcpcryptctl loaded the module"
# CAP_NET_ADMIN attaching the ULP is the kernel's one autoload path, and an
# administrator's act.
sockopt_test attach || fail "root could not attach the ULP"
tc_loaded || fail "root's TCP_ULP attach did not load the module"
tc_unload
echo "ok: only an administrator loads tcpcrypt"

ex=/vm/examples-etc
# modules-load.d: every module it names is one modprobe can find.
for m in $(grep -v -e '^#' -e '^[[:space:]]*$' $ex/modules-load.d/tcpcrypt.conf); do
	modinfo -n "$m" > /dev/null || fail "modules-load.d names '$m', which modprobe cannot find"
done
# modprobe.d: the module loads with exactly the options the file gives.
modprobe -C $ex/modprobe.d/tcpcrypt.conf tcpcrypt
n=0
for kv in $(sed -n 's/^options tcpcrypt //p' $ex/modprobe.d/tcpcrypt.conf); do
	k=${kv%%=*} v=${kv#*=}
	have=$(cat /sys/module/tcpcrypt/parameters/"$k") || fail "no parameter $k"
	case "$have" in Y) have=1 ;; N) have=0 ;; esac
	assert_eq "$have" "$v" "parameter $k after modprobe -C"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no options line in the modprobe.d example"
# It loads switched off, in new namespaces too, as the file says.
assert_eq "$(cat /proc/sys/net/tcpcrypt/enabled)" 0 "enabled after loading with enabled=0"
ip netns add later
assert_eq "$(nsx later cat /proc/sys/net/tcpcrypt/enabled)" 0 "enabled in a new namespace"
ip netns delete later
# sysctl.d: sysctl -p applies every line, and each reads back as written.
sysctl -p $ex/sysctl.d/60-tcpcrypt.conf
n=0
while IFS='=' read -r k v; do
	k=$(echo $k) v=$(echo $v)
	case "$k" in '#'* | '') continue ;; esac
	assert_eq "$(cat /proc/sys/$(echo "$k" | tr . /))" "$v" "$k after sysctl -p"
	n=$((n + 1))
done < $ex/sysctl.d/60-tcpcrypt.conf
[ "$n" -gt 0 ] || fail "no settings in the sysctl.d example"
# A namespace created after that starts with the host's settings.
ip netns add later
assert_eq "$(nsx later cat /proc/sys/net/tcpcrypt/enabled)" 1 "enabled in a namespace created after sysctl -p"
assert_eq "$(nsx later cat /proc/sys/net/tcpcrypt/exclude_ports)" 22 "exclude_ports in a namespace created after sysctl -p"
ip netns delete later
tc_unload
echo "ok: the examples load and configure the module as they say"
