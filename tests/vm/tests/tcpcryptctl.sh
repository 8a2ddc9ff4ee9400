# SPDX-License-Identifier: GPL-2.0
# tcpcryptctl stats: output formats, exit codes and error messages.
. /vm/lib.sh

set +e
out=$(tcpcryptctl stats 2>&1); rc=$?
set -e
assert_eq "$rc" 3 "exit status without the module"
echo "$out" | grep -q "modprobe tcpcrypt" || fail "no hint how to load the module: $out"

pair a b
tc_load
mkdata /tmp/data 64
transfer a b 10.0.0.2 /tmp/data
out=$(nsx a tcpcryptctl stats)
echo "$out"
echo "$out" | grep -q -E '^OutSyns +1$' || fail "stats does not show OutSyns 1"
assert_eq "$(echo "$out" | wc -l)" "$(nsx a cat /proc/net/tcpcrypt_stat | wc -l)" "one line per counter"
json=$(nsx a tcpcryptctl stats --json)
echo "$json"
echo "$json" | grep -q -E '^\{"TcpcryptOutSegs": [0-9]+, .*"TcpcryptOutSyns": 1,.*\}$' || fail "bad JSON: $json"

set +e
tcpcryptctl stats --bogus 2> /tmp/err; rc=$?
set -e
assert_eq "$rc" 2 "exit status on a bad option"
grep -q "valid: --json" /tmp/err || fail "bad option message does not list the valid ones"
set +e
tcpcryptctl frobnicate 2> /tmp/err; rc=$?
set -e
assert_eq "$rc" 2 "exit status on an unknown command"
grep -q "unknown command 'frobnicate'" /tmp/err || fail "unknown command not named"
tcpcryptctl --version | grep -q -E '^tcpcryptctl [0-9]+\.[0-9]+' || fail "no version"
