# SPDX-License-Identifier: GPL-2.0
# Planted: a kernel warning in the log, although the script succeeds.
echo "WARNING: CPU: 0 PID: 1 planted by the harness self-test" > /dev/kmsg
