// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcrypt: opportunistic encryption of TCP. Module entry and exit, and the
 * module parameters that are no setting (those are in settings.c).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/tcp.h>

#include "tcpcrypt.h"
#include "sockopt.h"
#include "crypto_kernel.h"
#include "selftest.h"
#include "netlink.h"
#include "conn.h"

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
	err = tcpcrypt_prof_init();
	if (err)
		goto err_crypto;
	/* Public-key work of handshakes; it may sleep (P-256). */
	tcpcrypt_wq = alloc_workqueue("tcpcrypt", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!tcpcrypt_wq) {
		err = -ENOMEM;
		goto err_prof;
	}
	err = tcpcrypt_conn_cache_init();
	if (err)
		goto err_wq;
	err = tcpcrypt_netns_register();
	if (err) {
		pr_err("cannot register per-namespace state: %d\n", err);
		goto err_cache;
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
	/* Entries of namespaces that went are freed by RCU callbacks. */
	rcu_barrier();
err_cache:
	tcpcrypt_conn_cache_exit();
err_wq:
	destroy_workqueue(tcpcrypt_wq);
err_prof:
	tcpcrypt_prof_exit();
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
	tcpcrypt_conn_cache_exit();
	tcpcrypt_prof_exit();
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
