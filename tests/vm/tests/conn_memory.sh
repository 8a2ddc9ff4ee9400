# SPDX-License-Identifier: GPL-2.0
# Module memory per established connection: 2000 idle encrypted
# connections, then each side's memory gauge divided by its connections
# must stay within the limit. The gauge counts what the allocator really
# hands out (ksize), so the number is honest. Issue 14's goal is 512
# bytes; the module is at about 790 (docs/DESIGN.md, "Memory per
# connection"), so the limit holds that line at 1024 until the rest of the
# handshake material leaves the connection. The old module's 3296 bytes
# (4096 as allocated) fail it.
# check: stock
# timeout: 120
. /vm/lib.sh

n=2000
limit=1024

field() { nsx "$1" tcpcryptctl --json stats | sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p"; }

pair a b
tc_load
# A socket each, and more than the default 1024 open files.
nsx b sh -c "ulimit -n $((n + 64)); exec tcpidle -l 5003" &
wait_listen b 5003
nsx a sh -c "ulimit -n $((n + 64)); exec tcpidle 10.0.0.2 5003 -n $n" > /tmp/idle.out 2>&1 &
# Idle connections finish their handshake on the third ACK alone.
i=0
until [ "$(stat a HandshakesCompleted)" -ge $n ] &&
      [ "$(stat b HandshakesCompleted)" -ge $n ]; do
	i=$((i + 1))
	[ $i -lt 300 ] || fail "handshakes: a $(stat a HandshakesCompleted) b $(stat b HandshakesCompleted) of $n ($(cat /tmp/idle.out))"
	sleep 0.2
done
over=""
for ns in a b; do
	conns=$(field $ns connections)
	mem=$(field $ns memory_bytes)
	assert_eq "$conns" $n "connections tracked in $ns"
	per=$((mem / conns))
	echo "$ns: $mem bytes for $conns connections: $per bytes each"
	[ $per -le $limit ] || over="$over $ns:$per"
done
if [ -n "$over" ] && is_debug_kernel; then
	# lockdep's maps in every lock and KASAN's redzones in every object.
	echo "on the debug kernel a connection takes more ($over): the bound of $limit holds for the others"
	exit 77
fi
[ -z "$over" ] || fail "bytes per connection over $limit:$over"
