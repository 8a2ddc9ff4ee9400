# SPDX-License-Identifier: GPL-2.0
# The module unloads while TCP connections are open and loads again while
# they go on; the data of those connections arrives intact.
# timeout: 90
. /vm/lib.sh

pair a b
tc_load
mkdata /tmp/data 3072
nsx b tcpcat -l 5001 -o /tmp/data.recv &
srv=$!
wait_listen b 5001
# About 6 s of paced transfer in both namespaces' hooks.
nsx a tcpcat 10.0.0.2 5001 -i /tmp/data -r 500000 &
cli=$!
sleep 1.5
assert_ge "$(stat a OutSegs)" 2 "segments seen before unload"
tc_unload
echo "unloaded with the connection open"
sleep 1.5
tc_load
echo "loaded again with the connection open"
assert_eq "$(stat a OutSyns)" 0 "SYNs of a connection that predates the load"
wait $cli || fail "client failed"
wait $srv || fail "server failed"
assert_eq "$(sha /tmp/data.recv)" "$(sha /tmp/data)" "sha256 across unload and reload"
assert_ge "$(stat a OutSegs)" 2 "segments of the old connection seen after reload"
