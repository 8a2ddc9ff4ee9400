#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make debug-kernel`: build the debug test kernel from Debian's
# linux-source-6.12 (DEBUG_SERIES) with tests/vm/debug-kernel.config on top of tinyconfig.
#
# It lands in a cache outside the source tree (TCPCRYPT_CACHE, default
# ~/.cache/tcpcrypt), in a directory named after the source version and the
# fragment's hash, so it is rebuilt only when one of them changes and
# `make clean` never touches it. Older builds there are removed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/debug-kernel-env.sh"

if [ -e "$DEBUG_STAMP" ]; then
	echo "debug-kernel: up to date in $DEBUG_DIR"
	exit 0
fi
tarball=$(ls /usr/src/linux-source-"$DEBUG_SERIES".tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || { echo "debug-kernel: no /usr/src/linux-source-$DEBUG_SERIES.tar.* (apt-get install linux-source-$DEBUG_SERIES)" >&2; exit 1; }

# Only one build of each version is kept.
for d in "$DEBUG_CACHE"/*/; do
	[ -d "$d" ] && [ "${d%/}" != "$DEBUG_DIR" ] && rm -rf "$d"
done
mkdir -p "$DEBUG_DIR"
t0=$SECONDS
if [ ! -f "$DEBUG_DIR/src/Makefile" ]; then
	echo "debug-kernel: unpacking $tarball"
	rm -rf "$DEBUG_DIR/src"
	mkdir -p "$DEBUG_DIR/src"
	tar -xf "$tarball" -C "$DEBUG_DIR/src" --strip-components=1
fi
cd "$DEBUG_DIR/src"
make -s tinyconfig
scripts/kconfig/merge_config.sh -m .config "$DEBUG_FRAGMENT" > /dev/null
make -s olddefconfig
# A fragment line that Kconfig dropped is a silent hole in the lane: refuse it.
missing=0
while read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qx "$line" .config || { echo "debug-kernel: not in the final config: $line" >&2; missing=1; } ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }
		sym=${sym%% *}
		! grep -q "^$sym=" .config || { echo "debug-kernel: still set: $sym" >&2; missing=1; } ;;
	esac
done < "$DEBUG_FRAGMENT"
[ $missing -eq 0 ] || exit 1
echo "debug-kernel: building with -j$(nproc) (about 15 minutes on 2 idle cores)"
make -s -j"$(nproc)" bzImage modules
rm -rf "$DEBUG_DIR/root"
make -s modules_install INSTALL_MOD_PATH="$DEBUG_DIR/root" > /dev/null
touch "$DEBUG_STAMP"
echo "debug-kernel: built in $((SECONDS - t0))s: $DEBUG_DIR"
