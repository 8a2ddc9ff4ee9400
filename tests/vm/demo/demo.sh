# SPDX-License-Identifier: GPL-2.0
# The demo, run in the guest: two namespaces, the module loaded, a client
# and a server between them, and what the module saw.
# timeout: 120
. /vm/lib.sh

say() { printf '\n=== %s\n' "$*"; }

say "Two network namespaces, 'client' (10.0.0.1, fd00::1) and 'server' (10.0.0.2, fd00::2), joined by a veth pair"
pair client server
nsx client ip -br addr show dev veth0
nsx server ip -br addr show dev veth0

say "Loading tcpcrypt (it is active in every namespace)"
tc_load
grep '^tcpcrypt ' /proc/modules
dmesg | grep 'tcpcrypt:' | tail -n 1
modinfo tcpcrypt | grep -E '^(version|parm):'

say "A 1 MiB transfer over IPv4 and one over IPv6, client -> server"
mkdata /tmp/demo 1024
transfer client server 10.0.0.2 /tmp/demo
transfer client server fd00::2 /tmp/demo

say "What the module's hooks saw in the client namespace (tcpcryptctl stats)"
nsx client tcpcryptctl stats
say "... and in the server namespace"
nsx server tcpcryptctl stats

say "Unloading the module"
tc_unload
dmesg | grep 'tcpcrypt:' | tail -n 1
