# SPDX-License-Identifier: GPL-2.0
# Two namespaces with the module: a transfer each way over IPv4 is
# encrypted (the plaintext never appears on the wire), MACed and intact:
# 24 MB each way (3 MB on the slower debug kernel).
# check: stock
# timeout: 600
. /vm/lib.sh

pair a b
tc_load full_csum=1
encrypted_both_ways 10.0.0.1 10.0.0.2
