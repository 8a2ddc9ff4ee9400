# SPDX-License-Identifier: GPL-2.0
# Sourced by the VM scripts: which kernel the guest runs and the module is
# built against. KERNEL=stock (default) is Debian's packaged kernel,
# KERNEL=debug the one `make debug-kernel` builds, KERNEL=rt Debian's
# PREEMPT_RT kernel unpacked into the cache (tests/vm/rt-kernel.sh). Sets
# KDIR, KVER, VMLINUZ and MODDIR, honouring values already set.

KERNEL=${KERNEL:-stock}
case $KERNEL in
stock)
	if [ -z "${KDIR:-}" ]; then
		# The newest of the standard flavour: an -rt one installed next to it is not "stock".
		KDIR=$(ls -d /lib/modules/*/build 2>/dev/null | grep -v -- '-rt-' | sort -V | tail -n 1)
		[ -n "$KDIR" ] || { echo "vmtest: no kernel headers under /lib/modules/*/build (apt-get install linux-headers-amd64)" >&2; exit 1; }
	fi
	;;
debug)
	. "$(dirname "${BASH_SOURCE[0]}")/debug-kernel-env.sh"
	[ -e "$DEBUG_STAMP" ] || { echo "vmtest: the debug kernel is not built yet: run make debug-kernel" >&2; exit 1; }
	KDIR=$DEBUG_DIR/src
	VMLINUZ=$KDIR/arch/x86/boot/bzImage
	;;
rt)
	RT_DIR=$("$(dirname "${BASH_SOURCE[0]}")/rt-kernel.sh" | tail -n 1)
	[ -d "$RT_DIR" ] || exit 1
	KDIR=$(ls -d "$RT_DIR"/usr/src/linux-headers-*-rt-amd64 | head -n 1)
	_rel=${KDIR##*/linux-headers-}
	VMLINUZ=$RT_DIR/boot/vmlinuz-$_rel
	MODDIR=$RT_DIR/lib/modules/$_rel
	;;
*)
	echo "vmtest: KERNEL must be stock, debug or rt, not '$KERNEL'" >&2
	exit 2
	;;
esac
KVER=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$KDIR/include/generated/utsrelease.h")
[ -n "$KVER" ] || { echo "vmtest: cannot read the kernel release of $KDIR" >&2; exit 1; }
VMLINUZ=${VMLINUZ:-/boot/vmlinuz-$KVER}
if [ "$KERNEL" = debug ]; then
	MODDIR=$DEBUG_DIR/root/lib/modules/$KVER
else
	MODDIR=${MODDIR:-/lib/modules/$KVER}
fi
[ -r "$VMLINUZ" ] || { echo "vmtest: no guest kernel $VMLINUZ (apt-get install linux-image-amd64)" >&2; exit 1; }
[ -d "$MODDIR" ] || { echo "vmtest: no module tree $MODDIR" >&2; exit 1; }
export KERNEL KDIR KVER VMLINUZ MODDIR
