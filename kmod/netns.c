// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace life cycle: every namespace, existing or new, gets
 * its own counters, its own /proc/net/tcpcrypt_stat and its own hooks, and
 * loses them when it goes away or the module is unloaded.
 */
#include <linux/module.h>

#include "tcpcrypt.h"

unsigned int tcpcrypt_net_id __read_mostly;

static int __net_init tcpcrypt_net_init(struct net *net)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(net);
	int err;

	tn->net = net;
	tn->enabled = READ_ONCE(tcpcrypt_param_enable);

	err = tcpcrypt_stats_init(tn);
	if (err)
		return err;
	err = tcpcrypt_proc_init(net);
	if (err)
		goto err_stats;
	/* Hooks last: once they run, everything they touch exists. */
	err = tcpcrypt_hooks_register(net);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	tcpcrypt_proc_exit(net);
err_stats:
	tcpcrypt_stats_free(tn);
	return err;
}

static void __net_exit tcpcrypt_net_exit(struct net *net)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(net);

	/* Unregistering waits for hook invocations in flight to finish. */
	tcpcrypt_hooks_unregister(net);
	tcpcrypt_proc_exit(net);
	tcpcrypt_stats_free(tn);
}

static struct pernet_operations tcpcrypt_net_ops = {
	.init = tcpcrypt_net_init,
	.exit = tcpcrypt_net_exit,
	.id = &tcpcrypt_net_id,
	.size = sizeof(struct tcpcrypt_net),
};

int tcpcrypt_netns_register(void)
{
	return register_pernet_subsys(&tcpcrypt_net_ops);
}

void tcpcrypt_netns_unregister(void)
{
	unregister_pernet_subsys(&tcpcrypt_net_ops);
}
