# SPDX-License-Identifier: GPL-2.0
# Planted: the kernel becomes tainted with W (512), not allowed.
echo 512 > /proc/sys/kernel/tainted
