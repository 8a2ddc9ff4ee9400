# SPDX-License-Identifier: GPL-2.0
# The demo, run in the guest: tcpcrypt between two namespaces, what the
# wire shows, the session ID on both ends, and a fallback to a namespace
# where tcpcrypt is off.
# timeout: 180
. /vm/lib.sh

say() { printf '\n=== %s\n' "$*"; }
msg="Hello over tcpcrypt: this sentence is readable only by the two ends."

say "Namespaces 'client' (10.0.0.1) and 'server' (10.0.0.2) joined by a veth pair"
pair client server
tc_load full_csum=1
dmesg | grep 'tcpcrypt:' | tail -n 1
modinfo tcpcrypt | grep -E '^(version|parm):' | cut -c1-110

say "A message from client to server, captured on the client's veth"
for i in $(seq 1 200); do echo "$msg"; done > /tmp/msg
capture client /tmp/demo.pcap
nsx server tcpcat -l 5001 -o /tmp/msg.recv 2>/dev/null &
srv=$!
wait_listen server 5001
nsx client tcpcat 10.0.0.2 5001 -i /tmp/msg -r 4000 2>/dev/null &
cli=$!
sleep 1.5

say "The connection on each end (tcpcryptctl show -v): the same session ID"
nsx client tcpcryptctl show -v
nsx server tcpcryptctl show -v
wait $cli
wait $srv
capture_stop
echo "received intact: $(sha /tmp/msg.recv | cut -c1-16)... = $(sha /tmp/msg | cut -c1-16)..."

say "The handshake on the wire: HELLO (option 69) in the SYN, PKCONF in the SYN-ACK,
    INIT1 on the client's third ACK, INIT2 from the server's module, then a MAC (option 70) on everything"
tcpdump -r /tmp/demo.pcap -n -v -c 7 2>/dev/null | sed -e 's/unknown-69/CRYPT/g' -e 's/unknown-70/MAC/g' | cut -c1-200
say "A data segment's payload: ciphertext"
tcpdump -r /tmp/demo.pcap -n -X -c 12 'tcp[tcpflags] & tcp-push != 0' 2>/dev/null | tail -n 8
printf 'occurrences of the message on the wire: %s\n' "$(grep -c 'readable only by the two ends' /tmp/demo.pcap || true)"

say "Fallback: a namespace 'plain' where tcpcrypt is switched off"
ip netns add plain
ip link add veth1 netns client type veth peer name veth1 netns plain
nsx client ip addr add 10.0.3.1/24 dev veth1
nsx plain ip addr add 10.0.3.2/24 dev veth1
nsx client ip link set veth1 up
nsx plain ip link set veth1 up
nsx plain ip link set lo up
nsx plain sh -c 'echo 0 > /proc/sys/net/tcpcrypt/enabled'
nsx plain tcpcat -l 5001 -o /tmp/plain.recv 2>/dev/null &
srv=$!
wait_listen plain 5001
capture client /tmp/plain.pcap veth1
nsx client tcpcat 10.0.3.2 5001 -i /tmp/msg 2>/dev/null
wait $srv
capture_stop
printf 'occurrences of the message on the wire: %s (plain TCP, as expected)\n' "$(grep -c 'readable only by the two ends' /tmp/plain.pcap)"

say "The client namespace's counters (tcpcryptctl stats)"
nsx client tcpcryptctl stats | grep -v ' 0$'
tc_unload
