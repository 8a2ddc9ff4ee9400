# SPDX-License-Identifier: GPL-2.0
# The Debian packages of `make deb` work on a Debian system, and purging
# them leaves it as it was. The guest's root is the host's own file system
# (read-only over virtio-9p, run.sh's VM_HOSTROOT) under an overlay whose
# writable layer is a tmpfs: there dpkg installs tcpcrypt-dkms, tcpcryptctl,
# tcpcrypt-dev and libtcpcrypt0; tcpcrypt-dkms's postinst has dkms build
# the module for the guest's kernel with the host's headers (that kernel
# alone) and install it under updates/dkms. That module, not the
# harness's, is loaded, a
# connection between two namespaces is encrypted (no plaintext on the wire;
# tcpcryptctl from the package shows it encrypting), and after rmmod and
# dpkg --purge nothing is left: no package, no dkms entry, no source, no
# module, and no file in the writable layer but those that dpkg, dkms,
# man-db and ldconfig keep for themselves (listed below with the reason for each). The
# host is never written to: the export is read-only, all writes are the
# guest's.
# Run by `make vmtest-deb`, which builds the packages first; it compiles
# the module under TCG, too slow for make check, which does not run it.
# check: deb
# timeout: 3000
. /vm/lib.sh

if [ -z "${VM_HOSTROOT:-}" ] || [ -z "${VM_TOP:-}" ]; then
	echo "needs the host's root file system (make vmtest-deb)"
	exit 77
fi
kver=$(uname -r)
host=/tmp/deb/host # the host's root, read-only
rw=/tmp/deb/rw # tmpfs: the overlay's writable layer (upper) and work dir
root=/tmp/deb/root # the guest root: the host's root with rw on top
up=$rw/upper
pkgs="tcpcrypt-dkms tcpcryptctl tcpcrypt-dev libtcpcrypt0"
t0=$(cut -d. -f1 /proc/uptime)
phase() { echo "== $* ($(($(cut -d. -f1 /proc/uptime) - t0)) s)"; }

# inroot CMD...: CMD in the guest root, with a plain environment.
inroot() {
	chroot $root /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LC_ALL=C DEBIAN_FRONTEND=noninteractive "$@"
}

umount_all() {
	for m in $root/tmp $root/run $root/dev $root/sys $root/proc $root $rw $host; do
		grep -q " $m " /proc/mounts && umount "$m"
	done
	return 0
}
trap umount_all EXIT

phase "guest root: the host's root read-only, a tmpfs on top"
for m in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe $m
done
mkdir -p $host $rw $root
mount -t 9p -o ro,trans=virtio,version=9p2000.L,cache=loose,msize=512000 hostroot $host
mount -t tmpfs -o mode=0755 tmpfs $rw
mkdir $up $rw/work
mount -t overlay overlay -o lowerdir=$host,upperdir=$up,workdir=$rw/work $root
for d in proc sys dev; do
	mount -o bind /$d $root/$d
done
# What udev makes on any Debian system: dkms's bash reads <(...) as /dev/fd/N.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mount -t tmpfs -o mode=1777 tmpfs $root/tmp
mount -t tmpfs -o mode=0755 tmpfs $root/run
# The packages, read from the host (the guest root's /tmp is its own).
debs=$VM_TOP/build/deb
set -- $host$debs/tcpcrypt-dkms_*_all.deb
[ -f "$1" ] || fail "no tcpcrypt-dkms package in $debs (make deb)"
[ $# -eq 1 ] || fail "more than one tcpcrypt-dkms package in $debs"
cp "$1" $root/tmp/
ver=$(inroot dpkg-deb -f "/tmp/${1##*/}" Version)
echo "packages of version $ver in $debs"
files=""
for p in tcpcrypt-dkms_${ver}_all tcpcryptctl_${ver}_amd64 tcpcrypt-dev_${ver}_amd64 \
	libtcpcrypt0_${ver}_amd64; do
	[ -f "$host$debs/$p.deb" ] || fail "no $p.deb in $debs"
	cp "$host$debs/$p.deb" $root/tmp/
	files="$files /tmp/$p.deb"
done

# The host has none of it: otherwise "installed" and "left" mean nothing.
for p in $pkgs; do
	inroot dpkg-query -W "$p" > /dev/null 2>&1 && fail "the host has $p installed"
done
inroot modinfo -n tcpcrypt > /dev/null 2>&1 && fail "the host has a tcpcrypt module for $kver"
[ -z "$(inroot dkms status tcpcrypt)" ] || fail "the host's dkms knows tcpcrypt"
inroot test -f /lib/modules/$kver/build/Makefile || fail "the host has no headers of $kver (linux-headers-$kver)"

phase "dpkg -i$files"
if ! inroot dpkg -i $files < /dev/null > /tmp/dpkg.out 2>&1; then
	cat /tmp/dpkg.out
	for f in $root/var/lib/dkms/tcpcrypt/*/build/make.log; do
		[ -f "$f" ] || continue
		echo "--- ${f#"$root"} ---"
		cat "$f"
	done
	fail "dpkg -i failed"
fi
cat /tmp/dpkg.out
# The guest's kernel and no other: only its headers are there.
grep -qx "Building for $kver" /tmp/dpkg.out || fail "dkms did not build for $kver alone"
inroot dkms status tcpcrypt | tee /tmp/dkms.status
assert_eq "$(grep -c . /tmp/dkms.status)" 1 "kernels dkms built tcpcrypt for"
grep -q "^tcpcrypt/$ver, $kver, x86_64: installed" /tmp/dkms.status || fail "dkms did not install tcpcrypt $ver for $kver"
for p in $pkgs; do
	assert_eq "$(inroot dpkg-query -W -f '${db:Status-Abbrev}${Version}' "$p")" "ii $ver" "dpkg status of $p"
done
# man-db's trigger indexed the manual page (the purge must take it out).
inroot accessdb > /tmp/accessdb
grep -q '^tcpcryptctl -> ' /tmp/accessdb || fail "man-db's index has no tcpcryptctl"
echo "ok: man-db's index has tcpcryptctl"

phase "the dkms module: loaded and encrypting"
ko=$(inroot modinfo -n tcpcrypt)
assert_eq "$ko" "/lib/modules/$kver/updates/dkms/tcpcrypt.ko" "module modprobe finds in the guest root"
inroot modinfo -F vermagic tcpcrypt | grep -q "^$kver " || fail "module not built for $kver"
assert_eq "$(inroot modinfo -F version tcpcrypt)" "$ver" "module version"
pair a b
inroot modprobe tcpcrypt
tc_loaded || fail "modprobe did not load tcpcrypt"
# The loaded module is dkms's build: its build ID, and not the harness's.
inroot objcopy -O binary --only-section=.note.gnu.build-id "$ko" /tmp/dkms.id
cp /lib/modules/$kver/extra/tcpcrypt.ko $root/tmp/harness.ko
inroot objcopy -O binary --only-section=.note.gnu.build-id /tmp/harness.ko /tmp/harness.id
cmp -s $root/tmp/dkms.id $root/tmp/harness.id && fail "dkms's module and the harness's have one build ID"
cmp /sys/module/tcpcrypt/notes/.note.gnu.build-id $root/tmp/dkms.id || fail "the loaded module is not dkms's"
echo "ok: the loaded module is $ko (its build ID)"

mkmarked /tmp/data 512
capture a /tmp/cap.pcap
nsx b tcpcat -l 5001 -o /tmp/data.recv &
srv=$!
wait_listen b 5001
# The data, then the connection stays open while tcpcryptctl looks.
(cat /tmp/data; sleep 4) | nsx a tcpcat 10.0.0.2 5001 &
cli=$!
sleep 2
nsx a chroot $root /usr/sbin/tcpcryptctl show | tee /tmp/show
grep -q '^conn: 10\.0\.0\.1:[0-9]* \(⇄\|<->\) 10\.0\.0\.2:5001$' /tmp/show || fail "tcpcryptctl show: no connection"
grep -q '^  state: encrypting$' /tmp/show || fail "tcpcryptctl show: not encrypting"
wait $cli || fail "client side of the transfer failed"
wait $srv || fail "server side of the transfer failed"
capture_stop
assert_eq "$(sha /tmp/data.recv)" "$(sha /tmp/data)" "sha256 of the data received"
assert_eq "$(stat a HandshakesCompleted)" 1 "handshakes completed in a"
assert_eq "$(stat b HandshakesCompleted)" 1 "handshakes completed in b"
assert_eq "$(stat b InMacFailures)" 0 "MAC failures in b"
assert_ge "$(stat b InVerifiedSegs)" 100 "verified segments received by b"
if grep -c TCPCRYPT-PLAINTEXT-MARKER /tmp/cap.pcap; then
	fail "plaintext on the wire"
fi
echo "ok: no plaintext in $(wc -c < /tmp/cap.pcap) bytes of capture"
ip netns delete a
ip netns delete b
tc_unload_retry "tcpcrypt could not be unloaded"

phase "dpkg --purge $pkgs"
inroot dpkg --purge $pkgs < /dev/null
for p in $pkgs; do
	if inroot dpkg-query -W -f '${db:Status-Abbrev}\n' "$p" 2> /dev/null | grep -q .; then
		inroot dpkg -l "$p"
		fail "dpkg still knows $p"
	fi
done
[ -z "$(inroot dkms status tcpcrypt)" ] || fail "dkms still knows tcpcrypt: $(inroot dkms status tcpcrypt)"
for d in $root/usr/src/tcpcrypt* $root/var/lib/dkms/tcpcrypt*; do
	[ ! -e "$d" ] || fail "${d#"$root"} is left"
done
inroot modinfo -n tcpcrypt 2> /dev/null && fail "modprobe still finds a tcpcrypt module"
[ -z "$(find $root/lib/modules/*/updates -name 'tcpcrypt*' 2> /dev/null)" ] || fail "a module is left under updates"
inroot man -w tcpcryptctl 2> /dev/null && fail "man still finds tcpcryptctl's page"
# man-db's trigger updates its index without purging (mandb -p), so the
# entry of the removed page stays until man-db's daily job (cron or
# systemd timer) purges it: that job, and then the entry must be gone.
inroot accessdb > /tmp/accessdb
if grep tcpcrypt /tmp/accessdb; then
	echo "(stale entries of the removed page: man-db's daily purge takes them out)"
	inroot setpriv --reuid man --regid man --init-groups mandb --quiet
fi

phase "nothing left in the writable layer"
# Every path in the overlay's upper dir is a change to the host's root,
# unless it is a directory the host has (the parent of a change) or a file
# with the host's content, mode and owner (dpkg rewrites some files as they
# were). What remains must be dpkg's, dkms's, man-db's or ldconfig's own, and say
# nothing of tcpcrypt but in dpkg's log and its backup of the status
# before the purge.
(cd $up && find . -mindepth 1 | sed 's|^\.||' | LC_ALL=C sort) > /tmp/upper.list
: > /tmp/left
: > /tmp/kept
while read -r p; do
	u=$up$p h=$host$p
	if [ -c "$u" ] && [ ! -h "$u" ]; then
		echo "deleted: $p" >> /tmp/left
		continue
	fi
	if [ -d "$u" ] && [ ! -h "$u" ]; then
		if [ ! -d "$h" ] || [ -h "$h" ]; then
			echo "new directory: $p" >> /tmp/left
		fi
		continue
	fi
	if { [ -e "$h" ] || [ -h "$h" ]; } &&
		[ "$(busybox stat -c '%F %a %u %g' "$u")" = "$(busybox stat -c '%F %a %u %g' "$h")" ]; then
		if [ -h "$u" ]; then
			if [ "$(readlink "$u")" = "$(readlink "$h")" ]; then continue; fi
		elif cmp -s "$u" "$h"; then
			continue
		fi
	fi
	case $p in
	# dpkg's copy of its database as it was before the purge (dpkg's
	# status itself must be the host's again, so it is not listed).
	/var/lib/dpkg/status-old)
		echo "$p" >> /tmp/kept ;;
	# dpkg's log of every action.
	/var/log/dpkg.log)
		echo "$p" >> /tmp/kept ;;
	# dkms's signing key (a machine owner key), made on its first build
	# and kept for every later module, as on any Debian system.
	/var/lib/dkms/mok.key | /var/lib/dkms/mok.pub)
		echo "$p" >> /tmp/kept ;;
	# man-db's index, updated by its trigger when a manual page comes or
	# goes and purged by its daily job (a database file: checked by its
	# entries, below).
	/var/cache/man/*)
		echo "$p" >> /tmp/kept ;;
	# ldconfig's cache of what it read of each library, rewritten by
	# libc's trigger when a package with a shared library (libtcpcrypt0)
	# comes or goes; /etc/ld.so.cache itself must be the host's again.
	/var/cache/ldconfig/aux-cache)
		echo "$p" >> /tmp/kept ;;
	*)
		if [ -e "$h" ] || [ -h "$h" ]; then
			echo "changed: $p" >> /tmp/left
		else
			echo "new: $p" >> /tmp/left
		fi ;;
	esac
done < /tmp/upper.list
echo "kept by dpkg, dkms, man-db and ldconfig:"
sed 's/^/  /' /tmp/kept
# A gdbm file keeps the bytes of deleted records: man-db's index is read
# through accessdb, which prints its entries.
while read -r p; do
	case $p in
	/var/log/dpkg.log | /var/lib/dpkg/status-old) ;;
	*/index.db)
		inroot accessdb "$p" > /tmp/accessdb
		if grep -q tcpcrypt /tmp/accessdb; then
			echo "names tcpcrypt: $p (accessdb)" >> /tmp/left
		fi ;;
	*) if grep -q tcpcrypt "$up$p"; then echo "names tcpcrypt: $p" >> /tmp/left; fi ;;
	esac
done < /tmp/kept
grep tcpcrypt /tmp/upper.list | sed 's/^/tcpcrypt in its name: /' >> /tmp/left || true
if [ -s /tmp/left ]; then
	echo "left after dpkg --purge:"
	LC_ALL=C sort -u /tmp/left | sed 's/^/  /'
	fail "dpkg --purge $pkgs left $(LC_ALL=C sort -u /tmp/left | wc -l) change(s) behind"
fi
phase "ok: installed, built by dkms, encrypting, purged without a trace"
