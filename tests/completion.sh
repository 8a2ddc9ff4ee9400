#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcpcryptctl's bash completion, sourced into a bare bash (no
# bash-completion, no rc files): each case gives the words typed so far,
# the last one being completed, and the exact candidates expected.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
comp=$top/tools/tcpcryptctl/tcpcryptctl.bash-completion
bad=0

# expect "WORDS..." "CANDIDATES": the last word is the one under the cursor.
expect() {
	local got
	got=$(bash --norc --noprofile -c '
		set -u
		. "$1"; shift
		COMP_WORDS=(tcpcryptctl $1)
		[[ $1 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="tcpcryptctl $1" COMP_POINT=${#COMP_LINE}
		_tcpcryptctl
		echo "${COMPREPLY[*]}"' sh "$comp" "$1")
	if [ "$got" = "$2" ]; then
		echo "ok: tcpcryptctl $1 -> $2"
	else
		echo "FAILED: tcpcryptctl $1 -> '$got', expected '$2'"
		bad=1
	fi
}

bash -n "$comp" || exit 1
expect "g" "get"
expect "get ca" "cache_max cache_lifetime"
expect "rsakey r" "rotate"
expect " " "show stats get set refresh flush rsakey monitor version help"
expect "-j s" "show stats set"
expect "--ve" "--verbose --version"
expect "show " "dump peer port state"
expect "show dump p" "peer port"
expect "show peer 10.0.0.2 " "port state"
expect "show state e" "encrypting"
expect "show port " ""
expect "stats " "--prometheus"
expect "stats --p" "--prometheus"
expect "monitor -" "--json -j --verbose -v --help -h --version --count -c"
expect "get rsa" "rsa_key"
expect "set en" "enabled"
expect "set enabled " "on off"
expect "set default_cmode always-" "always-nk"
expect "set pubkeys x25519,p" "x25519,p256"
expect "set cache_max 100 ca" "cache_max cache_lifetime"
expect "rsakey rotate " "--every"
expect "rsakey rotate --every " ""
expect "monitor --c" "--count"
expect "monitor --count " ""
# Registered for the command itself.
bash --norc --noprofile -c '. "$1" && complete -p tcpcryptctl' sh "$comp" |
	grep -q -- '-F _tcpcryptctl tcpcryptctl$' || { echo "FAILED: complete -p tcpcryptctl"; bad=1; }
exit $bad
