#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the self-contained initramfs the test guest boots from.
#
# usage: mkinitramfs.sh TESTDIR OUT.cpio KVER MODDIR KODIR BINDIR TEST...
#   TESTDIR where the test scripts are
#   KVER    kernel release the guest runs
#   MODDIR  the /lib/modules/KVER tree of that kernel (modules copied from it)
#   KODIR   the project's modules (tcpcrypt.ko, tcpcrypt_kunit.ko) built
#           against that kernel
#   BINDIR  the project's test binaries (tcpcat, tcpcryptctl, ...)
#   TEST    names of the tests to run, in order
set -euo pipefail

testdir=$1 out=$2 kver=$3 moddir=$4 kodir=$5 bindir=$6
shift 6
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d "${TMPDIR:-/tmp}/tcpcrypt-initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
# mktemp made it 0700: the guest's / must let unprivileged test users in.
chmod 0755 "$root"

# Host tools copied with every shared library ldd names, paths preserved.
tools="/usr/bin/dash /usr/bin/kmod /usr/sbin/ip /usr/sbin/tc /usr/bin/ss
       /usr/bin/iperf3 /usr/bin/tcpdump /usr/bin/timeout /usr/bin/sha256sum
       /usr/bin/setpriv"
# Tools only make bench uses (wg from wireguard-tools, openssl for the
# TLS handshake rates): copied when the host has them; the bench skips a
# row whose tool is missing.
optional_tools="/usr/bin/wg /usr/bin/openssl"
# Kernel modules the tests use, with their dependency closure.
# The crypto ones give the kernel its default RNG (which P-256 key
# generation and the ecdh self-test ask for) and the accelerated drivers.
# jitterentropy is left out: its timing loops mean nothing under TCG.
# The module links against none of the drivers of the algorithms it asks
# the crypto API for (chacha20, curve25519, ecdh-nist-p256): they are
# loaded by name, so they are listed here.
modules="veth sch_netem inet_diag tcp_diag act_gact act_pedit act_csum
	 cls_basic em_cmp sch_ingress vrf tun
	 drbg ansi_cprng ctr sha512_generic sha256_ssse3
	 aesni_intel chacha_x86_64 chacha_generic curve25519_x86_64
	 curve25519_generic ecdh_generic"
# make bench's kTLS rows (and the AEADs they ask the crypto API for) and
# its WireGuard row.
modules="$modules tls gcm ghash_clmulni_intel ghash_generic chacha20poly1305
	 poly1305_x86_64 poly1305_generic wireguard"
# The host's root over virtio-9p and an overlay on it (VM_HOSTROOT, run.sh).
[ -z "${VM_HOSTROOT:-}" ] || modules="$modules virtio_pci 9pnet_virtio 9p overlay"

copy_with_libs() {
	local f=$1 dest=$2 lib
	install -D -m 0755 "$f" "$root$dest"
	for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
		[ -e "$root$lib" ] || install -D -m 0755 "$lib" "$root$lib"
	done
}

for t in $tools; do
	copy_with_libs "$t" "$t"
done
for t in $optional_tools; do
	[ ! -x "$t" ] || copy_with_libs "$t" "$t"
done
# openssl reads its configuration at start.
[ ! -e /usr/lib/ssl/openssl.cnf ] ||
	install -D -m 0644 /usr/lib/ssl/openssl.cnf "$root/usr/lib/ssl/openssl.cnf"
install -D -m 0755 /bin/busybox "$root/bin/busybox"
for b in "$bindir"/*; do
	copy_with_libs "$b" "/usr/local/bin/$(basename "$b")"
done
for l in modprobe insmod rmmod lsmod modinfo depmod; do
	ln -s /usr/bin/kmod "$root/usr/sbin/$l"
done
ln -s /usr/bin/dash "$root/usr/bin/sh"
# tc's tables (ematch names, netem distributions).
mkdir -p "$root/etc" "$root/usr/lib/x86_64-linux-gnu"
cp -r /etc/iproute2 "$root/etc/"
[ -d /usr/lib/x86_64-linux-gnu/tc ] && cp -r /usr/lib/x86_64-linux-gnu/tc "$root/usr/lib/x86_64-linux-gnu/"
# A UTF-8 locale, for tests of output that depends on it (glibc's C.UTF-8
# is a file, not built in).
if [ -d /usr/lib/locale/C.utf8 ]; then
	mkdir -p "$root/usr/lib/locale"
	cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
fi

# Modules: resolve dependencies against the guest kernel without loading
# anything (modprobe -D only prints what it would do).
resolve() {
	modprobe -d "${moddir%/lib/modules/$kver}" -S "$kver" -D "$1" 2>/dev/null |
		sed -n 's/^insmod \([^ ]*\).*/\1/p'
}
deps=$(for ko in "$kodir"/*.ko; do modinfo -F depends "$ko"; done | tr ',' ' ')
for m in $modules $deps; do
	for f in $(resolve "$m"); do
		rel=${f#"${moddir%/lib/modules/$kver}"}
		[ -e "$root$rel" ] || install -D -m 0644 "$f" "$root$rel"
	done
done
for ko in "$kodir"/*.ko; do
	install -D -m 0644 "$ko" "$root/lib/modules/$kver/extra/${ko##*/}"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -e "$moddir/$f" ] && cp "$moddir/$f" "$root/lib/modules/$kver/"
done
depmod -b "$root" "$kver"

# Harness and tests.
install -D -m 0755 "$here/guest/init" "$root/init"
install -D -m 0644 "$here/guest/harness.sh" "$root/vm/harness.sh"
install -D -m 0644 "$here/guest/lib.sh" "$root/vm/lib.sh"
install -D -m 0644 "$here/guest/timeout.sh" "$root/vm/timeout.sh"
grep -v '^#' "$here/bad-patterns.txt" > "$root/vm/bad-patterns.txt"
# The scripts of the segtest test (pktforge scripts).
for f in "$here"/segtest/*.pf; do
	[ -e "$f" ] && install -D -m 0644 "$f" "$root/vm/segtest/${f##*/}"
done
for t in "$@"; do
	install -D -m 0644 "$testdir/$t.sh" "$root/vm/tests/$t.sh"
	echo "$t" >> "$root/vm/tests.list"
done
[ -n "${VM_EXTRA_ENV:-}" ] && printf '%s\n' "$VM_EXTRA_ENV" > "$root/vm/env"
# The configuration examples an administrator copies to /etc.
cp -r "$here/../../examples/etc" "$root/vm/examples-etc"
# Reproducers of crashes kfuzz found, replayed by its next run.
mkdir -p "$root/vm/kfuzz-crashes"
for f in "$here"/kfuzz/crashes/*.repro; do
	[ -f "$f" ] && install -m 0644 "$f" "$root/vm/kfuzz-crashes/"
done

mkdir -p "$root"/{proc,sys,dev,tmp,run,var/run,root,etc}
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\ntcpdump:x:0:0::/:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\ntcpdump:x:0:\n' > "$root/etc/group"

(cd "$root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc) > "$out"
