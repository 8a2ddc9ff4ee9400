// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses excluded from tcpcrypt: /proc/sys/net/tcpcrypt/exclude_addrs
 * takes prefixes such as "192.0.2.0/24 2001:db8::/32" (a bare address is a
 * host); a new connection whose local or remote address is in one stays
 * plain. The list is swapped whole under RCU.
 */
#include <linux/bitmap.h>
#include <linux/inet.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "exclude.h"
#include "settings.h"

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

/* exclude_addrs: "10.0.0.0/8 fd00::/8"; empty clears the list. */
int tcpcrypt_exclude_addrs_show(struct tcpcrypt_net *tn, char *buf, size_t len)
{
	const struct tcpcrypt_exclude *ex;
	size_t off = 0;
	unsigned int i;

	buf[0] = '\0';
	mutex_lock(&tn->cfg_lock);
	ex = rcu_dereference_protected(tn->exclude_addrs,
				       lockdep_is_held(&tn->cfg_lock));
	for (i = 0; ex && i < ex->n; i++) {
		const struct tcpcrypt_prefix *p = &ex->p[i];

		if (p->family == AF_INET)
			off += scnprintf(buf + off, len - off, "%s%pI4/%u",
					 i ? " " : "", p->addr, p->plen);
		else
			off += scnprintf(buf + off, len - off, "%s%pI6c/%u",
					 i ? " " : "", p->addr, p->plen);
	}
	mutex_unlock(&tn->cfg_lock);
	return 0;
}

int tcpcrypt_exclude_addrs_store(struct tcpcrypt_net *tn, char *s)
{
	struct tcpcrypt_exclude *ex;
	size_t off = 0, end = strlen(s);

	ex = kzalloc(sizeof(*ex), GFP_KERNEL);
	if (!ex)
		return -ENOMEM;
	while (off < end) {
		size_t len;

		off += strspn(s + off, " ,\t\n");
		if (off >= end)
			break;
		len = strcspn(s + off, " ,\t\n");
		if (ex->n == TCPCRYPT_EXCLUDE_ADDRS_MAX ||
		    tcpcrypt_prefix_parse(s + off, len, &ex->p[ex->n])) {
			kfree(ex);
			return -EINVAL;
		}
		ex->n++;
		off += len;
	}
	tcpcrypt_exclude_addrs_replace(tn, ex);
	return 0;
}

/* Both exclusion lists, ports (sysctl.c) and addresses, go. */
void tcpcrypt_exclude_exit(struct tcpcrypt_net *tn)
{
	kfree(rcu_dereference_protected(tn->exclude_addrs, true));
	bitmap_free(rcu_dereference_protected(tn->exclude_ports, true));
}
