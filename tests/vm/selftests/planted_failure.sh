# SPDX-License-Identifier: GPL-2.0
# Planted: a failing check.
. /vm/lib.sh
assert_eq 1 2 "a value the self-test expects to differ"
