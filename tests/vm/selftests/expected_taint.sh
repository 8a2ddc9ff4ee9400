# SPDX-License-Identifier: GPL-2.0
# The kernel becomes tainted with U (64), which this test's header expects
# (as the keylog=1 tests do): a pass.
# taint: 64 (U)
echo 64 > /proc/sys/kernel/tainted
