# SPDX-License-Identifier: GPL-2.0
#
# tcpcrypt for Linux. `make` builds the module and tcpcryptctl; see
# HACKING.md for the test, demo and install targets.

# The kernel to build for: the running one unless KDIR names another tree.
KDIR ?= /lib/modules/$(shell uname -r)/build
# That kernel's release, where its modules are installed.
ifndef KREL
KREL := $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
endif
# The version lives in dkms.conf; kmod/tcpcrypt.h is checked against it.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

# Where `make install` puts things: DESTDIR is prepended to every path, the
# module goes to $(INSTALL_MOD_PATH)/lib/modules/<release>/ and depmod runs
# on that tree (DEPMOD=true skips it, as packaging does).
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR ?= $(PREFIX)/lib
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL_MOD_PATH ?= $(DESTDIR)
DEPMOD ?= depmod
# A directory of our own under the module tree: uninstall removes exactly it.
TCPCRYPT_MOD_DIR := extra/tcpcrypt
MODLIB = $(INSTALL_MOD_PATH)/lib/modules/$(KREL)
# Kbuild signs installed modules when the kernel signs all of its own; a
# distribution's headers do not carry its key, so skip the attempt then
# (Secure Boot users sign with their own key, as dkms does with its MOK).
SIG_KEY = $(shell sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"/\1/p' $(KDIR)/.config 2>/dev/null)
SIGN_FLAGS = $(if $(wildcard $(SIG_KEY) $(KDIR)/$(SIG_KEY)),,CONFIG_MODULE_SIG_ALL=)

# dkms trees (dkms's own defaults); tests point them at private directories.
DKMS ?= dkms
DKMS_SOURCE_TREE ?= /usr/src
DKMS_TREE ?= /var/lib/dkms
DKMS_INSTALL_TREE ?= /lib/modules
DKMS_FLAGS = --sourcetree $(DKMS_SOURCE_TREE) --dkmstree $(DKMS_TREE) \
	--installtree $(DKMS_INSTALL_TREE) $(DKMS_EXTRA_FLAGS)
# What dkms gets: the module's sources and dkms.conf, no build products.
DKMS_EXPORT := build/dkms-src/tcpcrypt-$(VERSION)

all: module tools lib

kdir:
	@test -f "$(KDIR)/Makefile" && test -n "$(KREL)" || { \
		echo "no kernel build tree at $(KDIR)." >&2; \
		echo "Install the headers of the kernel to build for (Debian: apt-get install linux-headers-$$(uname -r)," >&2; \
		echo "or linux-headers-amd64 for the newest kernel) or set KDIR=/lib/modules/<release>/build." >&2; \
		exit 1; }

module: kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/tcpcryptctl

# libtcpcrypt, shared and static (lib/Makefile).
lib:
	$(MAKE) -C lib

# The install directories libtcpcrypt's Makefile gets.
LIB_DIRS = DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) INCLUDEDIR=$(INCLUDEDIR) \
	PKGCONFIGDIR=$(PKGCONFIGDIR)

# `make install` installs the module for KDIR's kernel and, under PREFIX,
# tcpcryptctl, its man page, the uapi header and tcpcrypt.pc, libtcpcrypt
# (shared, static, headers and libtcpcrypt.pc).
install: install-module install-user

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) \
		INSTALL_MOD_DIR=$(TCPCRYPT_MOD_DIR) $(SIGN_FLAGS) modules_install
	$(DEPMOD) -b $(or $(INSTALL_MOD_PATH),/) $(KREL)

install-user: tools lib
	$(MAKE) -C lib install $(LIB_DIRS)
	$(MAKE) -C tools/tcpcryptctl install DESTDIR=$(DESTDIR) SBINDIR=$(SBINDIR) MANDIR=$(MANDIR) \
		BASHCOMPDIR=$(BASHCOMPDIR)
	install -D -m 0644 include/uapi/linux/tcpcrypt.h $(DESTDIR)$(INCLUDEDIR)/linux/tcpcrypt.h
	install -d $(DESTDIR)$(PKGCONFIGDIR)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' tcpcrypt.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/tcpcrypt.pc

uninstall: uninstall-module uninstall-user

# Needs only the release: KREL=<release> works once the headers are gone.
uninstall-module:
	@test -n "$(KREL)" || { echo "set KREL=<release> (or KDIR) for the module to remove" >&2; exit 1; }
	rm -rf $(MODLIB)/$(TCPCRYPT_MOD_DIR)
	if [ -d $(MODLIB) ]; then $(DEPMOD) -b $(or $(INSTALL_MOD_PATH),/) $(KREL); fi
	@# A staging tree that held only our module gets depmod's indexes back out.
	if [ -n "$(INSTALL_MOD_PATH)" ] && [ -d $(MODLIB) ] && \
	   [ -z "$$(find $(MODLIB) -name '*.ko*' -print -quit)" ]; then \
		rm -f $(MODLIB)/modules.*; \
		find $(MODLIB) -depth -type d -empty -delete; fi

uninstall-user:
	$(MAKE) -C lib uninstall $(LIB_DIRS)
	$(MAKE) -C tools/tcpcryptctl uninstall DESTDIR=$(DESTDIR) SBINDIR=$(SBINDIR) MANDIR=$(MANDIR) \
		BASHCOMPDIR=$(BASHCOMPDIR)
	rm -f $(DESTDIR)$(INCLUDEDIR)/linux/tcpcrypt.h $(DESTDIR)$(PKGCONFIGDIR)/tcpcrypt.pc

# A clean export of the module's sources for `dkms add`.
dkms-src:
	rm -rf build/dkms-src
	mkdir -p $(DKMS_EXPORT)
	find dkms.conf Kbuild kmod include -type f \( -name dkms.conf -o -name Kbuild \
		-o -name 'Kbuild.*' -o -name '*.[ch]' \) ! -name '*.mod.c' -print0 | \
		xargs -0 cp --parents -t $(DKMS_EXPORT)

# dkms builds and installs the module for KDIR's kernel (the running one by
# default) and rebuilds it for every new kernel; tcpcryptctl and the header
# are installed as by `make install`. Reinstalling replaces the same version.
dkms-install: kdir dkms-src install-user
	if $(DKMS) status $(DKMS_FLAGS) -m tcpcrypt -v $(VERSION) | grep -q .; then \
		$(DKMS) remove $(DKMS_FLAGS) -m tcpcrypt -v $(VERSION) --all; fi
	rm -rf $(DKMS_SOURCE_TREE)/tcpcrypt-$(VERSION)
	mkdir -p $(DKMS_SOURCE_TREE) $(DKMS_TREE)
	$(DKMS) add $(DKMS_FLAGS) $(CURDIR)/$(DKMS_EXPORT)
	$(DKMS) install $(DKMS_FLAGS) -m tcpcrypt -v $(VERSION) -k $(KREL)

dkms-uninstall: uninstall-user
	if $(DKMS) status $(DKMS_FLAGS) -m tcpcrypt -v $(VERSION) | grep -q .; then \
		$(DKMS) remove $(DKMS_FLAGS) -m tcpcrypt -v $(VERSION) --all; fi
	rm -rf $(DKMS_SOURCE_TREE)/tcpcrypt-$(VERSION)

# Debian packages from debian/: tcpcrypt-dkms, tcpcryptctl and tcpcrypt-dev
# (plus tcpcryptctl's automatic -dbgsym), built by dpkg-buildpackage in a
# copy of the sources under build/deb/, where the .deb, .buildinfo and
# .changes files land; then `make deb-lint`. Copied are the files git
# tracks or would track (untracked ones that .gitignore does not exclude),
# or outside git every file but build products.
DEB_DIR := build/deb
DEB_SRC := $(DEB_DIR)/tcpcrypt-$(VERSION)
LINTIAN_FLAGS ?= -I --pedantic --fail-on error,warning

deb:
	@v=$$(dpkg-parsechangelog -l debian/changelog -S Version) && [ "$$v" = "$(VERSION)" ] || { \
		echo "debian/changelog is at version $$v but dkms.conf at $(VERSION): add a changelog entry" >&2; \
		exit 1; }
	@if [ "$$(id -u)" -ne 0 ] && ! command -v fakeroot >/dev/null; then \
		echo "make deb as a user other than root needs fakeroot (apt-get install fakeroot)" >&2; \
		exit 1; fi
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_SRC)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard; \
	else \
		find . \( -path ./build -o -path ./.git \) -prune -o -type f \
			! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c' \
			! -name '*.cmd' ! -name '*.a' ! -name '.*.d' ! -name modules.order \
			! -name Module.symvers ! -path ./tools/tcpcryptctl/tcpcryptctl \
			! -name 'libtcpcrypt.so*' ! -path ./lib/test_names \
			-printf '%P\0'; \
	fi | xargs -0 sh -c 'd=$$0; for f; do shift; [ ! -e "$$f" ] || set -- "$$@" "$$f"; done; \
		cp -P --parents -t "$$d" "$$@"' $(DEB_SRC)
	@# The source package too, so that lintian also checks debian/ itself.
	cd $(DEB_DIR) && dpkg-source --build tcpcrypt-$(VERSION)
	cd $(DEB_SRC) && dpkg-buildpackage -b -us -uc $$([ "$$(id -u)" -eq 0 ] || echo -rfakeroot)
	$(MAKE) deb-lint

# lintian on what `make deb` built: fails on any error or warning.
deb-lint:
	lintian $(LINTIAN_FLAGS) $(DEB_DIR)/tcpcrypt_$(VERSION)_*.changes $(DEB_DIR)/tcpcrypt_$(VERSION).dsc

# Tests. `make check` is what CI runs; the others run one part of it.
check:
	tests/check.sh

# The whole VM suite on the PREEMPT_RT and 6.12 debug kernels, where make
# check runs a share of it (about 1.5 hours here; make check stays within one).
check-kernels:
	tests/check-kernels.sh

unit:
	$(MAKE) -C tests/unit

# make fuzz [FUZZ_TIME=seconds per target]: also updates tests/fuzz/corpus/.
fuzz:
	$(MAKE) -C tests/fuzz long

# Line coverage of kmod/proto over the fuzz corpora and the unit tests.
coverage:
	$(MAKE) -C tests/fuzz coverage

# The module fuzzed in the guest's kernel for FUZZ_TIME seconds (kfuzz).
fuzz-kernel:
	tests/vm/fuzz-kernel.sh

bench-unit:
	$(MAKE) -C tests/unit bench

# Plain TCP, kTLS, WireGuard, TLS and tcpcrypt in one guest boot: interleaved
# runs, medians and ratios (docs/PERFORMANCE.md; BENCH_RUNS, BENCH_SECS, ...).
bench:
	tests/vm/bench.sh

# make vmtest [T="name ..."] [KERNEL=stock|debug]
vmtest:
	tests/vm/run.sh $(T)

# The packages of `make deb` installed, built by dkms, used and purged in
# the guest, on an overlay of this host's root (read-only to the guest):
# tests/vm/tests/deb_install.sh. Not part of make check (the module is
# compiled under TCG).
vmtest-deb: deb
	VM_HOSTROOT=1 KERNEL=stock tests/vm/run.sh deb_install

# make soak [SOAK_TIME=seconds]: tests/vm/tests/stress.sh for SOAK_TIME
# (default an hour) on the debug kernel instead of its bounded 75 s, then
# faultinject with every function (FAULTINJECT_ALL).
SOAK_TIME ?= 3600
soak:
	VM_EXTRA_ENV="export STRESS_TIME=$(SOAK_TIME) VM_TEST_TIMEOUT=$$(($(SOAK_TIME) + 600))" \
	VM_BUDGET=$$(($(SOAK_TIME) + 3000)) FAULTINJECT_ALL=1 KERNEL=debug \
	tests/vm/run.sh stress faultinject

# The debug test kernel (KASAN, lockdep, kmemleak, KFENCE, UBSAN, KUnit),
# cached outside the tree and rebuilt only when its source or config changes.
debug-kernel:
	tests/vm/debug-kernel.sh

# The demo must leave /etc, /usr/src, /var/lib/dkms and /lib/modules as
# they were (only tests/deps.sh, before it, installs packages).
demo:
	tests/deps.sh
	tests/hostcheck.sh run tests/vm/demo.sh

deps:
	tests/deps.sh

clean:
	if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools/tcpcryptctl clean
	$(MAKE) -C lib clean
	if [ -f tests/unit/Makefile ]; then $(MAKE) -C tests/unit clean; fi
	if [ -f tests/fuzz/Makefile ]; then $(MAKE) -C tests/fuzz clean; fi
	rm -rf build

.PHONY: all kdir module tools lib install install-module install-user uninstall \
	uninstall-module uninstall-user dkms-src dkms-install dkms-uninstall deb deb-lint check check-kernels unit \
	fuzz fuzz-kernel coverage bench-unit bench vmtest vmtest-deb soak debug-kernel demo deps clean
