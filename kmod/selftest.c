// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time selftest: the same known-answer vectors as the unit tests
 * (proto/kat.c), run through the kernel backend.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/printk.h>

#include "selftest.h"
#include "proto/kat.h"

int tcpcrypt_selftest(void)
{
	struct tcpcrypt_kat_result res;
	struct tcpcrypt_kat_ws *ws;
	int ret;

	might_sleep();
	/* Several KiB of scratch: too much for the stack. */
	ws = kzalloc(sizeof(*ws), GFP_KERNEL);
	if (!ws)
		return -ENOMEM;
	ret = tcpcrypt_kat_run_all(ws, &res);
	kfree_sensitive(ws);
	if (ret) {
		pr_err("selftest failed: vector \"%s\" (%s), error %d, after %u passed\n",
		       res.vector ? res.vector : "?", res.what ? res.what : "?",
		       ret, res.passed);
		return ret;
	}
	pr_info("selftest passed (%u vectors)\n", res.passed);
	return 0;
}
