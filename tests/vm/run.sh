#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of the VM harness: build the module against the guest kernel,
# pack an initramfs, boot the kernel under QEMU/TCG, run the tests in the
# guest and print their results as TAP.
#
# usage: tests/vm/run.sh [TEST...]        (default: every tests/vm/tests/*.sh)
# environment:
#   KDIR     kernel build tree to build against
#            (default: the newest /lib/modules/*/build that exists)
#   VMLINUZ  guest kernel image (default: /boot/vmlinuz-<release of KDIR>)
#   MODDIR   guest kernel's module tree (default: /lib/modules/<release>)
#   SMP, MEM QEMU CPUs and memory (default 2, 1G)
#   VM_VERBOSE=1  also print the output of passing tests
#   VM_TESTDIR    where the test scripts are (default: tests/vm/tests)
#   SEGTEST="name ...", SEGTEST_ALL=1, SEGTEST_VERBOSE=1   for the segtest
#                 test: only these scripts / also the slow and known ones /
#                 show the log of passing scripts (tests/vm/segtest/README.md)
#   VM_BUDGET     seconds the whole guest run may take (default: boot
#                 allowance plus each test's own timeout)
#   VM_HOSTROOT=1 the guest also gets this host's root file system,
#                 read-only over virtio-9p (mount tag hostroot), and
#                 $VM_HOSTROOT and $VM_TOP (this tree's path) in its
#                 environment: for the deb_install test (make vmtest-deb)
#
# Exit status: 0 if every test passed and the kernel log is clean.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/vm
testdir=${VM_TESTDIR:-$here/tests}
. "$here/kernel.sh"

if [ $# -eq 0 ]; then
	set -- $(cd "$testdir" && ls *.sh | sed 's/\.sh$//')
fi
for t in "$@"; do
	[ -f "$testdir/$t.sh" ] || { echo "vmtest: no test named '$t' in $testdir" >&2; exit 2; }
done

work=$top/build/vm/$KVER
mkdir -p "$work/src" "$work/bin"
# Two runs in one tree would share (and clobber) the build, the initramfs
# and the results: the second waits for the first.
exec 9> "$work/lock"
flock 9

# The module, built in a copy of the sources so that builds for different
# kernels never share objects.
# Files are compared by content, so that a checkout of older sources is
# rebuilt, and files gone from the sources go from the copy too.
(cd "$top" && find Kbuild kmod include \( -name Kbuild -o -name 'Kbuild.*' -o -name '*.[ch]' \) \
	! -name '*.mod.c') > "$work/src.list"
while read -r f; do
	cmp -s "$top/$f" "$work/src/$f" || install -D -m 0644 "$top/$f" "$work/src/$f"
done < "$work/src.list"
(cd "$work/src" && find Kbuild kmod include \( -name Kbuild -o -name 'Kbuild.*' -o -name '*.[ch]' \) \
	! -name '*.mod.c' 2>/dev/null) | while read -r f; do
	grep -qxF "$f" "$work/src.list" || rm -f "$work/src/$f" "$work/src/${f%.c}.o"
done
rm -f "$work/src/kmod/tcpcrypt.ko"
make -s -j"$(nproc)" -C "$KDIR" M="$work/src" modules 2>&1 | grep -v -e "Skipping BTF" >&2 || true
ko=$work/src/kmod/tcpcrypt.ko
[ -f "$ko" ] || { echo "vmtest: module build failed" >&2; exit 1; }

# Test binaries.
# The examples run in the guest too, so that they are known to work.
# pktforge computes MACs with the module's own protocol core (kmod/proto)
# on the unit tests' OpenSSL backend; libcrypto goes into the initramfs
# with it (mkinitramfs.sh copies what ldd names).
pf_src="$top/tests/unit/crypto_user.c $top/kmod/proto/suite.c
	$top/kmod/proto/suite_chacha.c $top/kmod/proto/suite_legacy.c
	$top/kmod/proto/suite_poly.c $top/kmod/proto/poly1305.c
	$top/kmod/proto/tcpopt.c $top/kmod/proto/keysched.c"
# The examples use libtcpcrypt: statically linked, but for v02_client, which
# exercises the shared library: the library sits next to it, in bin/ here
# and in the guest's /usr/local/bin, and its rpath is $ORIGIN (an absolute
# path of this tree would be hidden in the guest if the tree is under
# /tmp, where the guest mounts a tmpfs).
make -s -C "$top/lib" >&2
tclib="$top/lib/libtcpcrypt.a $top/lib/libtcpcrypt.so $top/lib/include/*.h $top/lib/include/tcpcrypt/*.h"
for c in "$here"/bin/*.c "$top"/examples/*.c; do
	b=$work/bin/$(basename "$c" .c)
	deps=$c extra="" libs=""
	case $c in
	*/pktforge.c)
		deps="$c $pf_src $top/tests/unit/crypto_user.h $top/kmod/proto/*.h"
		extra="-I$top/kmod/proto $pf_src" libs="-lcrypto" ;;
	*/examples/v02_client.c)
		deps="$c $tclib"
		extra="-I$top/lib/include" libs="-L$top/lib -ltcpcrypt -Wl,-rpath,\$ORIGIN" ;;
	*/examples/chanbind.c)
		deps="$c $tclib"
		extra="-I$top/lib/include" libs="$top/lib/libtcpcrypt.a -lcrypto" ;;
	*/examples/*.c)
		deps="$c $tclib"
		extra="-I$top/lib/include" libs="$top/lib/libtcpcrypt.a" ;;
	esac
	stale=0
	[ -x "$b" ] || stale=1
	for s in $deps; do
		if [ "$s" -nt "$b" ]; then stale=1; fi
	done
	if [ $stale = 1 ]; then
		# shellcheck disable=SC2086 # word lists
		gcc -O2 -Wall -Wextra -Werror -pthread -I"$top/include/uapi" -o "$b" "$c" $extra $libs
	fi
done
install -m 0755 "$top/lib/libtcpcrypt.so.0" "$work/bin/libtcpcrypt.so.0"
make -s -C "$top/tools/tcpcryptctl" >&2
cp "$top/tools/tcpcryptctl/tcpcryptctl" "$work/bin/"

# VM_EXTRA_ENV: shell lines the guest's harness sources. The knobs of the
# adversarial lane reach the guest from the environment too (segtest's
# selection, kfuzz's time, faultinject's and segtest's full sets).
[ -z "${VM_VERBOSE:-}" ] || VM_EXTRA_ENV="${VM_EXTRA_ENV:+$VM_EXTRA_ENV
}VM_VERBOSE=1"
for v in KERNEL VM_DEBUG_TIMEOUT_SCALE SEGTEST SEGTEST_ALL SEGTEST_VERBOSE KFUZZ_TIME FAULTINJECT FAULTINJECT_ALL LANE_ALL; do
	eval "val=\${$v:-}"
	[ -z "$val" ] || VM_EXTRA_ENV="${VM_EXTRA_ENV:+$VM_EXTRA_ENV
}export $v='$val'"
done
# The host's root, read-only: the guest can read it (the deb_install test
# builds an overlay on it) but never change a file of the host.
hostroot=()
if [ -n "${VM_HOSTROOT:-}" ]; then
	hostroot=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap")
	VM_EXTRA_ENV="${VM_EXTRA_ENV:+$VM_EXTRA_ENV
}export VM_HOSTROOT=1 VM_TOP='$top'"
fi
export VM_EXTRA_ENV
"$here/mkinitramfs.sh" "$testdir" "$work/initramfs.cpio" "$KVER" "$MODDIR" "$work/src/kmod" "$work/bin" "$@"

# A soft lockup panics the guest (softlockup_panic=1) and shows its trace
# (loglevel=5), rather than hanging until the budget runs out. The log
# buffer is large, so that no test's lines are overwritten before the
# harness scans them. noirqdebug: under TCG the threaded 8250 interrupt of
# a PREEMPT_RT guest falls behind, the spurious-interrupt detector then
# disables the IRQ of the port that carries the results ("irq 3: nobody
# cared") and the guest stalls until its budget runs out.

# Guest-wide time budget: boot plus each test's own timeout.
. "$here/guest/timeout.sh"
budget=60
for t in "$@"; do
	tmo=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$testdir/$t.sh")
	budget=$((budget + ${tmo:-120} * $(timeout_scale "$testdir/$t.sh") + 10))
done
budget=${VM_BUDGET:-$budget}

console=$work/console.log
tapf=$work/tap.txt
rm -f "$work/console.boot1.log"
grep -v '^#' "$here/bad-patterns.txt" > "$work/bad-patterns"
# A guest kernel that reports a bug while it boots, before the harness has
# run anything (a KASAN report from an early interrupt under TCG has been
# seen once), is stopped as the harness starts and booted a second time;
# on the second boot such a report fails the run as any other would.
for boot in 1 2; do
rm -f "$work/bootbug"
: > "$console"
# A third serial port (ttyS2) takes what kfuzz injects, as it goes, so
# that a panic leaves its last inputs behind.
: > "$work/ttyS2.log"
: > "$tapf"
echo "vmtest: booting $VMLINUZ with $# test(s), budget ${budget}s" >&2
start=$(date +%s)
timeout -k 10 "$budget" qemu-system-x86_64 \
	-machine q35 -accel tcg,thread=multi -cpu max \
	-smp "${SMP:-2}" -m "${MEM:-1G}" \
	-nodefaults -no-user-config -display none -no-reboot \
	-serial "file:$console" -serial "file:$tapf" -serial "file:$work/ttyS2.log" \
	-kernel "$VMLINUZ" -initrd "$work/initramfs.cpio" "${hostroot[@]}" \
	-append "console=ttyS0 noirqdebug panic=-1 oops=panic softlockup_panic=1 loglevel=5 log_buf_len=8M rdinit=/init ${VM_APPEND:-}" \
	</dev/null >"$work/qemu.out" 2>&1 &
qpid=$!
trap 'kill -9 $qpid 2>/dev/null || true' EXIT INT TERM
if [ $boot -eq 1 ]; then
	(
		until grep -q 'VMTEST: START' "$console" 2>/dev/null; do
			kill -0 $qpid 2>/dev/null || exit 0
			sleep 1
		done
		if sed -n '/VMTEST: START/q;p' "$console" | grep -q -F -f "$work/bad-patterns"; then
			touch "$work/bootbug"
			kill -9 $qpid
		fi
	) &
fi
# Progress on stderr while the guest runs.
tail -n +1 -F --pid=$qpid "$tapf" 2>/dev/null | grep --line-buffered -E '^(not )?ok ' >&2 &
wait $qpid && qrc=0 || qrc=$?
trap - EXIT INT TERM
elapsed=$(($(date +%s) - start))
if [ -e "$work/bootbug" ]; then
	cp "$console" "$work/console.boot1.log"
	echo "vmtest: the kernel reported a bug while booting, before any test:" >&2
	sed -n '/VMTEST: START/q;p' "$console" | tr -d '\r' | grep -F -f "$work/bad-patterns" | head -n 2 >&2
	echo "vmtest: booting once more (that boot's console: $work/console.boot1.log)" >&2
	continue
fi
break
done

tr -d '\r' < "$tapf" > "$work/tap.clean"
done_seen=0
grep -q '^# VMTEST-DONE' "$work/tap.clean" && done_seen=1
grep '^#K ' "$work/tap.clean" | cut -c4- > "$work/dmesg.txt" || true
grep '^#L ' "$work/tap.clean" | cut -c4- > "$work/kmemleak.txt" || true
# Files the tests left in the guest's /tmp/artifacts.
rm -rf "$work/artifacts"
awk -v dir="$work/artifacts" '
	/^#A-BEGIN / { f = dir "/" $2 "/" $3; system("mkdir -p \"" dir "/" $2 "\""); printf "" > f; next }
	/^#A-END/ { close(f); f = ""; next }
	/^#A / && f != "" { print substr($0, 4) >> f }' "$work/tap.clean"
if [ -d "$work/artifacts" ]; then
	for f in "$work"/artifacts/*/*; do
		base64 -d < "$f" > "$f.tmp" && mv "$f.tmp" "$f"
	done
	echo "vmtest: artifacts in $work/artifacts" >&2
fi

n=$(( $# + 1 ))
passed=0 failed=0
echo "TAP version 13"
echo "1..$n"
i=0
for t in "$@"; do
	i=$((i + 1))
	line=$(grep -E "^(not )?ok $i - $t( |$)" "$work/tap.clean" | head -n 1 || true)
	if [ -z "$line" ]; then
		line="not ok $i - $t: did not report (guest crashed or timed out)"
	fi
	# Parts of the test (KUnit cases) as indented subtests.
	sed -n "s/^## sub $i \(.*\)/    \1/p" "$work/tap.clean"
	echo "$line"
	case $line in
	"not ok"*) failed=$((failed + 1)) ;;
	*) passed=$((passed + 1)) ;;
	esac
	# The guest's output for a test follows its line: always for a failed
	# test, for every test with VM_VERBOSE.
	if [ -n "${VM_VERBOSE:-}" ] || [ "${line#not ok}" != "$line" ]; then
		awk -v id="$i" '$1 == "ok" || $1 == "not" { show = ($2 == id || $3 == id); next }
			show && /^# / && !/^#K / && !/^#L / && !/^#A/ && !/^# VMTEST-DONE/ { print }' "$work/tap.clean"
	fi
done

# Last check: the kernel log of the whole run and the console.
problems=""
# (an `if`: under set -e a failing test inside $(...) would end the script
# here, and a guest that panicked would go unreported)
if [ $done_seen -ne 1 ]; then
	problems="guest did not finish (qemu status $qrc"
	[ $qrc -ne 124 ] || problems="$problems, timed out after ${budget}s"
	problems="$problems)"
fi
hit=$(cat "$work/dmesg.txt" "$console" | grep -F -f <(grep -v '^#' "$here/bad-patterns.txt") | head -n 3 || true)
[ -z "$hit" ] || problems="${problems:+$problems; }kernel log: $(echo "$hit" | head -n 1)"
[ ! -s "$work/kmemleak.txt" ] || problems="${problems:+$problems; }kmemleak reported leaks"
if [ -z "$problems" ]; then
	echo "ok $n - kernel log of the whole run is clean"
	passed=$((passed + 1))
else
	echo "not ok $n - kernel log of the whole run: $problems"
	failed=$((failed + 1))
	echo "# --- console (last 80 lines) ---"
	tail -n 80 "$console" | tr -d '\r' | sed 's/^/# /'
	[ -s "$work/dmesg.txt" ] && { echo "# --- kernel log (last 80 lines) ---"; tail -n 80 "$work/dmesg.txt" | sed 's/^/# /'; }
	[ -s "$work/kmemleak.txt" ] && { echo "# --- kmemleak ---"; head -n 80 "$work/kmemleak.txt" | sed 's/^/# /'; }
fi
# kfuzz: its coverage as kmod/*.c lines and its crash reproducers.
case " $* " in
*" kfuzz "*) "$here/kfuzz-report.sh" "$work" "$problems" >&2 || true ;;
esac
echo "# vmtest: $passed passed, $failed failed in ${elapsed}s (kernel $KVER)"
[ $failed -eq 0 ]
