#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: boot a guest, run tests/vm/demo/demo.sh in it, show its output.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
VM_VERBOSE=1 VM_TESTDIR=$here/demo "$here/run.sh" demo > "$out"
rc=$?
# The guest's output comes back as TAP comments; the kernel log is left out.
grep -v -e '^#K ' -e '^#L ' -e '^# VMTEST' "$out" | sed -n 's/^# \{0,1\}//p' | grep -v '^vmtest:'
grep -E '^(not )?ok ' "$out"
tail -n 1 "$out"
exit $rc
