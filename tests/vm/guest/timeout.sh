# SPDX-License-Identifier: GPL-2.0
# Sourced by the host's run.sh (for the guest's time budget) and by the
# guest's harness (for each test's limit), so that both agree.
#
# timeout_scale TEST_SCRIPT: what the test's "# timeout:" is multiplied by.
# A test's timeout is sized for the kernels its "# check:" line names; on
# the debug kernel (KASAN, lockdep, kmemleak: several times slower) a test
# sized for the others alone gets VM_DEBUG_TIMEOUT_SCALE (default 4) times
# as long. KERNEL says which kernel: "debug" or anything else.
timeout_scale() {
	if [ "${KERNEL:-stock}" = debug ] &&
	   ! sed -n 's/^# check: *//p' "$1" | grep -qw debug; then
		echo "${VM_DEBUG_TIMEOUT_SCALE:-4}"
	else
		echo 1
	fi
}
