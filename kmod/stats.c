// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters of each namespace and their text view,
 * /proc/net/tcpcrypt_stat, one "Name Value" line per counter as nstat reads.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/netns/generic.h>
#include <linux/tcpcrypt.h>

#include "tcpcrypt.h"

#define TCPCRYPT_STAT_NAME(id, name) [TCPCRYPT_STAT_##id] = TCPCRYPT_STAT_PREFIX name,
static const char *const tcpcrypt_stat_names[TCPCRYPT_STAT_NUM] = {
	TCPCRYPT_STATS(TCPCRYPT_STAT_NAME)
};
#undef TCPCRYPT_STAT_NAME

int tcpcrypt_stats_init(struct tcpcrypt_net *tn)
{
	tn->stats = alloc_percpu(struct tcpcrypt_stats);
	return tn->stats ? 0 : -ENOMEM;
}

void tcpcrypt_stats_free(struct tcpcrypt_net *tn)
{
	free_percpu(tn->stats);
	tn->stats = NULL;
}

static unsigned long tcpcrypt_stat_sum(const struct tcpcrypt_net *tn,
				       enum tcpcrypt_stat id)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(tn->stats, cpu)->cnt[id];
	return sum;
}

static int tcpcrypt_stat_show(struct seq_file *seq, void *v)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(seq_file_single_net(seq));
	int i;

	for (i = 0; i < TCPCRYPT_STAT_NUM; i++)
		seq_printf(seq, "%s %lu\n", tcpcrypt_stat_names[i],
			   tcpcrypt_stat_sum(tn, i));
	return 0;
}

int tcpcrypt_proc_init(struct net *net)
{
	if (!proc_create_net_single(TCPCRYPT_PROC_STAT, 0444, net->proc_net,
				    tcpcrypt_stat_show, NULL))
		return -ENOMEM;
	return 0;
}

void tcpcrypt_proc_exit(struct net *net)
{
	remove_proc_entry(TCPCRYPT_PROC_STAT, net->proc_net);
}
