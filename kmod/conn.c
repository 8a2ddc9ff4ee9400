// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table of a namespace and the life of its entries.
 *
 * The table holds one reference; work items and timers hold their own.
 * An entry leaves the table when its socket is gone (the GC looks for it
 * every second), when a handshake falls back to plain TCP, or when the
 * namespace goes; it is freed after an RCU grace period once the last
 * reference goes.
 */
#include <linux/error-injection.h>
#include <linux/slab.h>
#include <linux/jhash.h>
#include <net/inet_hashtables.h>
#include <net/inet6_hashtables.h>
#include <net/tcp.h>
#include <linux/sock_diag.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "rsakey.h"
#include "trace.h"
#include "netlink.h"

const char *const tcpcrypt_state_names[TCPCRYPT_NSTATES] = {
	[TCPCRYPT_SYN_SENT]	= "syn-sent",
	[TCPCRYPT_SYN_RCVD]	= "syn-rcvd",
	[TCPCRYPT_INIT1_READY]	= "init1-ready",
	[TCPCRYPT_INIT1_SENT]	= "init1-sent",
	[TCPCRYPT_KEYING]	= "keying",
	[TCPCRYPT_ENCRYPTING]	= "encrypting",
	[TCPCRYPT_FAILED]	= "failed",
};

static const struct rhashtable_params tcpcrypt_conn_params = {
	.key_len = sizeof(struct tcpcrypt_conn_key),
	.key_offset = offsetof(struct tcpcrypt_conn, key),
	.head_offset = offsetof(struct tcpcrypt_conn, node),
	.automatic_shrinking = true,
};

#define TCPCRYPT_GC_INTERVAL	HZ

/*
 * Connections come from their own cache: kmalloc would round each one up
 * to the next power of two, a third or more of it unused.
 */
static struct kmem_cache *tcpcrypt_conn_cachep __read_mostly;

int tcpcrypt_conn_cache_init(void)
{
	tcpcrypt_conn_cachep = KMEM_CACHE(tcpcrypt_conn, 0);
	return tcpcrypt_conn_cachep ? 0 : -ENOMEM;
}

/* After rcu_barrier(): the last connections are freed by RCU callbacks. */
void tcpcrypt_conn_cache_exit(void)
{
	kmem_cache_destroy(tcpcrypt_conn_cachep);
}

static void tcpcrypt_conn_free_rcu(struct rcu_head *rcu)
{
	struct tcpcrypt_conn *conn = container_of(rcu, struct tcpcrypt_conn, rcu);

	tcpcrypt_dir_key_clear(&conn->tx);
	tcpcrypt_dir_key_clear(&conn->rx);
	if (conn->pk_state) {
		tcpcrypt_rsakey_put(conn->pk_state->key);
		kfree_sensitive(conn->pk_state);
	}
	memzero_explicit(&conn->sess, sizeof(conn->sess));
	kfree_sensitive(conn->init1);
	kfree(conn->init2);
	kmem_cache_free(tcpcrypt_conn_cachep, conn);
}

void tcpcrypt_conn_put(struct tcpcrypt_conn *conn)
{
	if (!refcount_dec_and_test(&conn->refcnt))
		return;
	/* Nothing else can reach it: the table, work and timer refs are gone. */
	/* What the allocator handed out, as charged (ksize(NULL) is 0). */
	tcpcrypt_mem_charge(conn->tn, -(long)(ksize(conn) + ksize(conn->init1) +
					      ksize(conn->init2) +
					      ksize(conn->pk_state) +
					      (conn->init2_skb ?
					       conn->init2_skb->truesize : 0)));
	kfree_skb(conn->init2_skb);
	atomic_dec(&conn->tn->nconns);
	call_rcu(&conn->rcu, tcpcrypt_conn_free_rcu);
}

struct tcpcrypt_conn *tcpcrypt_conn_lookup(struct tcpcrypt_net *tn,
					   const struct tcpcrypt_conn_key *key)
{
	return rhashtable_lookup(&tn->conns, key, tcpcrypt_conn_params);
}

struct tcpcrypt_conn *tcpcrypt_conn_create(struct tcpcrypt_net *tn,
					   const struct tcpcrypt_conn_key *key,
					   bool is_client)
{
	struct tcpcrypt_conn *conn, *old;

	if (atomic_inc_return(&tn->nconns) > READ_ONCE(tn->max_conns)) {
		atomic_dec(&tn->nconns);
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_CONN_LIMIT);
		return ERR_PTR(-ENOSPC);
	}
	conn = kmem_cache_zalloc(tcpcrypt_conn_cachep, GFP_ATOMIC);
	if (!conn) {
		atomic_dec(&tn->nconns);
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
		return ERR_PTR(-ENOMEM);
	}
	conn->key = *key;
	conn->tn = tn;
	conn->is_client = is_client;
	conn->state = is_client ? TCPCRYPT_SYN_SENT : TCPCRYPT_SYN_RCVD;
	conn->started = jiffies;
	spin_lock_init(&conn->lock);
	spin_lock_init(&conn->tx_lock);
	spin_lock_init(&conn->rx_lock);
	refcount_set(&conn->refcnt, 1);
	tcpcrypt_handshake_conn_init(conn);

	old = rhashtable_lookup_get_insert_fast(&tn->conns, &conn->node,
						tcpcrypt_conn_params);
	if (old) {
		/* Raced with another SYN of the same tuple: keep the first. */
		atomic_dec(&tn->nconns);
		kmem_cache_free(tcpcrypt_conn_cachep, conn);
		return IS_ERR(old) ? old : ERR_PTR(-EEXIST);
	}
	tcpcrypt_mem_charge(tn, ksize(conn));
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_CONNS_CREATED);
	return conn;
}
ALLOW_ERROR_INJECTION(tcpcrypt_conn_create, ERRNO);

/* Take the entry out of the table; the table's reference goes with it. */
void tcpcrypt_conn_unlink(struct tcpcrypt_conn *conn)
{
	if (rhashtable_remove_fast(&conn->tn->conns, &conn->node,
				   tcpcrypt_conn_params))
		return;		/* someone else unlinked it */
	tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_CLOSED);
	tcpcrypt_handshake_conn_stop(conn);
	tcpcrypt_conn_put(conn);
}

/*
 * The local socket of this connection (request, full or TIME-WAIT), with a
 * reference the caller drops with sock_gen_put(), or NULL if it is gone.
 * The lookup names the device the socket is bound to, as TCP's own input
 * does (link-local IPv6, SO_BINDTODEVICE, VRF); once the socket's cookie is
 * known, a different socket with the same tuple is not this one.
 */
struct sock *tcpcrypt_key_socket(struct net *net,
				 const struct tcpcrypt_conn_key *k,
				 int dif, int sdif)
{
	struct sock *sk = NULL;

	if (k->family == AF_INET)
		sk = __inet_lookup_established(net, net->ipv4.tcp_death_row.hashinfo,
					       k->raddr[0], k->rport,
					       k->laddr[0], ntohs(k->lport),
					       dif, sdif);
#if IS_ENABLED(CONFIG_IPV6)
	else
		sk = __inet6_lookup_established(net, net->ipv4.tcp_death_row.hashinfo,
						(const struct in6_addr *)k->raddr,
						k->rport,
						(const struct in6_addr *)k->laddr,
						ntohs(k->lport), dif, sdif);
#endif
	return sk;
}

static struct sock *tcpcrypt_conn_socket(const struct tcpcrypt_conn *conn)
{
	int dif = READ_ONCE(conn->bound_dev_if);
	u64 cookie = READ_ONCE(conn->sock_cookie);
	struct sock *sk;

	sk = tcpcrypt_key_socket(conn->tn->net, &conn->key, dif, dif);
	if (sk && cookie && atomic64_read(&sk->sk_cookie) != cookie) {
		sock_gen_put(sk);
		sk = NULL;
	}
	return sk;
}

static bool tcpcrypt_conn_has_socket(const struct tcpcrypt_conn *conn)
{
	struct sock *sk = tcpcrypt_conn_socket(conn);

	if (!sk)
		return false;
	sock_gen_put(sk);
	return true;
}

bool tcpcrypt_conn_owns(struct tcpcrypt_conn *conn, struct sock *sk)
{
	__u32 c[2];
	u64 cookie;

	/* TCP's minisockets: a request socket's SYN-ACK, TIME-WAIT's ACKs. */
	if (!sk_fullsock(sk)) {
		sock_diag_save_cookie(sk, c);
	} else {
		if (sk->sk_type != SOCK_STREAM || sk->sk_protocol != IPPROTO_TCP ||
		    tcp_sk(sk)->repair)
			return false;
		sock_diag_save_cookie(sk, c);
	}
	cookie = (u64)c[1] << 32 | c[0];
	if (!READ_ONCE(conn->sock_cookie))
		cmpxchg64(&conn->sock_cookie, 0, cookie);
	if (READ_ONCE(conn->sock_cookie) != cookie)
		return false;
	if (READ_ONCE(conn->bound_dev_if) != READ_ONCE(sk->sk_bound_dev_if))
		WRITE_ONCE(conn->bound_dev_if, READ_ONCE(sk->sk_bound_dev_if));
	return true;
}

/*
 * What the GC does with an entry. An entry lives exactly as long as its
 * socket: nothing that arrives (a RST, a FIN) shortens it, so that a
 * socket of an encrypted connection never outlives its keys.
 */
enum tcpcrypt_gc_verdict {
	TCPCRYPT_GC_KEEP,
	TCPCRYPT_GC_UNLINK,	/* the socket is gone */
	TCPCRYPT_GC_TIMEOUT,	/* a handshake that never finished */
	TCPCRYPT_GC_ABORT,	/* failed, its socket's abort not queued yet */
};

/*
 * A server's half-open entry with no request socket: TCP answered with a
 * SYN cookie. It waits for INIT1 about a round trip; a spoofed SYN never
 * brings one, so under a flood these go soon.
 */
#define TCPCRYPT_COOKIE_WAIT	(3 * HZ)

static enum tcpcrypt_gc_verdict tcpcrypt_conn_gc_one(struct tcpcrypt_conn *conn)
{
	enum tcpcrypt_state state = READ_ONCE(conn->state);
	bool late = time_after(jiffies, conn->started +
			       READ_ONCE(conn->tn->handshake_timeout));

	if (!tcpcrypt_conn_has_socket(conn)) {
		if (state == TCPCRYPT_SYN_RCVD &&
		    time_before(jiffies, conn->started + TCPCRYPT_COOKIE_WAIT))
			return TCPCRYPT_GC_KEEP;
		if (state == TCPCRYPT_SYN_RCVD)
			tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_HANDSHAKE_TIMEOUTS);
		return TCPCRYPT_GC_UNLINK;
	}
	if (state == TCPCRYPT_FAILED && !READ_ONCE(conn->aborting))
		return TCPCRYPT_GC_ABORT;
	if (state == TCPCRYPT_ENCRYPTING || state == TCPCRYPT_FAILED || !late)
		return TCPCRYPT_GC_KEEP;
	return TCPCRYPT_GC_TIMEOUT;
}

static void tcpcrypt_conn_gc(struct work_struct *work)
{
	struct tcpcrypt_net *tn = container_of(to_delayed_work(work),
					       struct tcpcrypt_net, gc_work);
	struct rhashtable_iter iter;
	struct tcpcrypt_conn *conn;

	rhashtable_walk_enter(&tn->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((conn = rhashtable_walk_next(&iter)) != NULL) {
		enum tcpcrypt_gc_verdict v;

		if (IS_ERR(conn))
			continue;	/* -EAGAIN: table resized under us */
		v = tcpcrypt_conn_gc_one(conn);
		if (v == TCPCRYPT_GC_KEEP || !tcpcrypt_conn_tryget(conn))
			continue;
		rhashtable_walk_stop(&iter);
		if (v == TCPCRYPT_GC_UNLINK)
			tcpcrypt_conn_unlink(conn);
		else if (v == TCPCRYPT_GC_ABORT)
			tcpcrypt_conn_abort(conn, ECONNRESET);
		else
			tcpcrypt_hs_timeout(conn);
		tcpcrypt_conn_put(conn);
		rhashtable_walk_start(&iter);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);

	if (!READ_ONCE(tn->dying))
		queue_delayed_work(system_power_efficient_wq, &tn->gc_work,
				   TCPCRYPT_GC_INTERVAL);
}

/*
 * Every socket the table knows, in every state: after unload nothing would
 * protect them, so none may go on (a request socket would otherwise finish
 * its handshake in plaintext). The namespace's counters go with it right
 * after, so TcpcryptAbortedOnExit is never read: the kernel log says it.
 */
void tcpcrypt_conn_abort_all(struct tcpcrypt_net *tn)
{
	struct rhashtable_iter iter;
	struct tcpcrypt_conn *conn;
	unsigned int n = 0;

	rhashtable_walk_enter(&tn->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((conn = rhashtable_walk_next(&iter)) != NULL) {
		struct sock *sk;

		if (IS_ERR(conn))
			continue;
		sk = tcpcrypt_conn_socket(conn);
		if (!sk)
			continue;
		rhashtable_walk_stop(&iter);
		trace_tcpcrypt_reset(conn, ECONNABORTED);
		/* The RST this sends still passes our hooks and is MACed. */
		if (!tcp_abort(sk, ECONNABORTED)) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_ABORTED_ON_EXIT);
			n++;
		}
		sock_gen_put(sk);
		rhashtable_walk_start(&iter);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	/* Rate-limited: a host tearing down many namespaces at once. */
	if (n)
		pr_info_ratelimited("network namespace %u going: %u connection(s) aborted (AbortedOnExit)\n",
				    tn->net->ns.inum, n);
}

struct tcpcrypt_abort_work {
	struct work_struct work;
	struct sock *sk;
	int err;
};

static void tcpcrypt_abort_work(struct work_struct *work)
{
	struct tcpcrypt_abort_work *aw =
		container_of(work, struct tcpcrypt_abort_work, work);

	tcp_abort(aw->sk, aw->err);
	sock_gen_put(aw->sk);
	kfree(aw);
}

/* Out of line, so that fault injection (tests/vm/tests/faultinject.sh) can fail it. */
static noinline __noclone struct tcpcrypt_abort_work *tcpcrypt_abort_work_alloc(void)
{
	return kmalloc(sizeof(struct tcpcrypt_abort_work), GFP_ATOMIC);
}
ALLOW_ERROR_INJECTION(tcpcrypt_abort_work_alloc, NULL);

/* Takes over the caller's reference on sk; false without memory. */
static bool tcpcrypt_sk_abort_queue(struct tcpcrypt_net *tn, struct sock *sk,
				    int err)
{
	struct tcpcrypt_abort_work *aw = tcpcrypt_abort_work_alloc();

	if (!aw) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
		sock_gen_put(sk);
		return false;
	}
	INIT_WORK(&aw->work, tcpcrypt_abort_work);
	aw->sk = sk;
	aw->err = err;
	queue_work(tcpcrypt_wq, &aw->work);
	return true;
}

void tcpcrypt_conn_abort(struct tcpcrypt_conn *conn, int err)
{
	struct sock *sk;

	if (xchg(&conn->aborting, true))
		return;
	trace_tcpcrypt_reset(conn, err);
	/* Its segments are dropped meanwhile; the socket then goes. */
	rcu_read_lock();
	sk = tcpcrypt_conn_socket(conn);
	rcu_read_unlock();
	/*
	 * Without memory the socket would hang on, its segments dropped, until
	 * TCP gave up: the GC tries again (tcpcrypt_conn_gc_one).
	 */
	if (sk && !tcpcrypt_sk_abort_queue(conn->tn, sk, err))
		WRITE_ONCE(conn->aborting, false);
}

void tcpcrypt_sk_abort_async(struct sock *sk, int err)
{
	/* Without memory the SYN is dropped all the same: connect() times out. */
	sock_hold(sk);
	tcpcrypt_sk_abort_queue(tcpcrypt_pernet(sock_net(sk)), sk, err);
}

int tcpcrypt_conn_table_init(struct tcpcrypt_net *tn)
{
	int err;

	atomic_set(&tn->nconns, 0);
	init_waitqueue_head(&tn->settle_wq);
	err = rhashtable_init(&tn->conns, &tcpcrypt_conn_params);
	if (err)
		return err;
	INIT_DELAYED_WORK(&tn->gc_work, tcpcrypt_conn_gc);
	queue_delayed_work(system_power_efficient_wq, &tn->gc_work,
			   TCPCRYPT_GC_INTERVAL);
	return 0;
}

static void tcpcrypt_conn_free_entry(void *ptr, void *arg)
{
	struct tcpcrypt_conn *conn = ptr;

	tcpcrypt_handshake_conn_stop(conn);
	/* Process context: wait out a running INIT2 retransmission. */
	if (del_timer_sync(&conn->rtx_timer))
		tcpcrypt_conn_put(conn);
	tcpcrypt_conn_put(conn);
}

/* Hooks are unregistered and handshake work flushed before this runs. */
void tcpcrypt_conn_table_exit(struct tcpcrypt_net *tn)
{
	WRITE_ONCE(tn->dying, true);
	cancel_delayed_work_sync(&tn->gc_work);
	rhashtable_free_and_destroy(&tn->conns, tcpcrypt_conn_free_entry, NULL);
}
