# SPDX-License-Identifier: GPL-2.0
# A test that does not apply: exit status 77, the reason on its last line.
echo "not applicable here (harness self-test)"
exit 77
