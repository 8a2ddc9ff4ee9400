// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters of each namespace and their text view,
 * /proc/net/tcpcrypt_stat, one "Name Value" line per counter as nstat reads;
 * the handshake latency histogram and the gauges of held segments and
 * memory, which only netlink shows (GET_STATS).
 */
#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/netns/generic.h>
#include <linux/tcpcrypt.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "netlink.h"

#define TCPCRYPT_STAT_NAME(id, name) [TCPCRYPT_STAT_##id] = TCPCRYPT_STAT_PREFIX name,
static const char *const tcpcrypt_stat_names[TCPCRYPT_STAT_NUM] = {
	TCPCRYPT_STATS(TCPCRYPT_STAT_NAME)
};
#undef TCPCRYPT_STAT_NAME

int tcpcrypt_stats_init(struct tcpcrypt_net *tn)
{
	atomic_set(&tn->nheld, 0);
	atomic_long_set(&tn->mem, 0);
	tn->stats = alloc_percpu(struct tcpcrypt_stats);
	return tn->stats ? 0 : -ENOMEM;
}

void tcpcrypt_stats_free(struct tcpcrypt_net *tn)
{
	free_percpu(tn->stats);
	tn->stats = NULL;
}

const char *tcpcrypt_stat_name(enum tcpcrypt_stat id)
{
	return tcpcrypt_stat_names[id];
}

unsigned long tcpcrypt_stat_sum(const struct tcpcrypt_net *tn,
				enum tcpcrypt_stat id)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(tn->stats, cpu)->cnt[id];
	return sum;
}

/* Bucket 0 is below 1 ms, bucket i below 2^i ms, the last open-ended. */
static unsigned int tcpcrypt_hs_latency_bucket(unsigned int ms)
{
	return min_t(unsigned int, fls(ms), TCPCRYPT_HS_LATENCY_BUCKETS - 1);
}

void tcpcrypt_stats_hs_latency(struct tcpcrypt_net *tn,
			       unsigned long jiffies_elapsed)
{
	unsigned int b = tcpcrypt_hs_latency_bucket(jiffies_to_msecs(jiffies_elapsed));

	this_cpu_inc(tn->stats->hs_latency[b]);
}

u32 tcpcrypt_hs_latency_below_ms(unsigned int bucket)
{
	return bucket < TCPCRYPT_HS_LATENCY_BUCKETS - 1 ? 1U << bucket : 0;
}

unsigned long tcpcrypt_hs_latency_sum(const struct tcpcrypt_net *tn,
				      unsigned int bucket)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(tn->stats, cpu)->hs_latency[bucket];
	return sum;
}

void tcpcrypt_held_inc(struct tcpcrypt_net *tn)
{
	atomic_inc(&tn->nheld);
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_HELD_SEGS);
}

void tcpcrypt_held_dec(struct tcpcrypt_net *tn)
{
	atomic_dec(&tn->nheld);
}

unsigned int tcpcrypt_held_now(const struct tcpcrypt_net *tn)
{
	/* Below 0 only after a dec without its inc: show 0, not 4 billion. */
	return max(atomic_read(&tn->nheld), 0);
}

void tcpcrypt_mem_charge(struct tcpcrypt_net *tn, long bytes)
{
	atomic_long_add(bytes, &tn->mem);
}

u64 tcpcrypt_mem_now(const struct tcpcrypt_net *tn)
{
	/* As above: below 0 only if more was uncharged than charged. */
	return max(atomic_long_read(&tn->mem), 0L);
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


/*
 * /proc/net/tcpcrypt_conns: one line per connection tcpcrypt handles, for
 * people and tests until the netlink interface exists.
 */
static int tcpcrypt_conns_show(struct seq_file *seq, void *v)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(seq_file_single_net(seq));
	struct rhashtable_iter iter;
	struct tcpcrypt_conn *conn;

	seq_puts(seq, "local remote role state pubkey suite sid segs_out segs_in mac_failures\n");
	rhashtable_walk_enter(&tn->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((conn = rhashtable_walk_next(&iter)) != NULL) {
		const struct tcpcrypt_conn_key *k;
		enum tcpcrypt_state state;

		if (IS_ERR(conn))
			continue;
		k = &conn->key;
		state = READ_ONCE(conn->state);
		if (k->family == AF_INET)
			seq_printf(seq, "%pI4:%u %pI4:%u ", &k->laddr[0],
				   ntohs(k->lport), &k->raddr[0], ntohs(k->rport));
		else
			seq_printf(seq, "[%pI6c]:%u [%pI6c]:%u ", k->laddr,
				   ntohs(k->lport), k->raddr, ntohs(k->rport));
		seq_printf(seq, "%s %s %s %s ", conn->is_client ? "client" : "server",
			   tcpcrypt_state_names[state],
			   conn->pk ? conn->pk->name : "-",
			   state == TCPCRYPT_ENCRYPTING && conn->tx.ops ?
			   conn->tx.ops->name : "-");
		if (state == TCPCRYPT_ENCRYPTING)
			seq_printf(seq, "%*phN", (int)sizeof(conn->sess.sid),
				   conn->sess.sid);
		else
			seq_puts(seq, "-");
		seq_printf(seq, " %llu %llu %llu\n", conn->segs_out,
			   conn->segs_in, conn->mac_failures);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return 0;
}

int tcpcrypt_proc_init(struct net *net)
{
	if (!proc_create_net_single(TCPCRYPT_PROC_STAT, 0444, net->proc_net,
				    tcpcrypt_stat_show, NULL))
		return -ENOMEM;
	/* Session IDs are for the namespace's administrator only. */
	if (!proc_create_net_single(TCPCRYPT_PROC_CONNS, 0400, net->proc_net,
				    tcpcrypt_conns_show, NULL)) {
		remove_proc_entry(TCPCRYPT_PROC_STAT, net->proc_net);
		return -ENOMEM;
	}
	return 0;
}

void tcpcrypt_proc_exit(struct net *net)
{
	remove_proc_entry(TCPCRYPT_PROC_CONNS, net->proc_net);
	remove_proc_entry(TCPCRYPT_PROC_STAT, net->proc_net);
}
