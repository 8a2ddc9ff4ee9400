#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/rt-kernel.sh: Debian 12's PREEMPT_RT kernel (the packages that
# linux-image-rt-amd64 and linux-headers-rt-amd64 depend on), downloaded
# and unpacked into the cache instead of installed, so that the host's
# /boot, /lib/modules, /usr/src and boot loader stay as they were. The
# headers work where they are: their Makefile includes the common part from
# the cache, and their scripts are the host's linux-kbuild-6.1 (which
# tests/deps.sh installs and the headers depend on).
#
# Cached (TCPCRYPT_CACHE, default ~/.cache/tcpcrypt) under
# rt-kernel/<package>-<version>/: boot/vmlinuz-<release>,
# lib/modules/<release>/ (with depmod's indexes) and
# usr/src/linux-headers-<release>/. Prints that directory on its last line.
set -euo pipefail

cache=${TCPCRYPT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tcpcrypt}/rt-kernel

# The image package the metapackage names, e.g. linux-image-6.1.0-57-rt-amd64.
depof() {
	apt-cache depends "$1" 2>/dev/null | sed -n "s/^ *Depends: \($2\)$/\1/p" | head -n 1
}
img=$(depof linux-image-rt-amd64 'linux-image-[0-9][^ ]*-rt-amd64')
[ -n "$img" ] || { echo "rt-kernel: apt knows no linux-image-rt-amd64 (apt-get update?)" >&2; exit 1; }
rel=${img#linux-image-}
hdr=linux-headers-$rel
common=$(depof "$hdr" 'linux-headers-[^ ]*-common-rt')
[ -n "$common" ] || { echo "rt-kernel: cannot tell what $hdr depends on" >&2; exit 1; }
ver=$(apt-cache show --no-all-versions "$img" | sed -n 's/^Version: //p')
dir=$cache/$rel-$ver

if [ ! -e "$dir/ready" ]; then
	for d in "$cache"/*/; do
		[ -d "$d" ] && [ "${d%/}" != "$dir" ] && rm -rf "$d"
	done
	rm -rf "$dir"
	mkdir -p "$dir/debs"
	# apt-get download warns when its _apt user cannot write here: harmless.
	(cd "$dir/debs" && apt-get download -q "$img" "$hdr" "$common" 2>&1 |
		grep -v -e "unsandboxed as root" >&2 || true)
	for p in "$img" "$hdr" "$common"; do
		deb=$(ls "$dir/debs/${p}_"*.deb 2>/dev/null | head -n 1)
		[ -n "$deb" ] || { echo "rt-kernel: could not download $p" >&2; exit 1; }
		dpkg-deb -x "$deb" "$dir"
	done
	rm -rf "$dir/debs"
	sed -i "s|^include /usr/src/|include $dir/usr/src/|" "$dir/usr/src/$hdr/Makefile"
	mkdir -p "$dir/usr/lib"
	ln -sfn /usr/lib/linux-kbuild-6.1 "$dir/usr/lib/linux-kbuild-6.1"
	# The packaged links point at /usr/src, where nothing was installed.
	ln -sfn "$dir/usr/src/$hdr" "$dir/lib/modules/$rel/build"
	rm -f "$dir/lib/modules/$rel/source"
	depmod -b "$dir" "$rel"
	touch "$dir/ready"
fi
echo "$dir"
