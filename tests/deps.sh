#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages that building, testing and the demo need,
# only those missing, without Recommends. Root is needed only to install.
set -euo pipefail

pkgs="make gcc libc6-dev pkg-config git bc procps openssl
      linux-image-amd64 linux-headers-amd64 dkms sparse
      qemu-system-x86 busybox-static kmod iproute2 iperf3 tcpdump cpio dash
      check libssl-dev clang libclang-rt-14-dev
      linux-source-6.1 flex bison libelf-dev xz-utils perl libmnl-dev"

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
# The guest boots our own initramfs: skip building Debian's for the new kernel.
if [ -w /etc/initramfs-tools/update-initramfs.conf ] || [ -n "$sudo" ]; then
	$sudo sed -i 's/^update_initramfs=.*/update_initramfs=no/' /etc/initramfs-tools/update-initramfs.conf 2>/dev/null || true
fi
$sudo apt-get install -y -q --no-install-recommends $missing
