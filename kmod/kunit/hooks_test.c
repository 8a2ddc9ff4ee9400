// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a segment the module took in LOCAL_IN (a held handshake segment,
 * each segment of a GRO skb) goes on through the LOCAL_IN hooks after
 * ours, and only then to the stack, as nf_reinject() resumes a queued one.
 * The hooks before ours have seen it already and do not see it again.
 */
#include <kunit/test.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>

#include "../engine.h"

static atomic_t hooks_test_after, hooks_test_before, hooks_test_delivered;
static unsigned int hooks_test_verdict;

static unsigned int hooks_test_after_hook(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	atomic_inc(&hooks_test_after);
	return hooks_test_verdict;
}

static unsigned int hooks_test_before_hook(void *priv, struct sk_buff *skb,
					   const struct nf_hook_state *state)
{
	atomic_inc(&hooks_test_before);
	return NF_ACCEPT;
}

static int hooks_test_okfn(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	atomic_inc(&hooks_test_delivered);
	kfree_skb(skb);
	return 0;
}

/* One hook before the module's LOCAL_IN hook, one after it (conntrack's place). */
static const struct nf_hook_ops hooks_test_ops[] = {
	{
		.hook		= hooks_test_before_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_FILTER,
	},
	{
		.hook		= hooks_test_after_hook,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_CONNTRACK_CONFIRM - 1,
	},
};

static void hooks_test_resume_one(struct kunit *test, unsigned int verdict)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->dev = init_net.loopback_dev;
	atomic_set(&hooks_test_after, 0);
	atomic_set(&hooks_test_before, 0);
	atomic_set(&hooks_test_delivered, 0);
	hooks_test_verdict = verdict;
	local_bh_disable();
	rcu_read_lock();
	tcpcrypt_in_resume(&init_net, NFPROTO_IPV4, init_net.loopback_dev, skb,
			   hooks_test_okfn);
	rcu_read_unlock();
	local_bh_enable();
}

static void tcpcrypt_test_resume_later_hooks(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, nf_register_net_hooks(&init_net, hooks_test_ops,
						    ARRAY_SIZE(hooks_test_ops)), 0);
	/* Accepted by the later hook: it saw the segment, then the stack. */
	hooks_test_resume_one(test, NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, atomic_read(&hooks_test_after), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&hooks_test_before), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hooks_test_delivered), 1);
	/* Dropped by it: the stack never gets the segment. */
	hooks_test_resume_one(test, NF_DROP);
	KUNIT_EXPECT_EQ(test, atomic_read(&hooks_test_after), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&hooks_test_delivered), 0);
	nf_unregister_net_hooks(&init_net, hooks_test_ops,
				ARRAY_SIZE(hooks_test_ops));
}

static struct kunit_case tcpcrypt_hooks_cases[] = {
	KUNIT_CASE(tcpcrypt_test_resume_later_hooks),
	{}
};

static struct kunit_suite tcpcrypt_hooks_suite = {
	.name = "tcpcrypt_hooks",
	.test_cases = tcpcrypt_hooks_cases,
};

kunit_test_suite(tcpcrypt_hooks_suite);
