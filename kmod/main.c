// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcrypt: opportunistic encryption of TCP. Module entry and exit, and the
 * module parameters that set the defaults of new network namespaces.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/tcp.h>

#include "tcpcrypt.h"
#include "sockopt.h"
#include "crypto_kernel.h"
#include "selftest.h"
#include "netlink.h"

bool tcpcrypt_param_enable __read_mostly = true;
module_param_named(enable, tcpcrypt_param_enable, bool, 0444);
MODULE_PARM_DESC(enable,
		 "Switch tcpcrypt on in each network namespace as the module loads or the namespace is created (default: 1)");

unsigned int tcpcrypt_param_max_conns __read_mostly = 65536;
module_param_named(max_conns, tcpcrypt_param_max_conns, uint, 0444);
MODULE_PARM_DESC(max_conns,
		 "Most connections tracked per network namespace; beyond it new ones stay plain (default: 65536)");

unsigned int tcpcrypt_param_max_handshakes __read_mostly = 256;
module_param_named(max_handshakes, tcpcrypt_param_max_handshakes, uint, 0444);
MODULE_PARM_DESC(max_handshakes,
		 "Most handshakes in progress per network namespace; beyond it new connections stay plain (default: 256)");

unsigned int tcpcrypt_param_key_lifetime __read_mostly = 300;
module_param_named(key_lifetime, tcpcrypt_param_key_lifetime, uint, 0644);
MODULE_PARM_DESC(key_lifetime,
		 "Seconds a short-lived client key pair is used before a new one replaces it (default: 300)");

bool tcpcrypt_param_full_csum __read_mostly;
module_param_named(full_csum, tcpcrypt_param_full_csum, bool, 0644);
MODULE_PARM_DESC(full_csum,
		 "Compute TCP checksums of rewritten segments in full instead of leaving them to offload; for tests over veth, which trusts partial checksums (default: 0)");

struct workqueue_struct *tcpcrypt_wq;

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
	if (!tcpcrypt_param_key_lifetime)
		tcpcrypt_param_key_lifetime = 1;
	/* Public-key work of handshakes; it may sleep (P-256). */
	tcpcrypt_wq = alloc_workqueue("tcpcrypt", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!tcpcrypt_wq) {
		err = -ENOMEM;
		goto err_crypto;
	}
	err = tcpcrypt_netns_register();
	if (err) {
		pr_err("cannot register per-namespace state: %d\n", err);
		goto err_wq;
	}
	/* Last: its commands reach the per-namespace state. */
	err = tcpcrypt_genl_init();
	if (err) {
		pr_err("cannot register the generic netlink family: %d\n", err);
		goto err_netns;
	}
	err = tcpcrypt_sockopt_register();
	if (err) {
		pr_err("cannot register the tcpcrypt TCP ULP: %d\n", err);
		goto err_genl;
	}
	pr_info("version " TCPCRYPT_VERSION " loaded\n");
	return 0;

err_genl:
	tcpcrypt_genl_exit();
err_netns:
	tcpcrypt_netns_unregister();
err_wq:
	destroy_workqueue(tcpcrypt_wq);
err_crypto:
	tcpcrypt_crypto_exit();
	return err;
}

static void __exit tcpcrypt_exit(void)
{
	/* No socket holds the ULP any more: each pinned the module. */
	tcpcrypt_sockopt_unregister();
	tcpcrypt_genl_exit();
	tcpcrypt_netns_unregister();
	destroy_workqueue(tcpcrypt_wq);
	/* Connections and keys are freed by RCU callbacks in this module. */
	rcu_barrier();
	tcpcrypt_crypto_exit();
	pr_info("unloaded\n");
}

module_init(tcpcrypt_init);
module_exit(tcpcrypt_exit);

MODULE_LICENSE("GPL");
MODULE_ALIAS_TCP_ULP(TCP_CRYPT_ULP_NAME);
MODULE_DESCRIPTION("tcpcrypt: opportunistic encryption of TCP connections");
MODULE_AUTHOR("The tcpcrypt for Linux developers");
MODULE_VERSION(TCPCRYPT_VERSION);
