// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace policy under /proc/sys/net/tcpcrypt/: on or off, limits,
 * ports excluded from tcpcrypt, the default connection mode, and the
 * bounds of short-lived keys and of the session cache. They apply to new
 * connections only.
 */
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <linux/bitmap.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "tcpcrypt.h"
#include "config.h"
#include "netlink.h"
#include "sesscache.h"

static unsigned int tcpcrypt_sysctl_one = 1;
static unsigned int tcpcrypt_sysctl_max = TCPCRYPT_LIMIT_MAX;
static unsigned int tcpcrypt_sysctl_zero;
static unsigned int tcpcrypt_sysctl_lifetime_max = TCPCRYPT_LIFETIME_MAX;
static unsigned int tcpcrypt_sysctl_uses_max = TCPCRYPT_KEY_USES_MAX;
static unsigned int tcpcrypt_sysctl_cache_max = TCPCRYPT_CACHE_ENTRIES_MAX;

static const struct {
	u16 cmode;
	const char *name;
} tcpcrypt_cmode_names[] = {
	{ TCP_CRYPT_CMODE_DEFAULT, "default" },
	{ TCP_CRYPT_CMODE_ALWAYS, "always" },
	{ TCP_CRYPT_CMODE_NEVER, "never" },
	{ TCP_CRYPT_CMODE_DEFAULT_NK, "default-nk" },
	{ TCP_CRYPT_CMODE_ALWAYS_NK, "always-nk" },
	{ TCP_CRYPT_CMODE_NEVER_NK, "never-nk" },
};

const char *tcpcrypt_cmode_name(u16 cmode)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_cmode_names); i++)
		if (tcpcrypt_cmode_names[i].cmode == cmode)
			return tcpcrypt_cmode_names[i].name;
	return NULL;
}

/*
 * default_cmode: the mode of sockets that choose none, by name. Names
 * rather than numbers: TCP_CRYPT_CMODE_NK is a bit, and 257 says nothing.
 */
static int tcpcrypt_sysctl_cmode(tcpcrypt_ctl_table *table, int write,
				 void *buffer, size_t *lenp, loff_t *ppos)
{
	struct tcpcrypt_net *tn = table->extra1;
	struct ctl_table t = *table;
	char buf[16];
	unsigned int i;
	char *name;

	if (!write) {
		strscpy(buf, tcpcrypt_cmode_name(READ_ONCE(tn->default_cmode)) ?: "?",
			sizeof(buf));
		t.data = buf;
		t.maxlen = sizeof(buf);
		return proc_dostring(&t, 0, buffer, lenp, ppos);
	}
	if (*ppos || *lenp >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, buffer, *lenp);
	buf[*lenp] = '\0';
	name = strim(buf);
	for (i = 0; i < ARRAY_SIZE(tcpcrypt_cmode_names); i++) {
		if (!strcmp(name, tcpcrypt_cmode_names[i].name)) {
			WRITE_ONCE(tn->default_cmode, tcpcrypt_cmode_names[i].cmode);
			*ppos += *lenp;
			return 0;
		}
	}
	return -EINVAL;
}

/* Shared with netlink: the map is replaced whole, readers use RCU. */
void tcpcrypt_exclude_ports_replace(struct tcpcrypt_net *tn,
				    unsigned long *bits)
{
	mutex_lock(&tn->cfg_lock);
	bits = rcu_replace_pointer(tn->exclude_ports, bits,
				   lockdep_is_held(&tn->cfg_lock));
	mutex_unlock(&tn->cfg_lock);
	synchronize_rcu();
	bitmap_free(bits);
}

/*
 * exclude_ports: a list such as "22,8000-8099"; a connection whose local
 * or remote port is listed stays plain. An empty string clears it.
 */
static int tcpcrypt_sysctl_ports(tcpcrypt_ctl_table *table, int write,
				 void *buffer, size_t *lenp, loff_t *ppos)
{
	struct tcpcrypt_net *tn = table->extra1;
	unsigned long *bits;
	char *buf;
	int err;

	if (!write) {
		buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		mutex_lock(&tn->cfg_lock);
		bits = rcu_dereference_protected(tn->exclude_ports,
						 lockdep_is_held(&tn->cfg_lock));
		if (bits)
			scnprintf(buf, PAGE_SIZE, "%*pbl", 65536, bits);
		else
			buf[0] = '\0';
		mutex_unlock(&tn->cfg_lock);
		err = 0;
		if (*ppos < strlen(buf)) {
			struct ctl_table t = *table;

			t.data = buf;
			t.maxlen = PAGE_SIZE;
			err = proc_dostring(&t, 0, buffer, lenp, ppos);
		} else {
			*lenp = 0;
		}
		kfree(buf);
		return err;
	}
	if (*ppos)
		return -EINVAL;	/* one write replaces the whole list */
	bits = bitmap_zalloc(65536, GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	buf = kmemdup_nul(buffer, *lenp, GFP_KERNEL);
	if (!buf) {
		bitmap_free(bits);
		return -ENOMEM;
	}
	err = bitmap_parselist(strim(buf), bits, 65536);
	kfree(buf);
	if (err) {
		bitmap_free(bits);
		return err;
	}
	if (bitmap_empty(bits, 65536)) {
		bitmap_free(bits);
		bits = NULL;
	}
	tcpcrypt_exclude_ports_replace(tn, bits);
	*ppos += *lenp;
	return 0;
}

/*
 * pubkeys ("p256 x25519") and suites ("chacha20 aes128"): what the
 * namespace negotiates, in order. Unknown or repeated names: -EINVAL.
 */
static int tcpcrypt_sysctl_cfg(tcpcrypt_ctl_table *table, int write,
			       void *buffer, size_t *lenp, loff_t *ppos)
{
	struct tcpcrypt_net *tn = table->extra1;
	bool sym = table->extra2 != NULL;
	u32 ids[TCPCRYPT_CFG_MAX];
	struct ctl_table t = *table;
	char buf[64];
	int n;

	if (write) {
		if (*ppos)
			return -EINVAL;
		if (*lenp >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, buffer, *lenp);
		buf[*lenp] = '\0';
		n = tcpcrypt_cfg_parse(buf, sym, ids, ARRAY_SIZE(ids));
		if (n < 0)
			return n;
		n = sym ? tcpcrypt_cfg_set_sym(tn, ids, n) :
			  tcpcrypt_cfg_set_pk(tn, ids, n);
		if (n)
			return n;
		*ppos += *lenp;
		return 0;
	}
	rcu_read_lock();
	{
		const struct tcpcrypt_cfg *cfg = tcpcrypt_cfg_get(tn);

		if (sym)
			tcpcrypt_cfg_format(buf, sizeof(buf), cfg->sym, cfg->nsym, true);
		else
			tcpcrypt_cfg_format(buf, sizeof(buf), cfg->pk, cfg->npk, false);
	}
	rcu_read_unlock();
	t.data = buf;
	t.maxlen = sizeof(buf);
	return proc_dostring(&t, 0, buffer, lenp, ppos);
}

/*
 * cache_max and cache_lifetime: lowering either drops the entries beyond
 * it at once, so that no secret stays cached longer than it now may.
 */
static int tcpcrypt_sysctl_cache(tcpcrypt_ctl_table *table, int write,
				 void *buffer, size_t *lenp, loff_t *ppos)
{
	int err = proc_douintvec_minmax(table, write, buffer, lenp, ppos);
	struct tcpcrypt_net *tn;

	if (!write || err)
		return err;
	if (!strcmp(table->procname, "cache_max"))
		tn = container_of(table->data, struct tcpcrypt_net, cache_max);
	else
		tn = container_of(table->data, struct tcpcrypt_net, cache_lifetime);
	tcpcrypt_cache_expire(tn);
	return 0;
}

static const struct ctl_table tcpcrypt_sysctl_template[] = {
	{
		.procname	= "enabled",
		.maxlen		= sizeof(u8),
		.mode		= 0644,
		.proc_handler	= proc_dou8vec_minmax,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	{
		.procname	= "max_conns",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &tcpcrypt_sysctl_one,
		.extra2		= &tcpcrypt_sysctl_max,
	},
	{
		.procname	= "max_handshakes",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &tcpcrypt_sysctl_one,
		.extra2		= &tcpcrypt_sysctl_max,
	},
	{
		.procname	= "exclude_ports",
		.maxlen		= PAGE_SIZE,
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_ports,
	},
	{
		.procname	= "pubkeys",
		.maxlen		= 64,
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_cfg,
	},
	{
		.procname	= "suites",
		.maxlen		= 64,
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_cfg,
		.extra2		= SYSCTL_ONE,	/* marks the suites list */
	},
	{
		.procname	= "default_cmode",
		.maxlen		= 16,
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_cmode,
	},
	{
		.procname	= "key_lifetime",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &tcpcrypt_sysctl_one,
		.extra2		= &tcpcrypt_sysctl_lifetime_max,
	},
	{
		.procname	= "key_max_uses",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= proc_douintvec_minmax,
		.extra1		= &tcpcrypt_sysctl_one,
		.extra2		= &tcpcrypt_sysctl_uses_max,
	},
	{
		.procname	= "cache_max",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_cache,
		.extra1		= &tcpcrypt_sysctl_zero,
		.extra2		= &tcpcrypt_sysctl_cache_max,
	},
	{
		.procname	= "cache_lifetime",
		.maxlen		= sizeof(unsigned int),
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_cache,
		.extra1		= &tcpcrypt_sysctl_one,
		.extra2		= &tcpcrypt_sysctl_lifetime_max,
	},
	{ }
};

int tcpcrypt_sysctl_init(struct tcpcrypt_net *tn)
{
	struct ctl_table *t;

	t = kmemdup(tcpcrypt_sysctl_template, sizeof(tcpcrypt_sysctl_template),
		    GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t[0].data = &tn->enabled;
	t[1].data = &tn->max_conns;
	t[2].data = &tn->max_handshakes;
	t[3].extra1 = tn;
	t[4].extra1 = tn;
	t[5].extra1 = tn;
	t[6].extra1 = tn;
	t[7].data = &tn->key_lifetime;
	t[8].data = &tn->key_max_uses;
	t[9].data = &tn->cache_max;
	t[10].data = &tn->cache_lifetime;
	tn->sysctl = tcpcrypt_register_net_sysctl(tn->net, "net/tcpcrypt", t,
						  ARRAY_SIZE(tcpcrypt_sysctl_template) - 1);
	if (!tn->sysctl) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

void tcpcrypt_sysctl_exit(struct tcpcrypt_net *tn)
{
	const struct ctl_table *t = tn->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(tn->sysctl);
	kfree(t);
	bitmap_free(rcu_dereference_protected(tn->exclude_ports, true));
}

bool tcpcrypt_port_excluded(struct tcpcrypt_net *tn, __be16 a, __be16 b)
{
	const unsigned long *bits = rcu_dereference(tn->exclude_ports);

	return bits && (test_bit(ntohs(a), bits) || test_bit(ntohs(b), bits));
}
