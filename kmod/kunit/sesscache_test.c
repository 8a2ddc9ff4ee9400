// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the session cache (sesscache.c) - takes by peer and by prefix,
 * the NEXTK chain, role and family separation, the bounds in entries and
 * age, the GC, flushes, use from softirq - and the lifecycle of the
 * short-lived key pairs (keys.c) - the use and age limits, replacement
 * ahead of them, rotation under concurrent use. KASAN, kmemleak and
 * lockdep watch every entry and pair that goes.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timer.h>

#include "../tcpcrypt.h"
#include "../keys.h"
#include "../sesscache.h"

/* 6.1's KUnit has no memory comparison assertions yet. */
#define TCPCRYPT_EXPECT_MEMEQ(test, a, b, n) KUNIT_EXPECT_EQ(test, memcmp(a, b, n), 0)
#define TCPCRYPT_EXPECT_MEMNEQ(test, a, b, n) KUNIT_EXPECT_NE(test, memcmp(a, b, n), 0)

/* ---- the session cache --------------------------------------------------- */

static int tcpcrypt_cache_test_init(struct kunit *test)
{
	struct tcpcrypt_net *tn = kunit_kzalloc(test, sizeof(*tn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tn);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_init(tn), 0);
	test->priv = tn;
	return 0;
}

static void tcpcrypt_cache_test_exit(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;

	/* Entries still stored are wiped and freed here: kmemleak checks. */
	tcpcrypt_cache_exit(tn);
	KUNIT_EXPECT_NULL(test, tn->cache);
}

static void tcpcrypt_test_sess(struct tcpcrypt_session *s, u8 app)
{
	get_random_bytes(s->sid, sizeof(s->sid));
	get_random_bytes(s->mk, sizeof(s->mk));
	get_random_bytes(s->nk, sizeof(s->nk));
	s->app = app;
}

static void tcpcrypt_test_next(struct kunit *test,
			       const struct tcpcrypt_session *cur,
			       struct tcpcrypt_session *next)
{
	KUNIT_ASSERT_EQ(test, tcpcrypt_session_next(cur, next), 0);
}

static void tcpcrypt_test_expect_sess(struct kunit *test,
				      const struct tcpcrypt_session *got,
				      const struct tcpcrypt_session *want)
{
	TCPCRYPT_EXPECT_MEMEQ(test, got->sid, want->sid, sizeof(want->sid));
	TCPCRYPT_EXPECT_MEMEQ(test, got->mk, want->mk, sizeof(want->mk));
	TCPCRYPT_EXPECT_MEMEQ(test, got->nk, want->nk, sizeof(want->nk));
	KUNIT_EXPECT_EQ(test, got->app, want->app);
}

/* Arrays of sessions on the heap: KASAN's redzones bloat the stack. */
static struct tcpcrypt_session *tcpcrypt_test_sessions(struct kunit *test, unsigned int n)
{
	struct tcpcrypt_session *s = kunit_kcalloc(test, n, sizeof(*s), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

static void tcpcrypt_test_v6(__be32 a[4], u32 last)
{
	a[0] = htonl(0x20010db8);
	a[1] = 0;
	a[2] = 0;
	a[3] = htonl(last);
}

static void tcpcrypt_test_cache_defaults(struct kunit *test)
{
	struct tcpcrypt_net *tn = kunit_kzalloc(test, sizeof(*tn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tn);
	/* Whatever was there before, init sets the defaults. */
	tn->cache_max = 7;
	tn->cache_lifetime = 9;
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_init(tn), 0);
	KUNIT_EXPECT_EQ(test, tn->cache_max, TCPCRYPT_CACHE_MAX_DEFAULT);
	KUNIT_EXPECT_EQ(test, tn->cache_lifetime, TCPCRYPT_CACHE_LIFETIME_DEFAULT);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
	tcpcrypt_cache_exit(tn);
	KUNIT_EXPECT_NULL(test, tn->cache);
}

static void tcpcrypt_test_cache_client(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session cur, next;
	struct tcpcrypt_cached out;
	/* One word: an IPv4 caller may pass no more (KASAN checks). */
	__be32 peer = htonl(0x0a000002);

	tcpcrypt_test_sess(&cur, 1);
	tcpcrypt_test_next(test, &cur, &next);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 0x21, &cur), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);

	memset(&out, 0, sizeof(out));
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	KUNIT_EXPECT_EQ(test, out.family, AF_INET);
	/* __be32 values: compared as such, not as integers (sparse). */
	KUNIT_EXPECT_TRUE(test, out.peer[0] == peer);
	KUNIT_EXPECT_TRUE(test, !(out.peer[1] | out.peer[2] | out.peer[3]));
	KUNIT_EXPECT_TRUE(test, out.is_client);
	KUNIT_EXPECT_EQ(test, out.sym, 0x21U);
	/* The NEXT session, not the one stored. */
	tcpcrypt_test_expect_sess(test, &out.sess, &next);
	TCPCRYPT_EXPECT_MEMNEQ(test, out.sess.sid, cur.sid, sizeof(cur.sid));

	/* Taken means gone. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	memzero_explicit(&out, sizeof(out));
}

static void tcpcrypt_test_cache_server(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session cur, next;
	struct tcpcrypt_cached out;
	__be32 peer[4];

	tcpcrypt_test_v6(peer, 2);
	tcpcrypt_test_sess(&cur, 3);
	tcpcrypt_test_next(test, &cur, &next);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET6, peer, false, 0x01, &cur), 0);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_server(tn, next.sid, &out));
	KUNIT_EXPECT_EQ(test, out.family, AF_INET6);
	TCPCRYPT_EXPECT_MEMEQ(test, out.peer, peer, sizeof(peer));
	KUNIT_EXPECT_FALSE(test, out.is_client);
	KUNIT_EXPECT_EQ(test, out.sym, 0x01U);
	tcpcrypt_test_expect_sess(test, &out.sess, &next);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, next.sid, &out));
}

static void tcpcrypt_test_cache_prefix_mismatch(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session cur, next;
	struct tcpcrypt_cached out;
	__be32 peer = htonl(0x0a000002);
	u8 prefix[TCPCRYPT_NEXTK_PREFIX_LEN];

	tcpcrypt_test_sess(&cur, 0);
	tcpcrypt_test_next(test, &cur, &next);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &cur), 0);

	/* Each of the nine bytes counts, and only those. */
	memcpy(prefix, next.sid, sizeof(prefix));
	prefix[0] ^= 0x80;
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, prefix, &out));
	prefix[0] ^= 0x80;
	prefix[8] ^= 0x01;
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, prefix, &out));
	/* The prefix of the stored session, not of the next one, misses too. */
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, cur.sid, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);
	prefix[8] ^= 0x01;
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_take_server(tn, prefix, &out));
}

static void tcpcrypt_test_cache_roles(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session a, b, na, nb;
	struct tcpcrypt_cached out;
	__be32 peer = htonl(0x0a000002);

	tcpcrypt_test_sess(&a, 1);
	tcpcrypt_test_sess(&b, 2);
	tcpcrypt_test_next(test, &a, &na);
	tcpcrypt_test_next(test, &b, &nb);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &a), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &b), 0);

	/* A client entry is no server's, and the other way round. */
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, na.sid, &out));
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	tcpcrypt_test_expect_sess(test, &out.sess, &na);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_server(tn, nb.sid, &out));
	tcpcrypt_test_expect_sess(test, &out.sess, &nb);

	/* A host talking to itself stores one session in both roles. */
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &a), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &a), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 2U);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_take_server(tn, na.sid, &out));
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
}

static void tcpcrypt_test_cache_replace(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session cur, next;
	struct tcpcrypt_cached out;
	__be32 peer = htonl(0x0a000002);

	tcpcrypt_test_sess(&cur, 0);
	tcpcrypt_test_next(test, &cur, &next);
	/* The same session stored twice in one role: one entry. */
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &cur), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 2, &cur), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_server(tn, next.sid, &out));
	KUNIT_EXPECT_EQ(test, out.sym, 2U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, next.sid, &out));
}

static void tcpcrypt_test_cache_newest_first(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session *s = tcpcrypt_test_sessions(test, 3);
	struct tcpcrypt_session *n = tcpcrypt_test_sessions(test, 3);
	struct tcpcrypt_cached out;
	__be32 peer = htonl(0x0a000002);
	int i;

	for (i = 0; i < 3; i++) {
		tcpcrypt_test_sess(&s[i], 0);
		tcpcrypt_test_next(test, &s[i], &n[i]);
		KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &s[i]), 0);
	}
	for (i = 2; i >= 0; i--) {
		KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
		TCPCRYPT_EXPECT_MEMEQ(test, out.sess.sid, n[i].sid, sizeof(n[i].sid));
	}
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
}

/* A resumed session is stored in turn: both ends walk the chain. */
static void tcpcrypt_test_cache_chain(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session cur, n1, n2;
	struct tcpcrypt_cached cl, sv;
	__be32 peer = htonl(0x0a000002);

	tcpcrypt_test_sess(&cur, 3);
	tcpcrypt_test_next(test, &cur, &n1);
	tcpcrypt_test_next(test, &n1, &n2);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &cur), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &cur), 0);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &cl));
	/* What the client sends in NEXTK1 finds the server's entry. */
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_server(tn, cl.sess.sid, &sv));
	tcpcrypt_test_expect_sess(test, &sv.sess, &cl.sess);

	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &cl.sess), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &sv.sess), 0);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &cl));
	tcpcrypt_test_expect_sess(test, &cl.sess, &n2);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_server(tn, n2.sid, &sv));
	tcpcrypt_test_expect_sess(test, &sv.sess, &n2);
	/* The app byte of the first session stays (v0.2 section 6.1). */
	KUNIT_EXPECT_EQ(test, sv.sess.app, 3);
	memzero_explicit(&cl, sizeof(cl));
	memzero_explicit(&sv, sizeof(sv));
}

static void tcpcrypt_test_cache_max(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session *s = tcpcrypt_test_sessions(test, 5);
	struct tcpcrypt_session *n = tcpcrypt_test_sessions(test, 5);
	struct tcpcrypt_cached out;
	__be32 peer;
	int i;

	tn->cache_max = 3;
	for (i = 0; i < 5; i++) {
		peer = htonl(0x0a000010 + i);
		tcpcrypt_test_sess(&s[i], 0);
		tcpcrypt_test_next(test, &s[i], &n[i]);
		KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &s[i]), 0);
		KUNIT_EXPECT_LE(test, tcpcrypt_cache_count(tn), 3U);
	}
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 3U);
	/* The two oldest went. */
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, n[0].sid, &out));
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, n[1].sid, &out));
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_take_server(tn, n[3].sid, &out));

	/* A lowered bound applies without waiting for a store; oldest first. */
	tn->cache_max = 1;
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_expire(tn), 1U);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, n[2].sid, &out));
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_take_server(tn, n[4].sid, &out));
}

static void tcpcrypt_test_cache_off(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session cur, next;
	struct tcpcrypt_cached out;
	__be32 peer = htonl(0x0a000002);

	tcpcrypt_test_sess(&cur, 0);
	tcpcrypt_test_next(test, &cur, &next);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &cur), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &cur), 0);

	/* Off: nothing is stored and what was stored is not handed out. */
	tn->cache_max = 0;
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &next), 0);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, next.sid, &out));

	/* A lifetime of 0 stores nothing either. */
	tn->cache_max = 10;
	tn->cache_lifetime = 0;
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &cur), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
}

static void tcpcrypt_test_cache_lifetime(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session *s = tcpcrypt_test_sessions(test, 3);
	struct tcpcrypt_session *n = tcpcrypt_test_sessions(test, 3);
	struct tcpcrypt_cached out;
	__be32 peer = htonl(0x0a000002);
	int i;

	tn->cache_lifetime = 60;
	for (i = 0; i < 3; i++) {
		tcpcrypt_test_sess(&s[i], 0);
		tcpcrypt_test_next(test, &s[i], &n[i]);
	}
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &s[0]), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &s[1]), 0);
	tcpcrypt_cache_test_age(tn, 30 * HZ);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, false, 1, &s[2]), 0);
	/* Not yet. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_expire(tn), 0U);
	tcpcrypt_cache_test_age(tn, 30 * HZ);
	/* The first two are 60 s old now, the third 30 s. */
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_server(tn, n[1].sid, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_take_server(tn, n[2].sid, &out));

	/* A lifetime lowered below an entry's age takes effect at once. */
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &s[0]), 0);
	tcpcrypt_cache_test_age(tn, 10 * HZ);
	tn->cache_lifetime = 10;
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &peer, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
}

static void tcpcrypt_test_cache_gc(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session s[2];
	__be32 peer = htonl(0x0a000002);

	tn->cache_lifetime = 60;
	/* Empty: the GC does not arm itself again. */
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_test_gc(tn));
	tcpcrypt_test_sess(&s[0], 0);
	tcpcrypt_test_sess(&s[1], 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &s[0]), 0);
	tcpcrypt_cache_test_age(tn, 40 * HZ);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &peer, true, 1, &s[1]), 0);
	tcpcrypt_cache_test_age(tn, 20 * HZ);

	/* Idle, the GC alone wipes the expired entry and re-arms for the other. */
	KUNIT_EXPECT_TRUE(test, tcpcrypt_cache_test_gc(tn));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 1U);
	tcpcrypt_cache_test_age(tn, 40 * HZ);
	/* The last one goes, and with nothing left the GC stops. */
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_test_gc(tn));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_test_gc(tn));
}

static void tcpcrypt_test_cache_flush(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session s;
	struct tcpcrypt_cached out;
	__be32 p1 = htonl(0x0a000002), p2 = htonl(0x0a000003);
	__be32 p6[4];
	int i;

	tcpcrypt_test_v6(p6, 2);
	for (i = 0; i < 2; i++) {
		tcpcrypt_test_sess(&s, 0);
		KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &p1, true, 1, &s), 0);
	}
	tcpcrypt_test_sess(&s, 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &p1, false, 1, &s), 0);
	tcpcrypt_test_sess(&s, 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &p2, true, 1, &s), 0);
	tcpcrypt_test_sess(&s, 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET6, p6, true, 1, &s), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 5U);

	/* One peer, both roles; the others stay. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_flush_peer(tn, AF_INET, &p1), 3U);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_flush_peer(tn, AF_INET, &p1), 0U);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 2U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &p1, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_flush(tn), 2U);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_flush(tn), 0U);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET, &p2, &out));
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET6, p6, &out));
}

static void tcpcrypt_test_cache_families(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session s4, s6, n4, n6;
	struct tcpcrypt_cached out;
	__be32 p4 = htonl(0x0a000002);
	/* The same first word, as an IPv6 address. */
	__be32 p6[4] = { htonl(0x0a000002), 0, 0, 0 };

	tcpcrypt_test_sess(&s4, 0);
	tcpcrypt_test_sess(&s6, 0);
	tcpcrypt_test_next(test, &s4, &n4);
	tcpcrypt_test_next(test, &s6, &n6);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &p4, true, 1, &s4), 0);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_INET6, p6, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_flush_peer(tn, AF_INET6, p6), 0U);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET6, p6, true, 1, &s6), 0);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET6, p6, &out));
	KUNIT_EXPECT_EQ(test, out.family, AF_INET6);
	TCPCRYPT_EXPECT_MEMEQ(test, out.sess.sid, n6.sid, sizeof(n6.sid));
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &p4, &out));
	KUNIT_EXPECT_EQ(test, out.family, AF_INET);
	TCPCRYPT_EXPECT_MEMEQ(test, out.sess.sid, n4.sid, sizeof(n4.sid));

	/* No other family is stored. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_store(tn, AF_UNSPEC, p6, true, 1, &s4),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_cache_take_client(tn, AF_UNSPEC, p6, &out));
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), 0U);
}

/* Stores and takes from a timer, as the hooks do; lockdep watches. */
struct tcpcrypt_cache_softirq {
	struct timer_list timer;
	struct tcpcrypt_net *tn;
	struct tcpcrypt_session cur;
	__be32 peer;
	int stored;
	bool took;
	bool in_softirq;
	struct tcpcrypt_cached out;
	struct completion done;
};

static void tcpcrypt_cache_softirq_fn(struct timer_list *t)
{
	struct tcpcrypt_cache_softirq *s = from_timer(s, t, timer);

	s->in_softirq = in_serving_softirq();
	s->took = tcpcrypt_cache_take_client(s->tn, AF_INET, &s->peer, &s->out);
	s->stored = tcpcrypt_cache_store(s->tn, AF_INET, &s->peer, true, 1, &s->cur);
	complete(&s->done);
}

static void tcpcrypt_test_cache_softirq(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_cache_softirq *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct tcpcrypt_session first, n1, n2;
	struct tcpcrypt_cached out;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->tn = tn;
	s->peer = htonl(0x0a000002);
	tcpcrypt_test_sess(&first, 0);
	tcpcrypt_test_sess(&s->cur, 0);
	tcpcrypt_test_next(test, &first, &n1);
	tcpcrypt_test_next(test, &s->cur, &n2);
	init_completion(&s->done);
	KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET, &s->peer, true, 1, &first), 0);

	timer_setup(&s->timer, tcpcrypt_cache_softirq_fn, 0);
	mod_timer(&s->timer, jiffies + 1);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&s->done, 10 * HZ), 0UL);
	del_timer_sync(&s->timer);

	KUNIT_EXPECT_TRUE(test, s->in_softirq);
	KUNIT_EXPECT_TRUE(test, s->took);
	TCPCRYPT_EXPECT_MEMEQ(test, s->out.sess.sid, n1.sid, sizeof(n1.sid));
	KUNIT_EXPECT_EQ(test, s->stored, 0);
	KUNIT_ASSERT_TRUE(test, tcpcrypt_cache_take_client(tn, AF_INET, &s->peer, &out));
	TCPCRYPT_EXPECT_MEMEQ(test, out.sess.sid, n2.sid, sizeof(n2.sid));
}

static void tcpcrypt_test_cache_many(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_session s;
	struct tcpcrypt_cached out;
	__be32 peer[4];
	int i, found = 0;

	/* Twice the bound, IPv6 peers; exit wipes what is left. */
	for (i = 0; i < 2 * TCPCRYPT_CACHE_MAX_DEFAULT; i++) {
		tcpcrypt_test_v6(peer, i);
		tcpcrypt_test_sess(&s, 0);
		KUNIT_ASSERT_EQ(test, tcpcrypt_cache_store(tn, AF_INET6, peer, true, 1, &s), 0);
	}
	KUNIT_EXPECT_EQ(test, tcpcrypt_cache_count(tn), TCPCRYPT_CACHE_MAX_DEFAULT);
	for (i = 0; i < 2 * TCPCRYPT_CACHE_MAX_DEFAULT; i += 64) {
		bool hit;

		tcpcrypt_test_v6(peer, i);
		hit = tcpcrypt_cache_take_client(tn, AF_INET6, peer, &out);
		/* The newer half only. */
		KUNIT_EXPECT_EQ(test, hit, i >= TCPCRYPT_CACHE_MAX_DEFAULT);
		found += hit;
	}
	KUNIT_EXPECT_EQ(test, found, TCPCRYPT_CACHE_MAX_DEFAULT / 64);
}

static struct kunit_case tcpcrypt_cache_cases[] = {
	KUNIT_CASE(tcpcrypt_test_cache_defaults),
	KUNIT_CASE(tcpcrypt_test_cache_client),
	KUNIT_CASE(tcpcrypt_test_cache_server),
	KUNIT_CASE(tcpcrypt_test_cache_prefix_mismatch),
	KUNIT_CASE(tcpcrypt_test_cache_roles),
	KUNIT_CASE(tcpcrypt_test_cache_replace),
	KUNIT_CASE(tcpcrypt_test_cache_newest_first),
	KUNIT_CASE(tcpcrypt_test_cache_chain),
	KUNIT_CASE(tcpcrypt_test_cache_max),
	KUNIT_CASE(tcpcrypt_test_cache_off),
	KUNIT_CASE(tcpcrypt_test_cache_lifetime),
	KUNIT_CASE(tcpcrypt_test_cache_gc),
	KUNIT_CASE(tcpcrypt_test_cache_flush),
	KUNIT_CASE(tcpcrypt_test_cache_families),
	KUNIT_CASE(tcpcrypt_test_cache_softirq),
	KUNIT_CASE(tcpcrypt_test_cache_many),
	{}
};

static struct kunit_suite tcpcrypt_cache_suite = {
	.name = "tcpcrypt_sesscache",
	.init = tcpcrypt_cache_test_init,
	.exit = tcpcrypt_cache_test_exit,
	.test_cases = tcpcrypt_cache_cases,
};

/* ---- the short-lived key pairs -------------------------------------------- */

static const struct tcpcrypt_pubkey_ops *tcpcrypt_test_pks[] = {
	&tcpcrypt_pubkey_p256, &tcpcrypt_pubkey_x25519,
};

static int tcpcrypt_keys_test_init(struct kunit *test)
{
	struct tcpcrypt_net *tn = kunit_kzalloc(test, sizeof(*tn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tn);
	KUNIT_ASSERT_EQ(test, tcpcrypt_keys_init(tn), 0);
	test->priv = tn;
	return 0;
}

static void tcpcrypt_keys_test_exit(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;

	tcpcrypt_keys_exit(tn);
	rcu_barrier();	/* the pairs are freed by RCU callbacks */
}

/* The public key identifies a pair; pointers may be reused once freed. */
static u64 tcpcrypt_test_fp(const struct tcpcrypt_ckey *ck)
{
	u64 fp;

	/* Past P-256's 0x04 prefix byte. */
	memcpy(&fp, ck->key + 1, sizeof(fp));
	return fp;
}

/* The current pair's fingerprint, without counting a use; 0 if none. */
static u64 tcpcrypt_test_peek(struct tcpcrypt_net *tn,
			      const struct tcpcrypt_pubkey_ops *pk)
{
	const struct tcpcrypt_ckey *ck;
	u64 fp = 0;

	rcu_read_lock();
	ck = tcpcrypt_ckey_get(tn, pk);
	if (ck)
		fp = tcpcrypt_test_fp(ck);
	rcu_read_unlock();
	return fp;
}

/* Use a pair as the handshake does; its fingerprint, or 0 when refused. */
static u64 tcpcrypt_test_use(struct kunit *test, struct tcpcrypt_net *tn,
			     const struct tcpcrypt_pubkey_ops *pk)
{
	const struct tcpcrypt_ckey *ck;
	u64 fp = 0;

	rcu_read_lock();
	ck = tcpcrypt_ckey_use(tn, pk);
	if (ck) {
		KUNIT_EXPECT_PTR_EQ(test, ck->pk, pk);
		KUNIT_EXPECT_EQ(test, ck->len, pk->ckey_min);
		fp = tcpcrypt_test_fp(ck);
	}
	rcu_read_unlock();
	return fp;
}

/* The current pair, for a test to age it; nothing else replaces it then. */
static struct tcpcrypt_ckey *tcpcrypt_test_ckey(struct tcpcrypt_net *tn,
						const struct tcpcrypt_pubkey_ops *pk)
{
	struct tcpcrypt_ckey *ck;

	rcu_read_lock();
	ck = (struct tcpcrypt_ckey *)tcpcrypt_ckey_get(tn, pk);
	rcu_read_unlock();
	return ck;
}

static void tcpcrypt_test_keys_try_use(struct kunit *test)
{
	struct tcpcrypt_ckey *ck = kunit_kzalloc(test, sizeof(*ck), GFP_KERNEL);
	unsigned long now = jiffies, life = 100 * HZ;
	bool kick;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ck);
	ck->born = now;
	/* Four uses: the third starts the replacement, the fifth is refused. */
	for (i = 1; i <= 4; i++) {
		KUNIT_EXPECT_TRUE(test, tcpcrypt_ckey_try_use(ck, 4, life, now, &kick));
		KUNIT_EXPECT_EQ(test, kick, i == 3);
	}
	KUNIT_EXPECT_FALSE(test, tcpcrypt_ckey_try_use(ck, 4, life, now, &kick));
	KUNIT_EXPECT_FALSE(test, kick);
	/* Refusals do not count. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ck->uses), 4);
	/* A raised limit lets it serve on. */
	KUNIT_EXPECT_TRUE(test, tcpcrypt_ckey_try_use(ck, 8, life, now, &kick));

	/* A limit of one: the only use asks for the next pair. */
	memset(ck, 0, sizeof(*ck));
	ck->born = now;
	KUNIT_EXPECT_TRUE(test, tcpcrypt_ckey_try_use(ck, 1, life, now, &kick));
	KUNIT_EXPECT_TRUE(test, kick);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_ckey_try_use(ck, 1, life, now, &kick));

	/* By age: due with an eighth of the lifetime left, refused after it. */
	memset(ck, 0, sizeof(*ck));
	ck->born = now;
	KUNIT_EXPECT_TRUE(test, tcpcrypt_ckey_try_use(ck, 100, life, now + life / 2, &kick));
	KUNIT_EXPECT_FALSE(test, kick);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_ckey_try_use(ck, 100, life,
						      now + life - life / 8, &kick));
	KUNIT_EXPECT_TRUE(test, kick);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_ckey_try_use(ck, 100, life, now + life - 1, &kick));
	KUNIT_EXPECT_FALSE(test, kick);
	KUNIT_EXPECT_FALSE(test, tcpcrypt_ckey_try_use(ck, 100, life, now + life, &kick));
	KUNIT_EXPECT_EQ(test, atomic_read(&ck->uses), 3);

	/* Expired at once, asks at once. */
	memset(ck, 0, sizeof(*ck));
	ck->born = now - life;
	KUNIT_EXPECT_FALSE(test, tcpcrypt_ckey_try_use(ck, 100, life, now, &kick));
	KUNIT_EXPECT_TRUE(test, kick);
}

static void tcpcrypt_test_keys_use_limit(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_ckey *ck;
	int i, j;

	tn->key_max_uses = 4;
	for (i = 0; i < ARRAY_SIZE(tcpcrypt_test_pks); i++) {
		const struct tcpcrypt_pubkey_ops *pk = tcpcrypt_test_pks[i];
		u64 old = tcpcrypt_test_peek(tn, pk), fp;

		KUNIT_ASSERT_NE(test, old, 0ULL);
		/* Three uses start the replacement; wait for it. */
		for (j = 0; j < 3; j++) {
			fp = tcpcrypt_test_use(test, tn, pk);
			KUNIT_EXPECT_EQ(test, fp, old);
		}
		flush_delayed_work(&tn->key_work);
		fp = tcpcrypt_test_use(test, tn, pk);
		KUNIT_EXPECT_NE(test, fp, 0ULL);
		KUNIT_EXPECT_NE(test, fp, old);
		KUNIT_EXPECT_EQ(test, atomic_read(&tcpcrypt_test_ckey(tn, pk)->uses), 1);
	}

	/* A lowered limit applies to the current pair at once. */
	tn->key_max_uses = 0;
	for (j = 0; j < 4; j++)
		KUNIT_EXPECT_NE(test, tcpcrypt_test_use(test, tn, &tcpcrypt_pubkey_x25519), 0ULL);
	tn->key_max_uses = 2;
	/* It has served five: no more, and it is replaced. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_use(test, tn, &tcpcrypt_pubkey_x25519), 0ULL);
	flush_delayed_work(&tn->key_work);
	ck = tcpcrypt_test_ckey(tn, &tcpcrypt_pubkey_x25519);
	KUNIT_EXPECT_EQ(test, atomic_read(&ck->uses), 0);
	KUNIT_EXPECT_NE(test, tcpcrypt_test_use(test, tn, &tcpcrypt_pubkey_x25519), 0ULL);
}

/* With one use per pair, no pair ever serves twice, however fast they go. */
static void tcpcrypt_test_keys_one_use(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	u64 seen[16];
	int i, j, n = 0, again = 0;

	tn->key_max_uses = 1;
	for (i = 0; i < 64 && n < ARRAY_SIZE(seen); i++) {
		u64 fp = tcpcrypt_test_use(test, tn, &tcpcrypt_pubkey_x25519);

		if (!fp) {
			/* The next pair is not made yet: let the work run. */
			flush_delayed_work(&tn->key_work);
			continue;
		}
		for (j = 0; j < n; j++)
			again += fp == seen[j];
		seen[n++] = fp;
	}
	KUNIT_EXPECT_EQ(test, again, 0);
	KUNIT_EXPECT_EQ(test, n, (int)ARRAY_SIZE(seen));
}

static void tcpcrypt_test_keys_rotate(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	u64 before[2];
	int i;

	for (i = 0; i < 2; i++) {
		before[i] = tcpcrypt_test_peek(tn, tcpcrypt_test_pks[i]);
		KUNIT_ASSERT_NE(test, before[i], 0ULL);
		KUNIT_EXPECT_NE(test, tcpcrypt_test_use(test, tn, tcpcrypt_test_pks[i]), 0ULL);
	}
	tcpcrypt_keys_rotate(tn);
	for (i = 0; i < 2; i++) {
		struct tcpcrypt_ckey *ck = tcpcrypt_test_ckey(tn, tcpcrypt_test_pks[i]);

		KUNIT_ASSERT_NOT_NULL(test, ck);
		KUNIT_EXPECT_NE(test, tcpcrypt_test_fp(ck), before[i]);
		KUNIT_EXPECT_EQ(test, atomic_read(&ck->uses), 0);
		KUNIT_EXPECT_FALSE(test, test_bit(TCPCRYPT_CKEY_RETIRING, &ck->flags));
	}
}

static void tcpcrypt_test_keys_lifetime(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	const struct tcpcrypt_pubkey_ops *pk = &tcpcrypt_pubkey_x25519;
	unsigned long param = READ_ONCE(tcpcrypt_param_key_lifetime);
	struct tcpcrypt_ckey *ck;
	u64 old;

	/* The namespace's lifetime, read at each use. */
	tn->key_lifetime = 100;
	ck = tcpcrypt_test_ckey(tn, pk);
	old = tcpcrypt_test_fp(ck);
	WRITE_ONCE(ck->born, jiffies - 50 * HZ);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_use(test, tn, pk), old);
	WRITE_ONCE(ck->born, jiffies - 100 * HZ);
	tn->key_lifetime = 200;
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_use(test, tn, pk), old);
	tn->key_lifetime = 100;
	/* Expired: not handed out, and its replacement is on its way. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_use(test, tn, pk), 0ULL);
	flush_delayed_work(&tn->key_work);
	KUNIT_EXPECT_NE(test, tcpcrypt_test_peek(tn, pk), old);
	KUNIT_EXPECT_NE(test, tcpcrypt_test_use(test, tn, pk), 0ULL);

	/* Without one, the module parameter's. */
	tn->key_lifetime = 0;
	ck = tcpcrypt_test_ckey(tn, pk);
	old = tcpcrypt_test_fp(ck);
	WRITE_ONCE(ck->born, jiffies - (param / 2) * HZ);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_use(test, tn, pk), old);
	WRITE_ONCE(ck->born, jiffies - param * HZ);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_use(test, tn, pk), 0ULL);
	flush_delayed_work(&tn->key_work);
	KUNIT_EXPECT_NE(test, tcpcrypt_test_use(test, tn, pk), 0ULL);
}

/* Unused, pairs are still replaced on time, by the work item alone. */
static void tcpcrypt_test_keys_timed(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	unsigned long life = 80 * HZ, renew = life - life / 8;
	u64 before[2];
	int i;

	tn->key_lifetime = 80;
	/* The timer set at init follows the parameter; re-arm for 80 s. */
	mod_delayed_work(tcpcrypt_wq, &tn->key_work, 0);
	flush_delayed_work(&tn->key_work);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&tn->key_work));
	KUNIT_EXPECT_LE(test, tn->key_work.timer.expires, jiffies + renew);
	KUNIT_EXPECT_GT(test, tn->key_work.timer.expires, jiffies + renew / 2);

	for (i = 0; i < 2; i++) {
		struct tcpcrypt_ckey *ck = tcpcrypt_test_ckey(tn, tcpcrypt_test_pks[i]);

		before[i] = tcpcrypt_test_fp(ck);
		WRITE_ONCE(ck->born, ck->born - renew);
	}
	/* As if the timer fired now. */
	mod_delayed_work(tcpcrypt_wq, &tn->key_work, 0);
	flush_delayed_work(&tn->key_work);
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_NE(test, tcpcrypt_test_peek(tn, tcpcrypt_test_pks[i]), before[i]);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&tn->key_work));
}

/* ---- use under concurrent rotation ---- */

struct tcpcrypt_run {
	u64 fp;
	unsigned int n;
};

#define TCPCRYPT_HAMMER_RUNS	4096

struct tcpcrypt_hammer {
	struct tcpcrypt_net *tn;
	const struct tcpcrypt_pubkey_ops *pk;
	bool stop;
	unsigned int iters, refused, overflow;
	/* Consecutive uses of one pair, in order. */
	struct tcpcrypt_run *runs;
	unsigned int nruns;
	struct completion done;
	struct task_struct *task;
};

static int tcpcrypt_hammer_fn(void *arg)
{
	struct tcpcrypt_hammer *h = arg;

	while (!READ_ONCE(h->stop)) {
		const struct tcpcrypt_ckey *ck;
		u64 fp = 0;

		/* As the hooks do: BH off, under RCU. */
		local_bh_disable();
		rcu_read_lock();
		ck = tcpcrypt_ckey_use(h->tn, h->pk);
		if (ck && ck->pk == h->pk && ck->len == h->pk->ckey_min)
			fp = tcpcrypt_test_fp(ck);
		rcu_read_unlock();
		local_bh_enable();

		if (!ck) {
			h->refused++;
		} else if (h->nruns && h->runs[h->nruns - 1].fp == fp) {
			h->runs[h->nruns - 1].n++;
		} else if (h->nruns < TCPCRYPT_HAMMER_RUNS) {
			h->runs[h->nruns].fp = fp;
			h->runs[h->nruns++].n = 1;
		} else {
			h->overflow++;
		}
		WRITE_ONCE(h->iters, h->iters + 1);
		cond_resched();
	}
	complete(&h->done);
	return 0;
}

static void tcpcrypt_hammer_stop(struct tcpcrypt_hammer *h)
{
	if (IS_ERR_OR_NULL(h->task))
		return;
	WRITE_ONCE(h->stop, true);
	/* It ignores kthread_stop(): wait for its loop to end first. */
	wait_for_completion(&h->done);
	kthread_stop(h->task);
	put_task_struct(h->task);
}

/*
 * Two users of tn, started together. No assertion may end the test while
 * they run: they would outlive tn. False if they could not be started.
 */
static bool tcpcrypt_hammers_start(struct kunit *test, struct tcpcrypt_hammer *h,
				   struct tcpcrypt_net *tn,
				   const struct tcpcrypt_pubkey_ops *pk0,
				   const struct tcpcrypt_pubkey_ops *pk1)
{
	int i;

	for (i = 0; i < 2; i++) {
		h[i].tn = tn;
		h[i].pk = i ? pk1 : pk0;
		h[i].runs = kunit_kcalloc(test, TCPCRYPT_HAMMER_RUNS,
					  sizeof(*h[i].runs), GFP_KERNEL);
		if (!h[i].runs)
			return false;
		init_completion(&h[i].done);
	}
	for (i = 0; i < 2; i++) {
		h[i].task = kthread_run(tcpcrypt_hammer_fn, &h[i], "tcpcrypt-hammer%d", i);
		if (IS_ERR(h[i].task)) {
			tcpcrypt_hammer_stop(&h[0]);
			return false;
		}
		get_task_struct(h[i].task);
	}
	return true;
}

/* Wait (bounded) until h has used a pair n more times. */
static bool tcpcrypt_hammer_wait(struct tcpcrypt_hammer *h, unsigned int n)
{
	unsigned int target = READ_ONCE(h->iters) + n;
	int i;

	for (i = 0; i < 10000 && (int)(READ_ONCE(h->iters) - target) < 0; i++)
		usleep_range(100, 200);
	return (int)(READ_ONCE(h->iters) - target) >= 0;
}

static int tcpcrypt_run_cmp(const void *a, const void *b)
{
	const struct tcpcrypt_run *x = a, *y = b;

	return x->fp < y->fp ? -1 : x->fp > y->fp;
}

/*
 * Rotation under use: never a moment without a pair (no use is refused),
 * never a pair that went coming back, and every rotation seen by users.
 */
static void tcpcrypt_test_keys_concurrent_rotate(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_hammer *h = kunit_kcalloc(test, 2, sizeof(*h), GFP_KERNEL);
	unsigned int rotations = 6, i, j;
	bool progress = true;

	KUNIT_ASSERT_NOT_NULL(test, h);
	/* No use limit: only the rotations replace pairs. */
	tn->key_max_uses = INT_MAX;
	KUNIT_ASSERT_TRUE(test, tcpcrypt_hammers_start(test, h, tn, &tcpcrypt_pubkey_x25519,
						       &tcpcrypt_pubkey_p256));
	/* Each user sees the first pair, and each new one before the next rotation. */
	for (i = 0; i <= rotations; i++) {
		if (i)
			tcpcrypt_keys_rotate(tn);
		progress &= tcpcrypt_hammer_wait(&h[0], 8);
		progress &= tcpcrypt_hammer_wait(&h[1], 8);
	}
	tcpcrypt_hammer_stop(&h[0]);
	tcpcrypt_hammer_stop(&h[1]);

	KUNIT_EXPECT_TRUE(test, progress);
	for (j = 0; j < 2; j++) {
		unsigned int bad = 0, again = 0;

		kunit_info(test, "%s: %u uses, %u pairs, %u refused\n", h[j].pk->name,
			   h[j].iters, h[j].nruns, h[j].refused);
		KUNIT_EXPECT_EQ(test, h[j].refused, 0U);
		KUNIT_EXPECT_EQ(test, h[j].overflow, 0U);
		KUNIT_EXPECT_GE(test, h[j].nruns, rotations + 1);
		for (i = 0; i < h[j].nruns; i++)
			bad += !h[j].runs[i].fp;
		KUNIT_EXPECT_EQ(test, bad, 0U);
		sort(h[j].runs, h[j].nruns, sizeof(*h[j].runs), tcpcrypt_run_cmp, NULL);
		for (i = 1; i < h[j].nruns; i++)
			again += h[j].runs[i].fp == h[j].runs[i - 1].fp;
		KUNIT_EXPECT_EQ(test, again, 0U);
	}
}

/*
 * Two users wear out pairs of a small limit while rotations are asked for
 * too: whatever the interleaving, no pair serves more than the limit.
 */
static void tcpcrypt_test_keys_concurrent_limit(struct kunit *test)
{
	struct tcpcrypt_net *tn = test->priv;
	struct tcpcrypt_hammer *h = kunit_kcalloc(test, 2, sizeof(*h), GFP_KERNEL);
	struct tcpcrypt_run *all;
	unsigned int i, n, sum, pairs = 0, served = 0, over = 0, bad = 0;
	bool progress = true;

	KUNIT_ASSERT_NOT_NULL(test, h);
	tn->key_max_uses = 8;
	KUNIT_ASSERT_TRUE(test, tcpcrypt_hammers_start(test, h, tn, &tcpcrypt_pubkey_x25519,
						       &tcpcrypt_pubkey_x25519));
	for (i = 0; i < 20; i++) {
		progress &= tcpcrypt_hammer_wait(&h[0], 32);
		progress &= tcpcrypt_hammer_wait(&h[1], 32);
		if (i % 5 == 4)
			tcpcrypt_keys_rotate(tn);
	}
	tcpcrypt_hammer_stop(&h[0]);
	tcpcrypt_hammer_stop(&h[1]);
	KUNIT_EXPECT_TRUE(test, progress);
	KUNIT_EXPECT_EQ(test, h[0].overflow + h[1].overflow, 0U);

	/* Sum the uses of each pair over both users. */
	n = h[0].nruns + h[1].nruns;
	all = kunit_kcalloc(test, n, sizeof(*all), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, all);
	memcpy(all, h[0].runs, h[0].nruns * sizeof(*all));
	memcpy(all + h[0].nruns, h[1].runs, h[1].nruns * sizeof(*all));
	sort(all, n, sizeof(*all), tcpcrypt_run_cmp, NULL);
	for (i = 0; i < n;) {
		u64 fp = all[i].fp;

		bad += !fp;
		for (sum = 0; i < n && all[i].fp == fp; i++)
			sum += all[i].n;
		over += sum > 8;
		served += sum;
		pairs++;
	}
	kunit_info(test, "%u uses, %u served by %u pairs\n",
		   h[0].iters + h[1].iters, served, pairs);
	KUNIT_EXPECT_EQ(test, bad, 0U);
	/* No pair served more than the limit. */
	KUNIT_EXPECT_EQ(test, over, 0U);
	/* Pairs were worn out and replaced many times over. */
	KUNIT_EXPECT_GE(test, pairs, 4U);
	KUNIT_EXPECT_GT(test, served, 8U);
}

static struct kunit_case tcpcrypt_keys_cases[] = {
	KUNIT_CASE(tcpcrypt_test_keys_try_use),
	KUNIT_CASE(tcpcrypt_test_keys_use_limit),
	KUNIT_CASE(tcpcrypt_test_keys_one_use),
	KUNIT_CASE(tcpcrypt_test_keys_rotate),
	KUNIT_CASE(tcpcrypt_test_keys_lifetime),
	KUNIT_CASE(tcpcrypt_test_keys_timed),
	KUNIT_CASE(tcpcrypt_test_keys_concurrent_rotate),
	KUNIT_CASE(tcpcrypt_test_keys_concurrent_limit),
	{}
};

static struct kunit_suite tcpcrypt_keys_suite = {
	.name = "tcpcrypt_keys",
	.init = tcpcrypt_keys_test_init,
	.exit = tcpcrypt_keys_test_exit,
	.test_cases = tcpcrypt_keys_cases,
};

kunit_test_suites(&tcpcrypt_cache_suite, &tcpcrypt_keys_suite);
