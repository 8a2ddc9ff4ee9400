/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address prefixes excluded from tcpcrypt (exclude.c): the list the
 * exclude_addrs sysctl and the netlink family both read and replace.
 */
#ifndef _TCPCRYPT_EXCLUDE_H
#define _TCPCRYPT_EXCLUDE_H

#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/tcpcrypt.h>

struct tcpcrypt_net;

struct tcpcrypt_prefix {
	u8 family;		/* AF_INET or AF_INET6 */
	u8 plen;
	__be32 addr[4];		/* network part only: host bits are 0 */
};

/* Replaced whole under RCU; readers never see a list being filled. */
struct tcpcrypt_exclude {
	struct rcu_head rcu;
	unsigned int n;
	struct tcpcrypt_prefix p[TCPCRYPT_EXCLUDE_ADDRS_MAX];
};

/*
 * Clear the address bits beyond p->plen, so that matching is a plain
 * compare; -EINVAL if the family is unknown or plen longer than its
 * addresses.
 */
int tcpcrypt_prefix_mask(struct tcpcrypt_prefix *p);

/*
 * Install a new list (NULL or empty: no exclusions) and free the old one
 * after a grace period; takes ownership of ex. Process context.
 */
void tcpcrypt_exclude_addrs_replace(struct tcpcrypt_net *tn,
				    struct tcpcrypt_exclude *ex);

#endif /* _TCPCRYPT_EXCLUDE_H */
