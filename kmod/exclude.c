// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses excluded from tcpcrypt: /proc/sys/net/tcpcrypt/exclude_addrs
 * takes prefixes such as "192.0.2.0/24 2001:db8::/32" (a bare address is a
 * host); a new connection whose local or remote address is in one stays
 * plain. The list is swapped whole under RCU.
 */
#include <linux/inet.h>
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "exclude.h"

int tcpcrypt_prefix_mask(struct tcpcrypt_prefix *p)
{
	struct in6_addr a;

	switch (p->family) {
	case AF_INET:
		if (p->plen > 32)
			return -EINVAL;
		p->addr[0] &= p->plen ? htonl(~0U << (32 - p->plen)) : 0;
		memset(&p->addr[1], 0, 3 * sizeof(p->addr[0]));
		return 0;
	case AF_INET6:
		if (p->plen > 128)
			return -EINVAL;
		memcpy(&a, p->addr, sizeof(a));
		ipv6_addr_prefix((struct in6_addr *)p->addr, &a, p->plen);
		return 0;
	}
	return -EINVAL;
}

static int tcpcrypt_prefix_parse(const char *s, size_t len,
				 struct tcpcrypt_prefix *p)
{
	const char *end, *slash = memchr(s, '/', len);
	size_t alen = slash ? slash - s : len;
	unsigned int plen;

	memset(p, 0, sizeof(*p));
	if (in4_pton(s, alen, (u8 *)p->addr, -1, &end) && end == s + alen) {
		p->family = AF_INET;
		plen = 32;
	} else if (in6_pton(s, alen, (u8 *)p->addr, -1, &end) && end == s + alen) {
		p->family = AF_INET6;
		plen = 128;
	} else {
		return -EINVAL;
	}
	if (slash) {
		char num[4];
		size_t nlen = len - alen - 1;
		unsigned int v;

		if (!nlen || nlen >= sizeof(num))
			return -EINVAL;
		memcpy(num, slash + 1, nlen);
		num[nlen] = '\0';
		if (kstrtouint(num, 10, &v) || v > plen)
			return -EINVAL;
		plen = v;
	}
	p->plen = plen;
	return tcpcrypt_prefix_mask(p);
}

static bool tcpcrypt_prefix_match(const struct tcpcrypt_prefix *p, u8 family,
				  const __be32 *addr)
{
	if (p->family != family)
		return false;
	if (family == AF_INET)
		return !((addr[0] ^ p->addr[0]) &
			 (p->plen ? htonl(~0U << (32 - p->plen)) : 0));
	return ipv6_prefix_equal((const struct in6_addr *)addr,
				 (const struct in6_addr *)p->addr, p->plen);
}

bool tcpcrypt_addr_excluded(struct tcpcrypt_net *tn,
			    const struct tcpcrypt_conn_key *key)
{
	const struct tcpcrypt_exclude *ex = rcu_dereference(tn->exclude_addrs);
	unsigned int i;

	if (!ex)
		return false;
	for (i = 0; i < ex->n; i++)
		if (tcpcrypt_prefix_match(&ex->p[i], key->family, key->laddr) ||
		    tcpcrypt_prefix_match(&ex->p[i], key->family, key->raddr))
			return true;
	return false;
}

void tcpcrypt_exclude_addrs_replace(struct tcpcrypt_net *tn,
				    struct tcpcrypt_exclude *ex)
{
	struct tcpcrypt_exclude *old;

	if (ex && !ex->n) {
		kfree(ex);
		ex = NULL;
	}
	mutex_lock(&tn->cfg_lock);
	old = rcu_replace_pointer(tn->exclude_addrs, ex,
				  lockdep_is_held(&tn->cfg_lock));
	mutex_unlock(&tn->cfg_lock);
	if (old)
		kfree_rcu(old, rcu);
}

static int tcpcrypt_sysctl_addrs(tcpcrypt_ctl_table *table, int write,
				 void *buffer, size_t *lenp, loff_t *ppos)
{
	struct tcpcrypt_net *tn = table->extra1;
	struct tcpcrypt_exclude *ex;
	struct ctl_table t = *table;
	const char *s;
	size_t off = 0;
	char *buf;
	int err = 0;

	if (!write) {
		buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		mutex_lock(&tn->cfg_lock);
		ex = rcu_dereference_protected(tn->exclude_addrs,
					       lockdep_is_held(&tn->cfg_lock));
		for (; ex && off < ex->n; off++) {
			const struct tcpcrypt_prefix *p = &ex->p[off];

			if (p->family == AF_INET)
				scnprintf(buf + strlen(buf), PAGE_SIZE - strlen(buf),
					  "%s%pI4/%u", off ? " " : "", p->addr, p->plen);
			else
				scnprintf(buf + strlen(buf), PAGE_SIZE - strlen(buf),
					  "%s%pI6c/%u", off ? " " : "", p->addr, p->plen);
		}
		mutex_unlock(&tn->cfg_lock);
		t.data = buf;
		t.maxlen = PAGE_SIZE;
		err = proc_dostring(&t, 0, buffer, lenp, ppos);
		kfree(buf);
		return err;
	}
	if (*ppos)
		return -EINVAL;	/* one write replaces the whole list */
	ex = kzalloc(sizeof(*ex), GFP_KERNEL);
	if (!ex)
		return -ENOMEM;
	s = buffer;
	while (off < *lenp) {
		size_t len;

		off += strspn(s + off, " ,\t\n");
		if (off >= *lenp)
			break;
		len = strcspn(s + off, " ,\t\n");
		if (len > *lenp - off)
			len = *lenp - off;
		if (ex->n == TCPCRYPT_EXCLUDE_ADDRS_MAX ||
		    tcpcrypt_prefix_parse(s + off, len, &ex->p[ex->n])) {
			kfree(ex);
			return -EINVAL;
		}
		ex->n++;
		off += len;
	}
	tcpcrypt_exclude_addrs_replace(tn, ex);
	*ppos += *lenp;
	return 0;
}

static const struct ctl_table tcpcrypt_exclude_template[] = {
	{
		.procname	= "exclude_addrs",
		.maxlen		= PAGE_SIZE,
		.mode		= 0644,
		.proc_handler	= tcpcrypt_sysctl_addrs,
	},
	{ }
};

int tcpcrypt_exclude_init(struct tcpcrypt_net *tn)
{
	struct ctl_table *t;

	t = kmemdup(tcpcrypt_exclude_template, sizeof(tcpcrypt_exclude_template),
		    GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t[0].extra1 = tn;
	tn->exclude_sysctl = tcpcrypt_register_net_sysctl(tn->net, "net/tcpcrypt", t,
							   ARRAY_SIZE(tcpcrypt_exclude_template) - 1);
	if (!tn->exclude_sysctl) {
		kfree(t);
		return -ENOMEM;
	}
	return 0;
}

void tcpcrypt_exclude_exit(struct tcpcrypt_net *tn)
{
	const struct ctl_table *t = tn->exclude_sysctl->ctl_table_arg;

	unregister_net_sysctl_table(tn->exclude_sysctl);
	kfree(t);
	kfree(rcu_dereference_protected(tn->exclude_addrs, true));
}
