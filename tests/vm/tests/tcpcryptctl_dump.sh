# SPDX-License-Identifier: GPL-2.0
# A session dump larger than one netlink message (about 130 connections
# fit in one): 250 connections lingering in TIME-WAIT, each listed once by
# show dump, exactly as /proc/net/tcpcrypt_conns lists them.
# check: stock
# timeout: 240
. /vm/lib.sh

pair a b
tc_load full_csum=1
nsx b tcpmany -l 5003 &
wait_listen b 5003
nsx a tcpmany 10.0.0.2 5003 -r 250
# The client's sockets stay in TIME-WAIT for 60 s, and their entries with them.
nsx a tcpcryptctl show dump > /tmp/dump
nsx a cat /proc/net/tcpcrypt_conns > /tmp/proc
assert_eq "$(wc -l < /tmp/dump)" 250 "connections in show dump"
assert_eq "$(($(wc -l < /tmp/proc) - 1))" 250 "connections in /proc/net/tcpcrypt_conns"
cut -f 1,2,7 /tmp/dump | sort > /tmp/dump.keys
awk 'NR > 1 { print $1 "\t" $2 "\t" $7 }' /tmp/proc | sort > /tmp/proc.keys
cmp /tmp/dump.keys /tmp/proc.keys || fail "show dump and /proc list different connections"
assert_eq "$(cut -f 7 /tmp/dump | sort -u | grep -c -E '^[0-9a-f]{64}$')" 250 "distinct session IDs"
assert_eq "$(nsx a tcpcryptctl show --json | grep -o '"session_id"' | wc -l)" 250 "connections in show --json (one line)"
