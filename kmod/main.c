// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcrypt: opportunistic encryption of TCP. Module entry and exit, and the
 * module parameters that set the defaults of new network namespaces.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "tcpcrypt.h"
#include "crypto_kernel.h"
#include "selftest.h"

bool tcpcrypt_param_enable __read_mostly = true;
module_param_named(enable, tcpcrypt_param_enable, bool, 0444);
MODULE_PARM_DESC(enable,
		 "Switch tcpcrypt on in each network namespace as the module loads or the namespace is created (default: 1)");

static bool tcpcrypt_param_selftest;
module_param_named(selftest, tcpcrypt_param_selftest, bool, 0444);
MODULE_PARM_DESC(selftest,
		 "Run the protocol's known-answer tests at load and refuse to load if one fails (default: 0)");

static int __init tcpcrypt_init(void)
{
	int err;

	err = tcpcrypt_crypto_init();
	if (err) {
		pr_err("cannot set up the crypto backend: %d\n", err);
		return err;
	}
	if (tcpcrypt_param_selftest) {
		err = tcpcrypt_selftest();
		if (err)
			goto err_crypto;
	}
	err = tcpcrypt_netns_register();
	if (err) {
		pr_err("cannot register per-namespace state: %d\n", err);
		goto err_crypto;
	}
	pr_info("version " TCPCRYPT_VERSION " loaded\n");
	return 0;

err_crypto:
	tcpcrypt_crypto_exit();
	return err;
}

static void __exit tcpcrypt_exit(void)
{
	tcpcrypt_netns_unregister();
	tcpcrypt_crypto_exit();
	pr_info("unloaded\n");
}

module_init(tcpcrypt_init);
module_exit(tcpcrypt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("tcpcrypt: opportunistic encryption of TCP connections");
MODULE_AUTHOR("The tcpcrypt for Linux developers");
MODULE_VERSION(TCPCRYPT_VERSION);
