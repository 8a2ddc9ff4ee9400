#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of kfuzz, after a VM run: turn the module PCs kfuzz reached
# (artifacts/kfuzz/kcov-pcs.txt, "SECTION OFFSET" of tcpcrypt.ko, return
# addresses of __sanitizer_cov_trace_pc calls) into kmod/*.c lines and the
# share of the instrumented lines reached, and keep the run's crash
# reproducers in tests/vm/kfuzz/crashes/.
#
# usage: kfuzz-report.sh WORKDIR [PROBLEMS]
#   WORKDIR   build/vm/<kver> of the run
#   PROBLEMS  run.sh's verdict on the kernel log ("" when clean)
set -uo pipefail

work=$1 problems=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
art=$work/artifacts/kfuzz
ko=$work/src/kmod/tcpcrypt.ko
crashes=$here/kfuzz/crashes
stamp=$(date -u +%Y%m%d-%H%M%S)
kver=$(basename "$work")

# Crash reproducers: those kfuzz wrote on a kernel report, else (the guest
# panicked before it could) the tail of what it logged on ttyS2.
saved=0
for f in "$art"/crash-*.repro; do
	[ -f "$f" ] || continue
	cp "$f" "$crashes/$stamp-$kver-$(basename "$f")"
	echo "kfuzz: reproducer saved: $crashes/$stamp-$kver-$(basename "$f")"
	saved=$((saved + 1))
done
if [ -n "$problems" ] && [ $saved -eq 0 ] && [ -s "$work/ttyS2.log" ]; then
	out=$crashes/$stamp-$kver-panic.repro
	{
		echo "# kfuzz: the last segments injected before: $problems"
		tr -d '\r' < "$work/ttyS2.log" | grep -a -E '^(P [AB] [0-9a-f]+|S [0-9]+|# .*)$' | tail -n 400
	} > "$out"
	echo "kfuzz: reproducer saved: $out"
fi

# Coverage.
pcs=$art/kcov-pcs.txt
if [ ! -s "$pcs" ]; then
	echo "kfuzz: no kcov PCs (kernel without KCOV): see the counters in the test's output"
	exit 0
fi
[ -f "$ko" ] || { echo "kfuzz: no $ko" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Every instrumented site: the return address of each call to
# __sanitizer_cov_trace_pc, by section (the relocation is 1 byte into the
# 5-byte call).
objdump -dr "$ko" | awk '
	/^Disassembly of section / { sec = $4; sub(":$", "", sec); next }
	/R_X86_64_(PLT|PC)32[ \t]+__sanitizer_cov_trace_pc/ { sub(":$", "", $1); print sec, $1 }' |
	while read -r sec off; do printf '%s %#x\n' "$sec" $((0x$off + 4)); done > "$tmp/all.txt"
# line of "SECTION RET" = line of the call (RET - 1)
lines() {
	awk '{ print $1 }' "$1" | sort -u | while read -r sec; do
		[ "$sec" = "?" ] && continue
		awk -v s="$sec" '$1 == s { print $2 }' "$1" | while read -r a; do
			printf '%#x\n' $((a - 1))
		done | addr2line -f -e "$ko" -j "$sec" | paste - -
	done | sed 's/ (discriminator.*//' | awk '
		# "FUNC FILE:LINE"; without line tables (a kernel built without
		# debug info) the unit is the function: "FILE:FUNC()"
		{ n = split($2, a, ":"); f = a[1]; sub(".*/kmod/", "", f); sub("^kmod/", "", f)
		  if (f == "??" || f !~ /\.c$/) next
		  if (a[2] == "?" || a[2] == "") print "kmod/" f ":" $1 "()"; else print "kmod/" f ":" a[2] }' | sort -u
}
lines "$tmp/all.txt" > "$tmp/all.lines"
grep -v '^#' "$pcs" > "$tmp/hit.txt"
lines "$tmp/hit.txt" > "$tmp/hit.lines"
report=$work/kfuzz-coverage.txt
{
	echo "# kmod/*.c lines (functions, if the module has no line tables) with a coverage callback reached by kfuzz ($(date -u))"
	echo "# file reached/instrumented percent"
	awk -F: 'NR == FNR { hit[$0] = 1; next } { n[$1]++; if ($0 in hit) h[$1]++ }
		END { for (f in n) printf "%s %d/%d %.1f%%\n", f, h[f], n[f], 100 * h[f] / n[f] }' \
		"$tmp/hit.lines" "$tmp/all.lines" | sort
	awk 'NR == FNR { hit[$0] = 1; next } { n++; if ($0 in hit) h++ }
		END { printf "TOTAL %d/%d %.1f%%\n", h, n, 100 * h / n }' "$tmp/hit.lines" "$tmp/all.lines"
	echo "# lines not reached:"
	comm -23 "$tmp/all.lines" "$tmp/hit.lines"
} > "$report"
sed -n '1,/^TOTAL/p' "$report"
echo "kfuzz: coverage report (with the lines not reached) in $report"
