#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: build checks, unit tests, fuzzing, the VM harness self-test
# and every VM test. Each step's log is in build/check/; a failing step
# prints its log. Ends with one line: "N passed, N failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$top/build/check
rm -rf "$logs"
mkdir -p "$logs"
passed=0 failed=0

. tests/vm/kernel.sh

pass() { passed=$((passed + ${2:-1})); echo "ok: $1"; }
failn() {
	failed=$((failed + ${3:-1}))
	echo "FAILED: $1 (log: $2)"
	# A failed VM test's own output follows its "not ok" line and may be
	# far from the end of a long log: show it first, then the tail.
	awk '/^ *not ok /{ show = 1; print; next } /^ *ok /{ show = 0 }
		show && /^ *# / && n++ < 80 { print }' "$2" | sed 's/^/    /'
	tail -n 40 "$2" | sed 's/^/    /'
}

# step NAME LOG CMD...: one check that passes when CMD exits 0.
step() {
	local name=$1 log=$2
	shift 2
	local t0=$SECONDS
	if "$@" > "$log" 2>&1; then
		pass "$name ($((SECONDS - t0))s)"
	else
		failn "$name ($((SECONDS - t0))s)" "$log"
	fi
}

# A fresh copy of the module sources, so that every file is compiled.
fresh_src() {
	rm -rf "$1"
	mkdir -p "$1"
	find Kbuild kmod include -name Kbuild -o -name 'Kbuild.*' -o -name '*.[ch]' |
		xargs cp --parents -t "$1"
}

# Build the module with extra make flags; fail on any diagnostic.
build_clean() {
	local dir=$logs/src-$1
	shift
	fresh_src "$dir"
	make -j"$(nproc)" -C "${BUILD_KDIR:-$KDIR}" M="$dir" modules "$@" 2>&1 | tee "$dir.out"
	[ "${PIPESTATUS[0]}" -eq 0 ] || return 1
	! grep -E '(warning|error):' "$dir.out"
}

# Against Debian's PREEMPT_RT headers, unpacked into the cache.
build_rt() {
	wait $rt_pid || { cat "$logs/rt-kernel.log"; return 1; }
	BUILD_KDIR=$(ls -d "$(tail -n 1 "$logs/rt-kernel.log")"/usr/src/linux-headers-*-rt-amd64) \
		build_clean w1-rt W=1
}

# The debug kernel is Linux 6.12 (Debian's linux-source-6.12): the module
# and its KUnit module, which exists only on a KUnit kernel, build there.
build_debug() { BUILD_KDIR="$DEBUG_DIR/src" build_clean w1-debug W=1; }

check_uapi() {
	local h=include/uapi/linux/tcpcrypt.h
	printf '#include <linux/tcpcrypt.h>\nconst char *tcpcrypt_stat_file = TCPCRYPT_PROC_STAT;\n' > "$logs/uapi.c"
	gcc -std=c99 -Wall -Wextra -pedantic -Werror -Iinclude/uapi -fsyntax-only "$logs/uapi.c" &&
	g++ -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror -Iinclude/uapi -fsyntax-only "$logs/uapi.c" &&
	grep -q 'SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note' "$h"
}

# Fuzz corpus files are raw inputs with no room for a comment: the SPDX
# line of tests/fuzz/corpus/README covers them.
check_spdx() {
	local f bad=0
	for f in $(git ls-files 2>/dev/null || find . -type f -not -path './build/*' -not -path './.git/*'); do
		case $f in tests/fuzz/corpus/*/*) continue ;; esac
		head -n 3 "$f" | grep -q 'SPDX-License-Identifier:' || { echo "no SPDX line: $f"; bad=1; }
	done
	[ $bad -eq 0 ]
}

check_version() {
	local pkg mod
	pkg=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
	mod=$(sed -n 's/^#define TCPCRYPT_VERSION "\(.*\)"/\1/p' kmod/tcpcrypt.h)
	echo "dkms.conf $pkg, module $mod"
	[ -n "$pkg" ] && [ "$pkg" = "$mod" ]
}

# make install into a staging tree: exactly the expected files, a module
# for KDIR's kernel indexed by depmod there, a usable pkg-config file; make
# uninstall takes it all out again.
check_install() {
	local d=$logs/install/dest m=lib/modules/$KVER f
	rm -rf "$logs/install"
	# Built first on every CPU: make install's own build is serial.
	make -j"$(nproc)" module KDIR="$KDIR" && make install KDIR="$KDIR" DESTDIR="$d" || return 1
	(cd "$d" && find . -type f | sed 's|^\./||' | grep -v "^$m/modules\." | LC_ALL=C sort) > "$logs/install/files"
	LC_ALL=C sort > "$logs/install/expected" <<-EOF
		$m/extra/tcpcrypt/kmod/tcpcrypt.ko
		usr/local/include/libtcpcrypt.h
		usr/local/include/linux/tcpcrypt.h
		usr/local/include/tcpcrypt/tcpcrypt.h
		usr/local/lib/libtcpcrypt.a
		usr/local/lib/libtcpcrypt.so.0.1.0
		usr/local/lib/pkgconfig/libtcpcrypt.pc
		usr/local/lib/pkgconfig/tcpcrypt.pc
		usr/local/sbin/tcpcryptctl
		usr/local/share/bash-completion/completions/tcpcryptctl
		usr/local/share/man/man8/tcpcryptctl.8
	EOF
	diff -u "$logs/install/expected" "$logs/install/files" || { echo "installed files differ"; return 1; }
	grep -q "^extra/tcpcrypt/kmod/tcpcrypt.ko:" "$d/$m/modules.dep" || { echo "depmod -b did not index the module"; return 1; }
	modinfo -F vermagic "$d/$m/extra/tcpcrypt/kmod/tcpcrypt.ko" | grep -q "^$KVER " || { echo "module not built for $KVER"; return 1; }
	# An application finds the installed header through pkg-config.
	f=$(PKG_CONFIG_PATH="$d/usr/local/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$d" pkg-config --cflags tcpcrypt) &&
		f=${f% } && echo "pkg-config --cflags tcpcrypt: $f" &&
		[ "$f" = "-I$d/usr/local/include" ] &&
		echo "#include <linux/tcpcrypt.h>" | gcc -Wall -Werror -fsyntax-only $f -xc - || { echo "tcpcrypt.pc unusable"; return 1; }
	check_install_lib "$d" || return 1
	make uninstall KDIR="$KDIR" DESTDIR="$d" || return 1
	f=$(find "$d" -type f -o -type l)
	[ -z "$f" ] || { echo "left after make uninstall:"; echo "$f"; return 1; }
}

# libtcpcrypt installed under $1: the soname's links, and the examples
# built through libtcpcrypt.pc against the shared library (the v0.2 one
# with v0.2's header) and the static one.
check_install_lib() {
	local d=$1 l=$1/usr/local/lib f e
	[ "$(readlink "$l/libtcpcrypt.so.0")" = libtcpcrypt.so.0.1.0 ] &&
		[ "$(readlink "$l/libtcpcrypt.so")" = libtcpcrypt.so.0 ] || { echo "libtcpcrypt.so links"; return 1; }
	export PKG_CONFIG_PATH=$l/pkgconfig PKG_CONFIG_SYSROOT_DIR=$d
	f=$(pkg-config --cflags --libs libtcpcrypt) && f=${f% } && echo "pkg-config --cflags --libs libtcpcrypt: $f" &&
		[ "$f" = "-I$d/usr/local/include -L$l -ltcpcrypt" ] || { echo "libtcpcrypt.pc unusable"; return 1; }
	for e in sessid v02_client; do
		# shellcheck disable=SC2086 # word list
		gcc -Wall -Werror -o "$logs/install/$e" examples/$e.c $f &&
			readelf -d "$logs/install/$e" | grep -q 'NEEDED.*\[libtcpcrypt\.so\.0\]' ||
			{ echo "$e does not build against the installed libtcpcrypt.so"; return 1; }
	done
	# shellcheck disable=SC2086 # word list
	gcc -Wall -Werror -o "$logs/install/sessid_server" examples/sessid_server.c \
		$(pkg-config --cflags libtcpcrypt) "$l/libtcpcrypt.a" ||
		{ echo "sessid_server does not build against libtcpcrypt.a"; return 1; }
	unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
}

# make dkms-install / dkms-uninstall with private dkms trees: dkms gets a
# clean export, builds and installs for KDIR's kernel, signs with a key of
# our own; nothing goes to /usr/src, /var/lib/dkms or /lib/modules.
check_dkms() {
	local p=$logs/dkms ver ko left
	[ "$(id -u)" -eq 0 ] || { echo "dkms check needs root (dkms refuses to add otherwise)"; return 1; }
	# With modprobe_on_install set, dkms install would load the module into
	# this host's kernel: never.
	if cat /etc/dkms/framework.conf /etc/dkms/framework.conf.d/*.conf 2>/dev/null |
		grep -q '^[[:space:]]*modprobe_on_install=.'; then
		echo "dkms's framework.conf sets modprobe_on_install: not running dkms install here"
		return 1
	fi
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
	rm -rf "$p"
	mkdir -p "$p/root/lib/modules/$KVER"
	local args=(KDIR="$KDIR" DESTDIR="$p/dest" DKMS_SOURCE_TREE="$p/src" DKMS_TREE="$p/dkms"
		DKMS_INSTALL_TREE="$p/root/lib/modules" DKMS_EXTRA_FLAGS=--no-depmod)
	# dkms takes its signing key from these as from framework.conf; without
	# them it would create /var/lib/dkms/mok.key.
	mok_signing_key=$p/mok.key mok_certificate=$p/mok.pub make dkms-install "${args[@]}" || return 1
	ko=$p/root/lib/modules/$KVER/updates/dkms/tcpcrypt.ko
	dkms status --dkmstree "$p/dkms" -m tcpcrypt -v "$ver" | tee /dev/stderr | grep -q "$KVER.*: installed" &&
		modinfo -F vermagic "$ko" | grep -q "^$KVER " || { echo "dkms did not install $ko for $KVER"; return 1; }
	if [ -e "$p/mok.key" ]; then
		modinfo -F signer "$ko" | grep -q . || { echo "dkms made a key but did not sign"; return 1; }
	fi
	left=$(find "$p/src/tcpcrypt-$ver" -name .git -o -name build -o -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' -o -name tests)
	[ -z "$left" ] || { echo "the dkms source is not a clean export:"; echo "$left"; return 1; }
	[ -f "$p/src/tcpcrypt-$ver/dkms.conf" ] && [ -x "$p/dest/usr/local/sbin/tcpcryptctl" ] || return 1
	make dkms-uninstall "${args[@]}" || return 1
	left=$(dkms status --dkmstree "$p/dkms" -m tcpcrypt; find "$p/src" "$p/root" "$p/dest" -type f)
	[ -z "$left" ] || { echo "left after make dkms-uninstall:"; echo "$left"; return 1; }
}

# make deb: the four packages at dkms.conf's version with their files
# (make deb itself fails unless lintian passes), and the bash completion.
check_deb() {
	local ver arch d=build/deb p deb f
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
	arch=$(dpkg --print-architecture)
	f=$(dpkg-parsechangelog -l debian/changelog -S Version)
	echo "dkms.conf $ver, debian/changelog $f"
	[ -n "$ver" ] && [ "$f" = "$ver" ] || { echo "debian/changelog is not at dkms.conf's version"; return 1; }
	bash -n tools/tcpcryptctl/tcpcryptctl.bash-completion && tests/completion.sh || return 1
	make deb || return 1
	for p in tcpcrypt-dkms_all tcpcryptctl_$arch tcpcrypt-dev_$arch libtcpcrypt0_$arch; do
		deb=$d/${p%_*}_${ver}_${p#*_}.deb
		[ -f "$deb" ] && [ "$(dpkg-deb -f "$deb" Package)" = "${p%_*}" ] &&
			[ "$(dpkg-deb -f "$deb" Version)" = "$ver" ] || { echo "no ${p%_*} $ver in $d"; return 1; }
		dpkg-deb --contents "$deb" | awk '{ print $6 }' | sed 's|^\./||' > "$logs/deb-${p%_*}.files"
	done
	f=$logs/deb-tcpcrypt-dkms.files
	grep -qx "usr/src/tcpcrypt-$ver/dkms.conf" "$f" && grep -qx "usr/src/tcpcrypt-$ver/kmod/main.c" "$f" ||
		{ echo "tcpcrypt-dkms lacks dkms.conf or kmod/main.c"; return 1; }
	! grep -E '\.(o|ko|cmd|mod)$|\.mod\.c$|(^|/)\.git(/|$)' "$f" || { echo "build products in tcpcrypt-dkms"; return 1; }
	dpkg-deb --fsys-tarfile "$d/tcpcrypt-dkms_${ver}_all.deb" | tar -xO "./usr/src/tcpcrypt-$ver/dkms.conf" |
		cmp - dkms.conf || { echo "tcpcrypt-dkms's dkms.conf is not the tree's"; return 1; }
	dpkg-deb -f "$d/tcpcrypt-dkms_${ver}_all.deb" Depends | grep '^dkms' &&
		dpkg-deb -I "$d/tcpcrypt-dkms_${ver}_all.deb" postinst | grep -x 'DKMS_NAME=tcpcrypt' ||
		{ echo "tcpcrypt-dkms is not registered with dkms (dh_dkms)"; return 1; }
	for f in usr/sbin/tcpcryptctl usr/share/man/man8/tcpcryptctl.8.gz \
		usr/share/bash-completion/completions/tcpcryptctl; do
		grep -qx "$f" "$logs/deb-tcpcryptctl.files" || { echo "tcpcryptctl lacks $f"; return 1; }
	done
	for f in usr/include/linux/tcpcrypt.h usr/share/pkgconfig/tcpcrypt.pc; do
		grep -qx "$f" "$logs/deb-tcpcrypt-dev.files" || { echo "tcpcrypt-dev lacks $f"; return 1; }
	done
	dpkg-deb --fsys-tarfile "$d/tcpcrypt-dev_${ver}_$arch.deb" | tar -xO ./usr/share/pkgconfig/tcpcrypt.pc |
		grep -x 'includedir=/usr/include' || { echo "tcpcrypt.pc does not point at /usr/include"; return 1; }
	# libtcpcrypt: the shared library alone in libtcpcrypt0, the rest in
	# tcpcrypt-dev, libdir the multiarch one.
	local ma
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	for f in usr/include/libtcpcrypt.h usr/include/tcpcrypt/tcpcrypt.h usr/lib/$ma/libtcpcrypt.a \
		usr/lib/$ma/libtcpcrypt.so usr/lib/$ma/pkgconfig/libtcpcrypt.pc; do
		grep -qx "$f" "$logs/deb-tcpcrypt-dev.files" || { echo "tcpcrypt-dev lacks $f"; return 1; }
	done
	grep -q '^usr/share/doc/tcpcrypt-dev/examples/chanbind\.c' "$logs/deb-tcpcrypt-dev.files" ||
		{ echo "tcpcrypt-dev lacks the examples"; return 1; }
	[ "$(grep '\.so' "$logs/deb-libtcpcrypt0.files" | LC_ALL=C sort | tr '\n' ' ')" = \
		"usr/lib/$ma/libtcpcrypt.so.0 usr/lib/$ma/libtcpcrypt.so.0.1.0 " ] ||
		{ echo "libtcpcrypt0 holds other libraries than libtcpcrypt.so.0"; return 1; }
	dpkg-deb --fsys-tarfile "$d/tcpcrypt-dev_${ver}_$arch.deb" |
		tar -xO "./usr/lib/$ma/pkgconfig/libtcpcrypt.pc" | grep -x "libdir=/usr/lib/$ma" ||
		{ echo "libtcpcrypt.pc does not point at /usr/lib/$ma"; return 1; }
}

# Steps that report their own test counts: TAP ("ok"/"not ok" lines) and
# Check ("NN%: Checks: N, Failures: F, Errors: E").
counted() {
	local name=$1 log=$2
	shift 2
	local t0=$SECONDS rc p f
	# stderr apart: progress lines there must not be counted twice.
	"$@" > "$log" 2> "$log.stderr"
	rc=$?
	# TAP results, subtests (indented, unnumbered) included; skips are
	# neither passed nor failed.
	p=$(grep -E '^ *ok [0-9]* ?-' "$log" | grep -c -v '# SKIP')
	f=$(grep -c -E '^ *not ok [0-9]* ?-' "$log")
	while read -r c fl er; do
		p=$((p + c - fl - er))
		f=$((f + fl + er))
	done < <(sed -n 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log")
	if [ $rc -ne 0 ] && [ $f -eq 0 ]; then
		f=1
	fi
	# After counting: a failed step's log also shows what it said on stderr.
	[ $rc -eq 0 ] || { echo "--- stderr ---"; cat "$log.stderr"; } >> "$log"
	passed=$((passed + p))
	if [ $f -eq 0 ]; then
		echo "ok: $name: $p passed ($((SECONDS - t0))s)"
	else
		failn "$name: $p passed, $f failed ($((SECONDS - t0))s)" "$log" "$f"
	fi
}

# Nothing from here on may change /etc, /usr/src, /var/lib/dkms or
# /lib/modules (packages are installed before, by tests/deps.sh).
tests/hostcheck.sh save "$logs/host.snap"

# The debug kernel (15 minutes of both CPUs when it is not cached) builds in
# the background at the lowest priority: it takes the CPU time that the
# steps before the debug VM tests leave idle (the guest mostly waits on
# timers) and yields to them otherwise. Its step is reported when it ends.
dk_t0=$SECONDS
# Its own session, so that an interrupted check stops the whole build
# (its process group). A new session is a new scheduler autogroup, which
# would share the CPUs equally with this one whatever its nice value:
# the autogroup gets nice 19 too.
setsid sh -c 'echo 19 > /proc/self/autogroup 2>/dev/null; exec nice -n 19 tests/vm/debug-kernel.sh' \
	> "$logs/debug-kernel.log" 2>&1 &
dk_pid=$!
# Debian's PREEMPT_RT kernel and headers, downloaded and unpacked.
setsid sh -c 'echo 19 > /proc/self/autogroup 2>/dev/null; exec nice -n 19 tests/vm/rt-kernel.sh' \
	> "$logs/rt-kernel.log" 2>&1 &
rt_pid=$!
trap 'kill -- -$dk_pid 2>/dev/null; kill -- -$rt_pid 2>/dev/null' EXIT

echo "== build checks (kernel $KVER)"
step "module builds with W=1, no warnings" "$logs/w1.log" build_clean w1 W=1
step "module is clean under sparse (C=2)" "$logs/sparse.log" build_clean sparse C=2
step "tcpcryptctl builds with -Werror" "$logs/tools.log" make -C tools/tcpcryptctl
step "tcpcryptctl --help and its man page name the same commands and options" "$logs/manpage.log" tests/manpage.sh
step "uapi header compiles as C99 and C++11" "$logs/uapi.log" check_uapi
step "every file carries an SPDX line" "$logs/spdx.log" check_spdx
step "dkms.conf and module agree on the version" "$logs/version.log" check_version
step "make install/uninstall DESTDIR=: files, depmod -b, pkg-config" "$logs/install.log" check_install
step "make dkms-install/dkms-uninstall with private dkms trees" "$logs/dkms.log" check_dkms
step "make deb: four packages, lintian clean" "$logs/deb.log" check_deb

echo "== libtcpcrypt"
counted "libtcpcrypt builds with -Werror, its unit test" "$logs/lib.log" make -C lib check

if [ -f tests/unit/Makefile ]; then
	echo "== unit tests"
	counted "unit tests" "$logs/unit.log" make -C tests/unit
fi
if [ -f tests/fuzz/Makefile ]; then
	echo "== fuzzing (bounded)"
	step "fuzz targets, bounded run" "$logs/fuzz.log" make -C tests/fuzz short
	echo "== coverage of kmod/proto (corpora and unit tests)"
	step "parsers reach 90 % line coverage" "$logs/coverage.log" make -C tests/fuzz coverage
	grep '^coverage: ' "$logs/coverage.log" | sed 's/^/    /'
fi

# check_tests stock|debug|rt: the VM tests whose "# check:" line names
# that kernel. The debug kernel runs a share of them (the lane's fuzzing and
# stress, KUnit, the lifetimes, unload and fail-closed tests) and the
# PREEMPT_RT kernel a smaller one (insmod, both suites, resumption, socket
# options, tampering, unload; not the bulk captures, which tcpdump cannot
# keep up with there under TCG), which keeps make check within an hour;
# `make vmtest KERNEL=debug` and `KERNEL=rt` run them all.
check_tests() {
	local f
	for f in tests/vm/tests/*.sh; do
		sed -n 's/^# check: *//p' "$f" | grep -qw "$1" && basename "$f" .sh
	done
}

echo "== VM harness self-test"
counted "VM harness self-test" "$logs/vm-selftest.log" tests/vm/selftest.sh
echo "== VM tests (Debian kernel $KVER)"
counted "VM tests, Debian kernel" "$logs/vmtest.log" tests/vm/run.sh $(check_tests stock)

echo "== Debian's PREEMPT_RT kernel (linux-image-rt-amd64, unpacked into the cache)"
step "module builds with W=1 against the PREEMPT_RT kernel" "$logs/w1-rt.log" build_rt
if [ -f "$logs/src-w1-rt/kmod/tcpcrypt.ko" ]; then
	counted "VM tests, PREEMPT_RT kernel" "$logs/vmtest-rt.log" env KERNEL=rt tests/vm/run.sh $(check_tests rt)
fi

echo "== debug kernel: Linux 6.12 with KASAN, lockdep, kmemleak, KFENCE, UBSAN, KUnit"
if wait $dk_pid; then
	pass "debug kernel is built and up to date ($((SECONDS - dk_t0))s in the background)"
else
	failn "debug kernel is built and up to date ($((SECONDS - dk_t0))s in the background)" "$logs/debug-kernel.log"
fi
if grep -q -e '^debug-kernel: up to date' -e '^debug-kernel: built' "$logs/debug-kernel.log"; then
	. tests/vm/debug-kernel-env.sh
	step "module and KUnit module build with W=1 against the debug kernel (6.12)" \
		"$logs/w1-debug.log" build_debug
	echo "== VM tests (debug kernel, Linux 6.12)"
	counted "VM tests, debug kernel" "$logs/vmtest-debug.log" env KERNEL=debug tests/vm/run.sh $(check_tests debug)
fi

echo "== host"
step "/etc, /usr/src, /var/lib/dkms and /lib/modules unchanged" "$logs/host.log" \
	tests/hostcheck.sh compare "$logs/host.snap"

echo "$passed passed, $failed failed in ${SECONDS}s"
[ $failed -eq 0 ]
