#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make fuzz-kernel: a long kfuzz run in the guest (the debug kernel when it
# is built, else the stock one).
#   FUZZ_TIME  seconds of fuzzing (default 3600)
#   FUZZ_SEED  kfuzz's seed (default: random, printed)
#   KERNEL     stock or debug (default debug if built)
# The VM test kfuzz.sh runs in a copy whose timeout fits FUZZ_TIME; what
# it finds goes where kfuzz-report.sh puts it (tests/vm/kfuzz/crashes/,
# build/vm/<kver>/kfuzz-coverage.txt).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
time=${FUZZ_TIME:-3600}
if [ -z "${KERNEL:-}" ]; then
	. "$here/debug-kernel-env.sh"
	if [ -e "$DEBUG_STAMP" ]; then KERNEL=debug; else KERNEL=stock; fi
fi
export KERNEL
dir=$top/build/vm/fuzz-tests
mkdir -p "$dir"
sed "s/^# timeout: .*/# timeout: $((time + 120))/" "$here/tests/kfuzz.sh" > "$dir/kfuzz.sh"
env="export KFUZZ_TIME=$time"
[ -z "${FUZZ_SEED:-}" ] || env="$env KFUZZ_SEED=$FUZZ_SEED"
VM_TESTDIR=$dir VM_EXTRA_ENV="$env" VM_VERBOSE=1 exec "$here/run.sh" kfuzz
