#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/kernel-tree.sh VERSION: a kernel tree from Debian's
# linux-source-VERSION, configured (tinyconfig plus the debug kernel's
# fragment, so that everything the module uses is there) and prepared for
# building external modules, without building the kernel itself. The
# module is compiled against it; modpost cannot resolve symbols without a
# built kernel, so builds against it set KBUILD_MODPOST_WARN=1.
#
# Cached like the debug kernel (TCPCRYPT_CACHE, default ~/.cache/tcpcrypt)
# under tree-VERSION/<package version>-<fragment hash>; prints the tree's
# path on its last line.
set -euo pipefail

ver=${1:?usage: kernel-tree.sh VERSION}
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug-kernel.config
cache=${TCPCRYPT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tcpcrypt}/tree-$ver
pkgver=$(dpkg-query -W -f='${Version}' "linux-source-$ver" 2>/dev/null) ||
	{ echo "kernel-tree: linux-source-$ver is not installed (tests/deps.sh installs it)" >&2; exit 1; }
dir=$cache/$pkgver-$(sha256sum "$fragment" | cut -c1-12)
if [ ! -e "$dir/prepared" ]; then
	for d in "$cache"/*/; do
		[ -d "$d" ] && [ "${d%/}" != "$dir" ] && rm -rf "$d"
	done
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xf "/usr/src/linux-source-$ver.tar.xz" -C "$dir" --strip-components=1
	make -s -C "$dir" tinyconfig
	(cd "$dir" && scripts/kconfig/merge_config.sh -m .config "$fragment" > /dev/null)
	make -s -C "$dir" olddefconfig
	make -s -C "$dir" -j"$(nproc)" modules_prepare
	touch "$dir/prepared"
fi
echo "$dir"
