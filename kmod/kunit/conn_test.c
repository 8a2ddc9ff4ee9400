// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the connection table and the lifetime of its entries - lookups,
 * duplicates, the per-namespace limit, references outliving the table,
 * expiry and the GC of entries whose socket is gone, and teardown with
 * entries still in the table. KASAN and kmemleak watch every free.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <net/net_namespace.h>

#include "../tcpcrypt.h"
#include "../conn.h"
#include "fixture.h"

struct tcpcrypt_conn_test {
	struct tcpcrypt_net tn;
};

static int tcpcrypt_conn_test_init(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	tcpcrypt_test_net_init(test, &t->tn, 4, 0, false);
	test->priv = t;
	return 0;
}

static void tcpcrypt_conn_test_exit(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = test->priv;

	tcpcrypt_test_net_exit(test, &t->tn);
}

static void tcpcrypt_test_key(struct tcpcrypt_conn_key *k, u16 lport, bool v6)
{
	memset(k, 0, sizeof(*k));
	k->family = v6 ? AF_INET6 : AF_INET;
	k->laddr[0] = htonl(0x0a000001);
	k->raddr[0] = htonl(0x0a000002);
	if (v6) {
		k->laddr[3] = htonl(1);
		k->raddr[3] = htonl(2);
	}
	k->lport = htons(lport);
	k->rport = htons(5001);
}

static void tcpcrypt_test_lookup(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = test->priv;
	struct tcpcrypt_conn_key k4, k6, other;
	struct tcpcrypt_conn *c4, *c6, *dup;

	tcpcrypt_test_key(&k4, 40000, false);
	tcpcrypt_test_key(&k6, 40000, true);
	tcpcrypt_test_key(&other, 40001, false);
	c4 = tcpcrypt_conn_create(&t->tn, &k4, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c4));
	c6 = tcpcrypt_conn_create(&t->tn, &k6, false);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c6));
	KUNIT_EXPECT_EQ(test, c4->state, TCPCRYPT_SYN_SENT);
	KUNIT_EXPECT_EQ(test, c6->state, TCPCRYPT_SYN_RCVD);

	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, tcpcrypt_conn_lookup(&t->tn, &k4), c4);
	KUNIT_EXPECT_PTR_EQ(test, tcpcrypt_conn_lookup(&t->tn, &k6), c6);
	KUNIT_EXPECT_NULL(test, tcpcrypt_conn_lookup(&t->tn, &other));
	rcu_read_unlock();

	/* A second SYN of the same tuple keeps the first entry. */
	dup = tcpcrypt_conn_create(&t->tn, &k4, true);
	KUNIT_EXPECT_EQ(test, PTR_ERR(dup), -EEXIST);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->tn.nconns), 2);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_stat(&t->tn, TCPCRYPT_STAT_CONNS_CREATED), 2UL);
}

static void tcpcrypt_test_limit(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = test->priv;
	struct tcpcrypt_conn_key k;
	struct tcpcrypt_conn *c;
	int i;

	for (i = 0; i < 4; i++) {
		tcpcrypt_test_key(&k, 41000 + i, false);
		c = tcpcrypt_conn_create(&t->tn, &k, true);
		KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	}
	tcpcrypt_test_key(&k, 41100, false);
	c = tcpcrypt_conn_create(&t->tn, &k, true);
	KUNIT_EXPECT_EQ(test, PTR_ERR(c), -ENOSPC);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_stat(&t->tn, TCPCRYPT_STAT_CONN_LIMIT), 1UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->tn.nconns), 4);

	/* One leaves: there is room again. */
	tcpcrypt_test_key(&k, 41000, false);
	rcu_read_lock();
	c = tcpcrypt_conn_lookup(&t->tn, &k);
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, c);
	tcpcrypt_conn_unlink(c);
	rcu_barrier();
	tcpcrypt_test_key(&k, 41100, false);
	c = tcpcrypt_conn_create(&t->tn, &k, true);
	KUNIT_EXPECT_FALSE(test, IS_ERR(c));
}

static void tcpcrypt_test_ref_outlives_table(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = test->priv;
	struct tcpcrypt_conn_key k;
	struct tcpcrypt_conn *c;

	tcpcrypt_test_key(&k, 42000, false);
	c = tcpcrypt_conn_create(&t->tn, &k, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	tcpcrypt_conn_get(c);		/* as a work item or timer does */
	tcpcrypt_conn_unlink(c);
	tcpcrypt_conn_unlink(c);	/* a second unlink is harmless */
	rcu_barrier();
	/* Out of the table, still valid for its holder. */
	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, tcpcrypt_conn_lookup(&t->tn, &k));
	rcu_read_unlock();
	KUNIT_EXPECT_TRUE(test, READ_ONCE(c->dead));
	KUNIT_EXPECT_EQ(test, refcount_read(&c->refcnt), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->tn.nconns), 1);
	tcpcrypt_conn_put(c);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, atomic_read(&t->tn.nconns), 0);
}

static void tcpcrypt_test_gc(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = test->priv;
	struct tcpcrypt_conn_key kx, ke, kl;
	struct tcpcrypt_conn *expired, *enc, *live;

	tcpcrypt_test_key(&kx, 43000, false);
	tcpcrypt_test_key(&ke, 43001, false);
	tcpcrypt_test_key(&kl, 43002, false);
	expired = tcpcrypt_conn_create(&t->tn, &kx, false);
	enc = tcpcrypt_conn_create(&t->tn, &ke, true);
	live = tcpcrypt_conn_create(&t->tn, &kl, false);
	KUNIT_ASSERT_FALSE(test, IS_ERR(expired) || IS_ERR(enc) || IS_ERR(live));

	/*
	 * No socket has these tuples. A server's half-open entry without a
	 * request socket (a SYN cookie's) lives until handshake_timeout; an
	 * encrypted one whose socket is gone goes at once.
	 */
	expired->started = jiffies - 11 * HZ;
	WRITE_ONCE(enc->state, TCPCRYPT_ENCRYPTING);

	mod_delayed_work(system_power_efficient_wq, &t->tn.gc_work, 0);
	flush_delayed_work(&t->tn.gc_work);
	rcu_barrier();

	rcu_read_lock();
	KUNIT_EXPECT_NULL(test, tcpcrypt_conn_lookup(&t->tn, &kx));
	KUNIT_EXPECT_NULL(test, tcpcrypt_conn_lookup(&t->tn, &ke));
	KUNIT_EXPECT_NOT_NULL(test, tcpcrypt_conn_lookup(&t->tn, &kl));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, atomic_read(&t->tn.nconns), 1);
}

static void tcpcrypt_test_many(struct kunit *test)
{
	struct tcpcrypt_conn_test *t = test->priv;
	struct tcpcrypt_conn_key k;
	int i, found = 0;

	/* Enough entries to make the table grow; teardown frees them all. */
	t->tn.max_conns = 2000;
	for (i = 0; i < 2000; i++) {
		tcpcrypt_test_key(&k, 10000 + i, i & 1);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tcpcrypt_conn_create(&t->tn, &k, i & 1)));
	}
	rcu_read_lock();
	for (i = 0; i < 2000; i++) {
		tcpcrypt_test_key(&k, 10000 + i, i & 1);
		found += tcpcrypt_conn_lookup(&t->tn, &k) != NULL;
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, found, 2000);
}

static struct kunit_case tcpcrypt_conn_cases[] = {
	KUNIT_CASE(tcpcrypt_test_lookup),
	KUNIT_CASE(tcpcrypt_test_limit),
	KUNIT_CASE(tcpcrypt_test_ref_outlives_table),
	KUNIT_CASE(tcpcrypt_test_gc),
	KUNIT_CASE(tcpcrypt_test_many),
	{}
};

static struct kunit_suite tcpcrypt_conn_suite = {
	.name = "tcpcrypt_conn",
	.init = tcpcrypt_conn_test_init,
	.exit = tcpcrypt_conn_test_exit,
	.test_cases = tcpcrypt_conn_cases,
};

kunit_test_suite(tcpcrypt_conn_suite);
