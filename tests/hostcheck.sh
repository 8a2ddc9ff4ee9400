#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks that building and testing leave the host as it was: /etc, /usr/src,
# /var/lib/dkms and /lib/modules must not change (installing Debian packages
# is the one change allowed, and tests/deps.sh does it before any snapshot).
#
#   tests/hostcheck.sh save FILE       record the state of those trees
#   tests/hostcheck.sh compare FILE    fail, naming each path that changed
#   tests/hostcheck.sh run CMD...      CMD between a save and a compare;
#                                      fails when CMD fails or the host changed
#
# A snapshot is one line per path: type, mode, owner, size, mtime, link
# target, and the SHA-256 of regular files up to 1 MiB (larger ones, kernel
# modules and source tarballs, are compared by size and mtime).
set -uo pipefail

trees=${HOSTCHECK_TREES:-/etc /usr/src /var/lib/dkms /lib/modules}
max_hash=$((1024 * 1024))

snapshot() {
	local t list
	list=$(mktemp)
	for t in $trees; do
		[ -e "$t" ] || { echo "$t absent"; continue; }
		# -H: /lib may be a symlink (merged /usr); follow only the roots.
		find -H "$t" -printf '%p\t%y %m %u:%g %s %T@ %l\n' 2>/dev/null
	done | LC_ALL=C sort > "$list"
	# Hash the small regular files in one batch (one process per file
	# would take minutes), then attach each hash to its path's line.
	LC_ALL=C join -t $'\t' -a 1 -e - -o 0,1.2,2.2 "$list" <(
		for t in $trees; do
			[ -e "$t" ] && find -H "$t" -type f -size -$((max_hash / 1024 + 1))k -print0 2>/dev/null
		done | xargs -0 -r sha256sum 2>/dev/null |
			sed -n 's/^\([0-9a-f]\{64\}\)  \(.*\)$/\2\t\1/p' | LC_ALL=C sort -t $'\t' -k1,1) |
		awk -F'\t' -v OFS='\t' '{ print $1, $2 " " $3 }'
	rm -f "$list"
}

# The packages installed at the time: a change there explains, but does not
# excuse, a change in the trees (someone else installed packages meanwhile).
dpkg_state() {
	sha256sum /var/lib/dpkg/status 2>/dev/null | cut -d' ' -f1
}

save() {
	{ echo "#dpkg $(dpkg_state)"; snapshot; } > "$1.tmp" && mv "$1.tmp" "$1"
}

compare() {
	local old=$1 new
	[ -r "$old" ] || { echo "hostcheck: no snapshot $old" >&2; return 2; }
	new=$(mktemp)
	{ echo "#dpkg $(dpkg_state)"; snapshot; } > "$new"
	# Paths only in one snapshot, then paths whose attributes differ.
	LC_ALL=C join -t $'\t' -a 1 -a 2 -e '(absent)' -o 0,1.2,2.2 \
		<(grep -v '^#' "$old") <(grep -v '^#' "$new") |
		awk -F'\t' '$2 != $3 {
			if ($2 == "(absent)") print "added:   " $1
			else if ($3 == "(absent)") print "removed: " $1
			else print "changed: " $1 "  (" $2 " -> " $3 ")"
			n++
		} END { exit n > 0 }' > "$new.diff"
	local rc=$?
	if [ $rc -ne 0 ]; then
		echo "hostcheck: the host changed under $trees:"
		cat "$new.diff"
		[ "$(head -n 1 "$old")" = "$(head -n 1 "$new")" ] ||
			echo "hostcheck: note: /var/lib/dpkg/status changed too (packages were installed or removed meanwhile)"
	else
		echo "hostcheck: $trees unchanged ($(grep -vc '^#' "$new") paths)"
	fi
	rm -f "$new" "$new.diff"
	return $rc
}

case ${1:-} in
save)
	[ $# -eq 2 ] || { echo "usage: $0 save FILE" >&2; exit 2; }
	save "$2"
	;;
compare)
	[ $# -eq 2 ] || { echo "usage: $0 compare FILE" >&2; exit 2; }
	compare "$2"
	;;
run)
	shift
	[ $# -ge 1 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
	snap=$(mktemp)
	trap 'rm -f "$snap"' EXIT
	save "$snap"
	"$@"
	rc=$?
	compare "$snap" || rc=1
	exit $rc
	;;
*)
	echo "usage: $0 save FILE | compare FILE | run CMD..." >&2
	exit 2
	;;
esac
