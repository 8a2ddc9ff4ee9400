// SPDX-License-Identifier: GPL-2.0
/* The KUnit suites' shared namespace state (fixture.h). */
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "../engine.h"
#include "fixture.h"

int tcpcrypt_test_net_init(struct kunit *test, struct tcpcrypt_net *tn,
			   unsigned int max_conns, unsigned int max_handshakes,
			   bool no_gc)
{
	tn->net = &init_net;
	tn->max_conns = max_conns;
	tn->max_handshakes = max_handshakes;
	tn->handshake_timeout = 10 * HZ;
	KUNIT_ASSERT_EQ(test, tcpcrypt_stats_init(tn), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_conn_table_init(tn), 0);
	if (no_gc) {
		WRITE_ONCE(tn->dying, true);
		cancel_delayed_work_sync(&tn->gc_work);
	}
	return 0;
}

void tcpcrypt_test_net_exit(struct kunit *test, struct tcpcrypt_net *tn)
{
	flush_workqueue(tcpcrypt_wq);
	tcpcrypt_conn_table_exit(tn);
	rcu_barrier();	/* entries are freed by RCU callbacks */
	KUNIT_EXPECT_EQ(test, atomic_read(&tn->nconns), 0);
	tcpcrypt_stats_free(tn);
}

unsigned long tcpcrypt_test_stat(struct tcpcrypt_net *tn, enum tcpcrypt_stat id)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu_ptr(tn->stats, cpu)->cnt[id];
	return sum;
}
