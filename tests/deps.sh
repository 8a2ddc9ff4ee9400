#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages that building, testing and the demo need,
# only those missing, without Recommends. Root is needed only to install.
set -euo pipefail

pkgs="make gcc libc6-dev pkg-config git bc procps openssl
      linux-image-amd64 linux-headers-amd64 dkms sparse
      qemu-system-x86 busybox-static kmod iproute2 iperf3 tcpdump cpio dash
      check libssl-dev wireguard-tools clang libclang-rt-14-dev llvm-14
      linux-source-6.12 flex bison libelf-dev xz-utils perl libmnl-dev dpkg-dev debhelper dh-dkms fakeroot lintian"

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -n "$missing" ] || exit 0

echo "deps: installing$missing" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# The guest boots our own initramfs: Debian's kernel hook skips building one
# for the new kernel when INITRD=No, so nothing under /etc has to change.
export INITRD=No
$sudo env INITRD=No DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
