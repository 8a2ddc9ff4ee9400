// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a handshake segment of our own that has no room for tcpcrypt.
 * A socket that does not require tcpcrypt goes plain (the entry leaves,
 * the segment passes as it is); one that requires it must never let the
 * segment out plain: it leaves as a RST and the entry stays, failed, so
 * that TCP's retransmissions of it are dropped too.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include "../engine.h"
#include "../proto/wire.h"
#include "fixture.h"

struct refuse_fixture {
	struct tcpcrypt_net tn;
	struct nf_hook_state state;
};

static int refuse_init(struct kunit *test)
{
	struct refuse_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	tcpcrypt_test_net_init(test, &f->tn, 64, 64, true);
	f->state.hook = NF_INET_LOCAL_OUT;
	f->state.pf = NFPROTO_IPV4;
	f->state.net = &init_net;
	test->priv = f;
	return 0;
}

static void refuse_exit(struct kunit *test)
{
	struct refuse_fixture *f = test->priv;

	/* KUnit runs exit without init when it cannot start the case's thread. */
	if (!f)
		return;

	tcpcrypt_test_net_exit(test, &f->tn);
}

static void refuse_key(struct tcpcrypt_conn_key *k, u16 lport)
{
	memset(k, 0, sizeof(*k));
	k->family = AF_INET;
	k->laddr[0] = htonl(0xc0000201);	/* 192.0.2.1, us */
	k->raddr[0] = htonl(0xc6336402);	/* 198.51.100.2 */
	k->lport = htons(lport);
	k->rport = htons(40000);
}

/*
 * Our segment as LOCAL_OUT sees it, with a full option area: two NOPs
 * and an experimental option of 38 bytes, which no packing can shrink.
 */
static struct sk_buff *refuse_skb(const struct tcpcrypt_conn *conn,
				  bool syn, u32 seq, u32 ack)
{
	unsigned int thlen = sizeof(struct tcphdr) + TCPCRYPT_TCPOPT_SPACE;
	struct sk_buff *skb;
	struct iphdr *iph;
	struct tcphdr *th;
	u8 *opt;

	skb = alloc_skb(MAX_HEADER + sizeof(*iph) + thlen, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	skb_set_transport_header(skb, sizeof(*iph));
	th = skb_put_zero(skb, thlen);
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->tot_len = htons(sizeof(*iph) + thlen);
	iph->saddr = conn->key.laddr[0];
	iph->daddr = conn->key.raddr[0];
	ip_send_check(iph);
	th->source = conn->key.lport;
	th->dest = conn->key.rport;
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = thlen / 4;
	th->syn = syn;
	th->ack = 1;
	th->window = htons(512);
	opt = (u8 *)(th + 1);
	opt[0] = TCPOPT_NOP;
	opt[1] = TCPOPT_NOP;
	opt[2] = 253;
	opt[3] = TCPCRYPT_TCPOPT_SPACE - 2;
	memset(opt + 4, 0x5a, TCPCRYPT_TCPOPT_SPACE - 4);
	skb->protocol = htons(ETH_P_IP);
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}

/*
 * A client whose INIT1 is ready and whose third ACK has no room for the
 * INIT1 mark; or a server (SYN_RCVD) whose SYN-ACK has no room for
 * PKCONF.
 */
static void refuse_case(struct kunit *test, bool client, bool required)
{
	struct refuse_fixture *f = test->priv;
	struct tcpcrypt_net *tn = &f->tn;
	unsigned long refused0, noroom0;
	struct tcpcrypt_pkt p = { .state = &f->state };
	struct tcpcrypt_conn_key k;
	struct tcpcrypt_conn *conn;
	const struct tcphdr *th;
	unsigned int v;

	refuse_key(&k, client ? 20001 : 20002);
	conn = tcpcrypt_conn_create(tn, &k, client);
	KUNIT_ASSERT_FALSE(test, IS_ERR(conn));
	conn->isn_local = 1000;
	conn->isn_peer = 5000;
	if (required)
		conn->opts.cmode = TCP_CRYPT_CMODE_ALWAYS;
	if (client) {
		WRITE_ONCE(conn->state, TCPCRYPT_INIT1_READY);
	} else {
		conn->opts.npk = 1;
		conn->opts.pk[0] = TCPCRYPT_PK_X25519;
	}
	p.skb = client ? refuse_skb(conn, false, 1001, 5001) :
			 refuse_skb(conn, true, 1000, 5001);
	KUNIT_ASSERT_NOT_NULL(test, p.skb);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(p.skb, AF_INET, &p.seg), 0);
	refused0 = tcpcrypt_test_stat(tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
	noroom0 = tcpcrypt_test_stat(tn, TCPCRYPT_STAT_FALLBACK_NO_ROOM);

	rcu_read_lock();
	local_bh_disable();
	v = tcpcrypt_hs_output(tn, conn, &p);
	local_bh_enable();
	rcu_read_unlock();

	th = (const struct tcphdr *)skb_transport_header(p.skb);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_stat(tn, TCPCRYPT_STAT_FALLBACK_NO_ROOM),
			noroom0 + 1);
	if (required) {
		/* Out it goes, as a RST; the entry stays, failed. */
		KUNIT_EXPECT_EQ(test, v, NF_ACCEPT);
		KUNIT_EXPECT_TRUE(test, th->rst);
		KUNIT_EXPECT_FALSE(test, th->syn);
		KUNIT_EXPECT_EQ(test, READ_ONCE(conn->state), TCPCRYPT_FAILED);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_stat(tn, TCPCRYPT_STAT_REFUSED_REQUIRED),
				refused0 + 1);
		rcu_read_lock();
		KUNIT_EXPECT_PTR_EQ(test, tcpcrypt_conn_lookup(tn, &k), conn);
		rcu_read_unlock();
		tcpcrypt_conn_unlink(conn);
	} else {
		/* Plain TCP: the segment passes as it is, the entry leaves. */
		KUNIT_EXPECT_EQ(test, v, NF_ACCEPT);
		KUNIT_EXPECT_FALSE(test, th->rst);
		KUNIT_EXPECT_EQ(test, (bool)th->syn, !client);
		rcu_read_lock();
		KUNIT_EXPECT_NULL(test, tcpcrypt_conn_lookup(tn, &k));
		rcu_read_unlock();
	}
	kfree_skb(p.skb);
}

static void refuse_test_init1_required(struct kunit *test)
{
	refuse_case(test, true, true);
}

static void refuse_test_init1_plain(struct kunit *test)
{
	refuse_case(test, true, false);
}

static void refuse_test_synack_required(struct kunit *test)
{
	refuse_case(test, false, true);
}

static void refuse_test_synack_plain(struct kunit *test)
{
	refuse_case(test, false, false);
}

static struct kunit_case refuse_cases[] = {
	KUNIT_CASE(refuse_test_init1_required),
	KUNIT_CASE(refuse_test_init1_plain),
	KUNIT_CASE(refuse_test_synack_required),
	KUNIT_CASE(refuse_test_synack_plain),
	{}
};

static struct kunit_suite refuse_suite = {
	.name = "tcpcrypt_refuse",
	.init = refuse_init,
	.exit = refuse_exit,
	.test_cases = refuse_cases,
};

kunit_test_suite(refuse_suite);
