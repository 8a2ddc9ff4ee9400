# SPDX-License-Identifier: GPL-2.0
# Namespaces come and go while the module is loaded, some with open
# connections; each has its own counters; nothing leaks into the others.
# check: stock debug rt
. /vm/lib.sh

tc_load
pair a b
ip netns add idle
for i in $(seq 1 20); do ip netns add extra$i; done
for i in $(seq 1 20); do
	nsx extra$i test -r /proc/net/tcpcrypt_stat || fail "no counters in extra$i"
done
mkmarked /tmp/data 256
fc_capture a
transfer a b 10.0.0.2 /tmp/data
fc_check $((256 * 1024))
assert_eq "$(stat idle OutSegs)" 0 "segments counted in an idle namespace"
assert_eq "$(stat idle InSegs)" 0 "segments received in an idle namespace"
assert_ge "$(stat a OutSegs)" 4 "segments in the client namespace"
for i in $(seq 1 20); do ip netns delete extra$i; done

# Delete both ends while a connection between them is in the middle of a transfer.
mkdata /tmp/big 4096
nsx b tcpcat -l 5002 -o /dev/null &
wait_listen b 5002
nsx a tcpcat 10.0.0.2 5002 -i /tmp/big -r 500000 &
sleep 1
ip netns delete a
ip netns delete b
sleep 1
echo "namespaces deleted under a live connection"
