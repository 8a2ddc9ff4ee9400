# SPDX-License-Identifier: GPL-2.0
# A test that passes: the harness must report it as ok.
. /vm/lib.sh
pair a b
assert_eq "$(nsx a ip -o addr show dev veth0 | grep -c 'inet ')" 1 "IPv4 address in a"
