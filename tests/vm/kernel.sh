# SPDX-License-Identifier: GPL-2.0
# Sourced by the VM scripts: which kernel the guest runs and the module is
# built against. Sets KDIR, KVER, VMLINUZ and MODDIR, honouring overrides.

if [ -z "${KDIR:-}" ]; then
	KDIR=$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
	[ -n "$KDIR" ] || { echo "vmtest: no kernel headers under /lib/modules/*/build (apt-get install linux-headers-amd64)" >&2; exit 1; }
fi
KVER=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$KDIR/include/generated/utsrelease.h")
[ -n "$KVER" ] || { echo "vmtest: cannot read the kernel release of $KDIR" >&2; exit 1; }
VMLINUZ=${VMLINUZ:-/boot/vmlinuz-$KVER}
MODDIR=${MODDIR:-/lib/modules/$KVER}
[ -r "$VMLINUZ" ] || { echo "vmtest: no guest kernel $VMLINUZ (apt-get install linux-image-amd64)" >&2; exit 1; }
[ -d "$MODDIR" ] || { echo "vmtest: no module tree $MODDIR" >&2; exit 1; }
export KDIR KVER VMLINUZ MODDIR
