/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "tcpcrypt" generic netlink family (netlink.c), and what the other
 * files lend it. The attribute tree is documented in
 * include/uapi/linux/tcpcrypt.h.
 */
#ifndef _TCPCRYPT_NETLINK_H
#define _TCPCRYPT_NETLINK_H

#include <linux/tcpcrypt.h>

#include "tcpcrypt.h"

struct tcpcrypt_conn;

/* Registered after the per-namespace state exists, unregistered before. */
int tcpcrypt_genl_init(void);
void tcpcrypt_genl_exit(void);

/*
 * Tell the namespace's "events" listeners about a connection (event is an
 * enum tcpcrypt_event). Any context but hard IRQ; the caller must not hold
 * conn->lock. Costs nothing while nobody listens.
 */
void tcpcrypt_nl_event(struct tcpcrypt_conn *conn, int event);

/* stats.c */
unsigned long tcpcrypt_stat_sum(const struct tcpcrypt_net *tn,
				enum tcpcrypt_stat id);
const char *tcpcrypt_stat_name(enum tcpcrypt_stat id);
/* Upper bound of a latency bucket in ms, 0 for the last (unbounded) one. */
u32 tcpcrypt_hs_latency_below_ms(unsigned int bucket);
unsigned long tcpcrypt_hs_latency_sum(const struct tcpcrypt_net *tn,
				      unsigned int bucket);
unsigned int tcpcrypt_held_now(const struct tcpcrypt_net *tn);
u64 tcpcrypt_mem_now(const struct tcpcrypt_net *tn);

/* sysctl.c: install a new exclusion map (NULL: none); frees the old one. */
void tcpcrypt_exclude_ports_replace(struct tcpcrypt_net *tn,
				    unsigned long *bits);

/* handshake.c: new short-lived client key pairs now; sleeps. */

#endif /* _TCPCRYPT_NETLINK_H */
