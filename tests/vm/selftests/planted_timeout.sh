# SPDX-License-Identifier: GPL-2.0
# Planted: a test that runs past its own timeout.
# timeout: 3
sleep 60
