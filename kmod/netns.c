// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace life cycle: every namespace, existing or new, gets
 * its own counters, connection table, short-lived keys, session cache,
 * /proc file and hooks, and loses them when it goes away or the module is unloaded.
 */
#include <linux/module.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "config.h"
#include "keys.h"
#include "sesscache.h"
#include "rsakey.h"
#include "settings.h"

unsigned int tcpcrypt_net_id __read_mostly;

static int __net_init tcpcrypt_net_init(struct net *net)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(net);
	int err;

	tn->net = net;
	tn->handshake_timeout = 10 * HZ;
	/* Opportunistic unless a socket or the administrator says otherwise. */
	tn->default_cmode = TCP_CRYPT_CMODE_DEFAULT;
	/* The numeric settings: tcpcrypt_settings_init() below. */
	atomic_set(&tn->nhandshakes, 0);
	mutex_init(&tn->cfg_lock);

	err = tcpcrypt_stats_init(tn);
	if (err)
		return err;
	err = tcpcrypt_cfg_init(tn);
	if (err)
		goto err_stats;
	err = tcpcrypt_conn_table_init(tn);
	if (err)
		goto err_cfg;
	err = tcpcrypt_keys_init(tn);
	if (err)
		goto err_table;
	/* Before the sysctls: it sets the defaults they then show. */
	err = tcpcrypt_cache_init(tn);
	if (err)
		goto err_keys;
	err = tcpcrypt_rsakey_init(tn);
	if (err)
		goto err_cache;
	/* After the cache: its init sets built-in defaults of its own. */
	err = tcpcrypt_settings_init(tn);
	if (err)
		goto err_settings;
	err = tcpcrypt_sysctl_init(tn);
	if (err)
		goto err_settings;
	err = tcpcrypt_proc_init(net);
	if (err)
		goto err_sysctl;
	/* Hooks last: once they run, everything they touch exists. */
	err = tcpcrypt_hooks_register(net);
	if (err)
		goto err_proc;
	return 0;

err_proc:
	tcpcrypt_proc_exit(net);
err_sysctl:
	tcpcrypt_sysctl_exit(tn);
err_settings:
	/* The lists a refused parameter may have left set. */
	tcpcrypt_exclude_exit(tn);
	tcpcrypt_rsakey_exit(tn);
err_cache:
	tcpcrypt_cache_exit(tn);
err_keys:
	tcpcrypt_keys_exit(tn);
err_table:
	tcpcrypt_conn_table_exit(tn);
err_cfg:
	tcpcrypt_cfg_exit(tn);
err_stats:
	tcpcrypt_stats_free(tn);
	return err;
}

static void __net_exit tcpcrypt_net_exit(struct net *net)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(net);

	/*
	 * No encrypted connection may go on in plaintext: abort them while
	 * the hooks can still MAC the RSTs this sends.
	 */
	tcpcrypt_conn_abort_all(tn);
	/* Unregistering waits for hook invocations in flight to finish. */
	tcpcrypt_hooks_unregister(net);
	/* No setting may change (and run a hook) while the rest goes. */
	tcpcrypt_sysctl_exit(tn);
	flush_workqueue(tcpcrypt_wq);
	tcpcrypt_rsakey_exit(tn);
	tcpcrypt_keys_exit(tn);
	tcpcrypt_conn_table_exit(tn);
	/* After the table: no handshake is left that could store a session. */
	tcpcrypt_cache_exit(tn);
	tcpcrypt_cfg_exit(tn);
	tcpcrypt_proc_exit(net);
	tcpcrypt_exclude_exit(tn);
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
