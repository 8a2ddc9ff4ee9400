# SPDX-License-Identifier: GPL-2.0
# modinfo describes the module and its parameters; it matches the kernel.
# check: stock debug
. /vm/lib.sh

info=$(modinfo tcpcrypt)
echo "$info"
echo "$info" | grep -q '^license: *GPL$' || fail "licence is not GPL"
echo "$info" | grep -q '^description: *tcpcrypt' || fail "no description"
echo "$info" | grep -q '^version: *[0-9]' || fail "no version"
# One parameter per setting, named as its sysctl; the old name says so.
for p in $(ls /proc/sys/net/tcpcrypt); do
	echo "$info" | grep -q "^parm: *$p:Initial $p " || fail "setting $p has no module parameter of its name"
done
echo "$info" | grep -q '^parm: *enable:Deprecated: use enabled' || fail "parameter enable is not marked deprecated"
vermagic=$(echo "$info" | sed -n 's/^vermagic: *\([^ ]*\).*/\1/p')
assert_eq "$vermagic" "$(uname -r)" "vermagic"
# Every documented parameter really exists: no parameter without a description.
for p in $(echo "$info" | sed -n 's/^parm: *\([^:]*\):.*/\1/p'); do
	echo "$info" | grep -q "^parm: *$p:.\{20,\}" || fail "parameter $p has no real description"
done
