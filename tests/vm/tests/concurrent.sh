# SPDX-License-Identifier: GPL-2.0
# 200 concurrent encrypted connections, each echoing its own data (marker
# lines, none of them on the wire in plaintext).
# check: stock
# timeout: 300
. /vm/lib.sh

pair a b
tc_load full_csum=1
nsx b tcpmany -l 5003 &
wait_listen b 5003
fc_capture a
nsx a tcpmany 10.0.0.2 5003 -c 200 -b "$(($(kib 32) * 1024))" -m
stat_all a
assert_eq "$(stat a HandshakesCompleted)" 200 "handshakes completed in a"
assert_eq "$(stat b HandshakesCompleted)" 200 "handshakes completed in b"
assert_eq "$(stat a InMacFailures)" 0 "MAC failures"
# The echo doubles the data; tcpdump drops much of this burst: ask for
# half of one direction.
fc_check $((200 * $(kib 32) * 1024))
