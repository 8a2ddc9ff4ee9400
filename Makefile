# SPDX-License-Identifier: GPL-2.0
#
# tcpcrypt for Linux. `make` builds the module and tcpcryptctl; see
# README.md for the test, demo and install targets.

KDIR ?= $(shell ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n 1)
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

all: module tools

module:
	@test -n "$(KDIR)" || { echo "no kernel headers in /lib/modules/*/build: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools/tcpcryptctl

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(shell sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h)
	$(MAKE) -C tools/tcpcryptctl install

# Tests. `make check` is what CI runs; the others run one part of it.
check:
	tests/check.sh

unit:
	$(MAKE) -C tests/unit

fuzz:
	$(MAKE) -C tests/fuzz long

bench-unit:
	$(MAKE) -C tests/unit bench

# Plain TCP against tcpcrypt in the guest, as ratios measured in one run.
bench:
	tests/vm/bench.sh

# make vmtest [T="name ..."] [KERNEL=stock|debug]
vmtest:
	tests/vm/run.sh $(T)

# make soak [SOAK_TIME=seconds]: tests/vm/tests/stress.sh for SOAK_TIME
# (default an hour) on the debug kernel instead of its bounded 75 s.
SOAK_TIME ?= 3600
soak:
	VM_EXTRA_ENV="export STRESS_TIME=$(SOAK_TIME) VM_TEST_TIMEOUT=$$(($(SOAK_TIME) + 600))" \
	VM_BUDGET=$$(($(SOAK_TIME) + 900)) KERNEL=debug tests/vm/run.sh stress

# The debug test kernel (KASAN, lockdep, kmemleak, KFENCE, UBSAN, KUnit),
# cached outside the tree and rebuilt only when its source or config changes.
debug-kernel:
	tests/vm/debug-kernel.sh

demo:
	tests/deps.sh
	tests/vm/demo.sh

deps:
	tests/deps.sh

clean:
	if [ -n "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools/tcpcryptctl clean
	if [ -f tests/unit/Makefile ]; then $(MAKE) -C tests/unit clean; fi
	if [ -f tests/fuzz/Makefile ]; then $(MAKE) -C tests/fuzz clean; fi
	rm -rf build

.PHONY: all module tools install check unit fuzz bench-unit bench vmtest soak debug-kernel demo deps clean
