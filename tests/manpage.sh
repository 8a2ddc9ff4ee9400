#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcpcryptctl --help and tcpcryptctl(8) name the same commands and the same
# options: each one of either must appear in the other, so that they
# cannot drift apart.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
tool=${TCPCRYPTCTL:-$top/tools/tcpcryptctl/tcpcryptctl}
man=${TCPCRYPTCTL_MAN:-$top/tools/tcpcryptctl/tcpcryptctl.8}
bad=0

help=$("$tool" --help) || { echo "FAILED: tcpcryptctl --help"; exit 1; }
# Commands: the first word of each line under "Commands:".
help_cmds=$(echo "$help" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9]*\)\( .*\)\{0,1\}$/\1/p')
help_opts=$(echo "$help" | grep -o -E '(^|[ ,|[])--?[a-z][-a-z]*' | sed 's/^[ ,|[]//' | sort -u)
# The man page: headings (the line after .TP) outside .RS nests, in the
# COMMANDS section for commands, in OPTIONS and COMMANDS for options;
# roff's \- is a plain -.
headings() {
	awk -v sec="$1" '
		/^\.SH/ { cur = $2; next }
		/^\.RS/ { depth++ } /^\.RE/ { depth-- }
		cur == sec && depth == 0 && tp { print } { tp = /^\.TP/ }' "$man" |
		sed 's/\\-/-/g'
}
man_cmds=$(headings COMMANDS | sed -n 's/^\.B[IR]\{0,1\} \{1,\}"\{0,1\}\([a-z][a-z0-9]*\).*/\1/p' | sort -u)
man_opts=$( { headings OPTIONS; headings COMMANDS; } | grep -o -E '(^|[ "|[])--?[a-z][-a-z]*' |
	sed 's/^[ "|[]//' | sort -u)

check() {	# check WHAT FROM-NAME TO-NAME ITEMS TO-TEXT
	local i
	for i in $4; do
		if grep -q -F -x -e "$i" <<< "$5"; then
			echo "ok: $1 $i of $2 is in $3"
		else
			echo "FAILED: $1 $i of $2 is not in $3"
			bad=1
		fi
	done
}
[ -n "$help_cmds" ] && [ -n "$man_cmds" ] && [ -n "$help_opts" ] && [ -n "$man_opts" ] ||
	{ echo "FAILED: found no commands or options"; exit 1; }
check command --help "the man page" "$help_cmds" "$man_cmds"
check command "the man page" --help "$man_cmds" "$help_cmds"
check option --help "the man page" "$help_opts" "$man_opts"
check option "the man page" --help "$man_opts" "$help_opts"
exit $bad
