/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared declarations of the kernel side of tcpcrypt: per-namespace state,
 * counters and the entry points each file offers the others.
 */
#ifndef _TCPCRYPT_H
#define _TCPCRYPT_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#define TCPCRYPT_VERSION "0.1.0"

/*
 * Counters, in the order /proc/net/tcpcrypt_stat prints them. Each name
 * says which event it counts; append new ones at the end so that scripts
 * reading by position keep working.
 */
#define TCPCRYPT_STATS(X)						\
	X(OUT_SEGS,		"OutSegs")				\
	X(IN_SEGS,		"InSegs")				\
	X(OUT_SYNS,		"OutSyns")				\
	X(IN_SYNS,		"InSyns")				\
	X(OUT_SYNACKS,		"OutSynAcks")				\
	X(IN_SYNACKS,		"InSynAcks")				\
	X(IPV4_SEGS,		"Ipv4Segs")				\
	X(IPV6_SEGS,		"Ipv6Segs")				\
	X(MALFORMED,		"MalformedSegs")			\
	X(FRAGMENTS_PASSED,	"FragmentsPassed")			\
	X(SKIPPED_DISABLED,	"SkippedDisabled")

#define TCPCRYPT_STAT_ENUM(id, name) TCPCRYPT_STAT_##id,
enum tcpcrypt_stat {
	TCPCRYPT_STATS(TCPCRYPT_STAT_ENUM)
	TCPCRYPT_STAT_NUM
};
#undef TCPCRYPT_STAT_ENUM

struct tcpcrypt_stats {
	/* unsigned long as in the SNMP MIBs: a single-word per-CPU increment */
	unsigned long cnt[TCPCRYPT_STAT_NUM];
};

/* Per network namespace state, reached through net_generic(). */
struct tcpcrypt_net {
	struct net *net;
	/* Read locklessly by the hooks; only new connections look at it. */
	bool enabled;
	struct tcpcrypt_stats __percpu *stats;
};

extern unsigned int tcpcrypt_net_id;
extern bool tcpcrypt_param_enable;

static inline struct tcpcrypt_net *tcpcrypt_pernet(const struct net *net)
{
	return net_generic(net, tcpcrypt_net_id);
}

static inline void tcpcrypt_stat_inc(struct tcpcrypt_net *tn,
				     enum tcpcrypt_stat id)
{
	this_cpu_inc(tn->stats->cnt[id]);
}

/* netns.c */
int tcpcrypt_netns_register(void);
void tcpcrypt_netns_unregister(void);

/* stats.c */
int tcpcrypt_stats_init(struct tcpcrypt_net *tn);
void tcpcrypt_stats_free(struct tcpcrypt_net *tn);
int tcpcrypt_proc_init(struct net *net);
void tcpcrypt_proc_exit(struct net *net);

/* hooks.c */
int tcpcrypt_hooks_register(struct net *net);
void tcpcrypt_hooks_unregister(struct net *net);

#endif /* _TCPCRYPT_H */
