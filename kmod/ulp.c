// SPDX-License-Identifier: GPL-2.0
/*
 * The "tcpcrypt" TCP upper-layer protocol: the per-socket store of the
 * TCP_CRYPT_* settings and what the engine reads of it. A module cannot
 * add cases to tcp_getsockopt(), but a ULP may swap the socket's proto for
 * a copy whose getsockopt/setsockopt see IPPROTO_TCP first, as kernel TLS
 * does; the handlers are in sockopt.c.
 *
 * The per-socket context lives from the ULP's init to its release, which
 * TCP calls when it destroys the socket; the hooks read it under RCU (a
 * client's SYN, a listener's settings for an incoming SYN).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <net/tcp.h>
#include <net/inet_hashtables.h>
#include <net/transp_v6.h>
#if IS_ENABLED(CONFIG_IPV6)
#include <net/inet6_hashtables.h>
#endif

#include "engine.h"
#include "sockopt.h"
#include "sesscache.h"
#include "rsakey.h"
#include "proto/init_msg.h"

#include "ulp.h"
enum { TCPCRYPT_PROT_V4, TCPCRYPT_PROT_V6, TCPCRYPT_NPROTS };
/* Ours, and TCP's behind each (NULL for IPv6 without CONFIG_IPV6). */
static struct proto tcpcrypt_prots[TCPCRYPT_NPROTS];
static struct proto *tcpcrypt_base_prots[TCPCRYPT_NPROTS];
static struct tcp_ulp_ops tcpcrypt_ulp_ops;

static bool tcpcrypt_is_our_prot(const struct proto *prot)
{
	return prot == &tcpcrypt_prots[TCPCRYPT_PROT_V4] ||
	       prot == &tcpcrypt_prots[TCPCRYPT_PROT_V6];
}

/*
 * TCP's own proto behind one of ours, for a socket whose context is gone:
 * called through the proto rather than by name, because from 6.12 on
 * tcp_setsockopt() and tcp_getsockopt() are exported only when IPv6 is a
 * module (EXPORT_IPV6_MOD), which it is not in distribution kernels.
 */
const struct proto *tcpcrypt_base_prot(const struct sock *sk)
{
	if (sk->sk_prot == &tcpcrypt_prots[TCPCRYPT_PROT_V6])
		return tcpcrypt_base_prots[TCPCRYPT_PROT_V6];
	return tcpcrypt_base_prots[TCPCRYPT_PROT_V4];
}

/* Under RCU, or by the socket's owner: the context, or NULL. */
struct tcpcrypt_sock *tcpcrypt_sk_ctx(const struct sock *sk)
{
	const struct inet_connection_sock *icsk = inet_csk(sk);

	if (READ_ONCE(icsk->icsk_ulp_ops) != &tcpcrypt_ulp_ops)
		return NULL;
	/* A socket call holds a file reference: release cannot run. */
	return rcu_dereference_check(icsk->icsk_ulp_data, 1);
}

/* ---- ULP life cycle ------------------------------------------------------ */

static int tcpcrypt_ulp_init(struct sock *sk)
{
	struct tcpcrypt_sock *ctx;
	int idx;

	for (idx = 0; idx < TCPCRYPT_NPROTS; idx++)
		if (tcpcrypt_base_prots[idx] &&
		    sk->sk_prot == tcpcrypt_base_prots[idx])
			break;
	if (idx == TCPCRYPT_NPROTS)
		return -EOPNOTSUPP;	/* sockmap and other protos */

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->base = sk->sk_prot;
	spin_lock_init(&ctx->lock);
	/* Publish the context before the proto that reads it. */
	rcu_assign_pointer(inet_csk(sk)->icsk_ulp_data, ctx);
	WRITE_ONCE(sk->sk_prot, &tcpcrypt_prots[idx]);
	return 0;
}

/*
 * TCP destroys the socket: give it its proto back, since TCP still uses
 * sk_prot after this and the module may go once the socket's reference on
 * it is dropped. Sockets never accepted from a closed listener come here
 * without any close().
 */
static void tcpcrypt_ulp_release(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcpcrypt_sock *ctx = rcu_dereference_protected(icsk->icsk_ulp_data, 1);

	if (!ctx)
		return;
	if (tcpcrypt_is_our_prot(sk->sk_prot))
		WRITE_ONCE(sk->sk_prot, ctx->base);
	RCU_INIT_POINTER(icsk->icsk_ulp_data, NULL);
	kfree_rcu(ctx, rcu);
}

/*
 * An accepted socket, in softirq: it inherited the listener's proto and
 * context pointer; give it a context of its own with the same settings.
 * TCP drops a module reference for every socket with the ULP but takes none
 * here, so take it.
 */
static void tcpcrypt_ulp_clone(const struct request_sock *req,
			       struct sock *newsk, const gfp_t priority)
{
	struct inet_connection_sock *icsk = inet_csk(newsk);
	struct tcpcrypt_sock *parent = rcu_dereference_protected(icsk->icsk_ulp_data, 1);
	struct tcpcrypt_sock *ctx = NULL;

	if (parent) {
		ctx = kzalloc(sizeof(*ctx), priority);
		if (ctx) {
			ctx->base = parent->base;
			spin_lock_init(&ctx->lock);
			spin_lock(&parent->lock);
			ctx->opts = parent->opts;
			spin_unlock(&parent->lock);
		}
	}
	/*
	 * sk_clone_lock() made our proto the child's creator, which its
	 * TIME-WAIT socket and its final free use after we may be gone: the
	 * creator is TCP's own proto.
	 */
	if (parent)
		newsk->sk_prot_creator = parent->base;
	if (!ctx) {
		/* Cannot fail here: the child goes on without the ULP. */
		if (parent && tcpcrypt_is_our_prot(newsk->sk_prot))
			WRITE_ONCE(newsk->sk_prot, parent->base);
		RCU_INIT_POINTER(icsk->icsk_ulp_data, NULL);
		icsk->icsk_ulp_ops = NULL;
		net_warn_ratelimited("no memory: accepted socket loses the ULP\n");
		return;
	}
	__module_get(THIS_MODULE);
	rcu_assign_pointer(icsk->icsk_ulp_data, ctx);
}

/* ---- what the engine reads ------------------------------------------------ */

void tcpcrypt_sockopts_of(struct tcpcrypt_net *tn, const struct sock *sk,
			  struct tcpcrypt_sockopts *o)
{
	struct tcpcrypt_sock *ctx = NULL;
	u16 def = READ_ONCE(tn->default_cmode);

	memset(o, 0, sizeof(*o));
	rcu_read_lock();
	if (sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP)
		ctx = tcpcrypt_sk_ctx(sk);
	if (ctx) {
		spin_lock_bh(&ctx->lock);
		*o = ctx->opts;
		spin_unlock_bh(&ctx->lock);
	}
	rcu_read_unlock();
	if (TCPCRYPT_CMODE_MODE(o->cmode) == TCP_CRYPT_CMODE_DEFAULT)
		o->cmode = def | (o->cmode & TCP_CRYPT_CMODE_NK);
}

static struct sock *tcpcrypt_listener(struct tcpcrypt_net *tn,
				      struct sk_buff *skb,
				      const struct tcpcrypt_conn_key *key)
{
	struct net *net = tn->net;
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	struct sock *sk = NULL;

	/*
	 * The listener TCP will pick (no skb: reuseport by hash only).
	 * Listeners are freed after RCU, so none is held.
	 */
	if (key->family == AF_INET)
		sk = __inet_lookup_listener(net, hinfo, NULL, 0, key->raddr[0],
					    key->rport, key->laddr[0],
					    ntohs(key->lport), inet_iif(skb),
					    inet_sdif(skb));
#if IS_ENABLED(CONFIG_IPV6)
	else
		sk = inet6_lookup_listener(net, hinfo, NULL, 0,
					   (const struct in6_addr *)key->raddr,
					   key->rport,
					   (const struct in6_addr *)key->laddr,
					   ntohs(key->lport), inet6_iif(skb),
					   inet6_sdif(skb));
#endif
	return IS_ERR(sk) ? NULL : sk;
}

void tcpcrypt_sockopts_listener(struct tcpcrypt_net *tn, struct sk_buff *skb,
				const struct tcpcrypt_conn_key *key,
				struct tcpcrypt_sockopts *o)
{
	tcpcrypt_sockopts_of(tn, tcpcrypt_listener(tn, skb, key), o);
}

bool tcpcrypt_listener_requires(struct tcpcrypt_net *tn, struct sk_buff *skb,
				const struct tcpcrypt_conn_key *key)
{
	struct sock *sk = tcpcrypt_listener(tn, skb, key);
	struct tcpcrypt_sockopts o;

	if (!sk)
		return false;
	tcpcrypt_sockopts_of(tn, sk, &o);
	return tcpcrypt_opts_required(&o);
}

/* ---- registration ---------------------------------------------------------- */

static struct tcp_ulp_ops tcpcrypt_ulp_ops __read_mostly = {
	.name		= TCP_CRYPT_ULP_NAME,
	.owner		= THIS_MODULE,
	.init		= tcpcrypt_ulp_init,
	.release	= tcpcrypt_ulp_release,
	.clone		= tcpcrypt_ulp_clone,
	.get_info	= tcpcrypt_ulp_get_info,
	.get_info_size	= tcpcrypt_ulp_get_info_size,
};

/* Whole copies of TCP's protos, so fields added later follow. */
static void tcpcrypt_build_prot(int idx, struct proto *base)
{
	struct proto *prot = &tcpcrypt_prots[idx];

	tcpcrypt_base_prots[idx] = base;
	*prot = *base;
	prot->setsockopt = tcpcrypt_setsockopt;
	prot->getsockopt = tcpcrypt_getsockopt;
}

int tcpcrypt_sockopt_register(void)
{
	tcpcrypt_build_prot(TCPCRYPT_PROT_V4, &tcp_prot);
#if IS_ENABLED(CONFIG_IPV6)
	tcpcrypt_build_prot(TCPCRYPT_PROT_V6, &tcpv6_prot);
#endif
	return tcp_register_ulp(&tcpcrypt_ulp_ops);
}

void tcpcrypt_sockopt_unregister(void)
{
	tcp_unregister_ulp(&tcpcrypt_ulp_ops);
}
