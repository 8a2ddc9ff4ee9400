// SPDX-License-Identifier: GPL-2.0
/*
 * The TCP_CRYPT_* socket options (include/uapi/linux/tcpcrypt.h): the
 * settings of the socket's store (ulp.c) and what the socket's connection
 * negotiated (session ID, cipher, public keys), waiting for a running
 * handshake. Everything that is not ours goes to TCP.
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
/* ---- the connection behind a socket ---------------------------------------- */

/* The table's key as the hooks build it (v4-mapped sockets are IPv4). */
static void tcpcrypt_sk_key(const struct sock *sk, struct tcpcrypt_conn_key *k)
{
	memset(k, 0, sizeof(*k));
	k->lport = htons(inet_sk(sk)->inet_num);
	k->rport = inet_sk(sk)->inet_dport;
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6 && !ipv6_addr_v4mapped(&sk->sk_v6_daddr)) {
		k->family = AF_INET6;
		memcpy(k->laddr, &sk->sk_v6_rcv_saddr, sizeof(struct in6_addr));
		memcpy(k->raddr, &sk->sk_v6_daddr, sizeof(struct in6_addr));
		return;
	}
#endif
	k->family = AF_INET;
	k->laddr[0] = sk->sk_rcv_saddr;
	k->raddr[0] = sk->sk_daddr;
}

static bool tcpcrypt_sk_unconnected(const struct sock *sk)
{
	return (1 << READ_ONCE(sk->sk_state)) & (TCPF_CLOSE | TCPF_LISTEN);
}

/* The connection of sk with a reference, or NULL (plain or none yet). */
struct tcpcrypt_conn *tcpcrypt_sk_conn(struct sock *sk)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(sock_net(sk));
	struct tcpcrypt_conn_key key;
	struct tcpcrypt_conn *conn;

	if (tcpcrypt_sk_unconnected(sk))
		return NULL;
	tcpcrypt_sk_key(sk, &key);
	rcu_read_lock();
	conn = tcpcrypt_conn_lookup(tn, &key);
	if (conn && !refcount_inc_not_zero(&conn->refcnt))
		conn = NULL;
	rcu_read_unlock();
	return conn;
}

static bool tcpcrypt_conn_settled(const struct tcpcrypt_conn *conn)
{
	enum tcpcrypt_state state = READ_ONCE(conn->state);

	return state == TCPCRYPT_ENCRYPTING || state == TCPCRYPT_FAILED ||
	       READ_ONCE(conn->dead);
}

/*
 * The encrypted connection of sk, waiting for its handshake if it runs.
 * On success the caller owns a reference.
 */
static int tcpcrypt_sk_session(struct sock *sk, struct tcpcrypt_conn **connp)
{
	bool nonblock = sk->sk_socket && sk->sk_socket->file &&
			(sk->sk_socket->file->f_flags & O_NONBLOCK);
	long timeo = sock_sndtimeo(sk, nonblock);
	struct tcpcrypt_conn *conn;
	int err;

	if (tcpcrypt_sk_unconnected(sk))
		return -ENOTCONN;
	conn = tcpcrypt_sk_conn(sk);
	if (!conn)
		return -ENODATA;
	for (;;) {
		enum tcpcrypt_state state = READ_ONCE(conn->state);

		if (state == TCPCRYPT_ENCRYPTING) {
			*connp = conn;
			return 0;
		}
		if (state == TCPCRYPT_FAILED) {
			err = -ECONNABORTED;
			break;
		}
		if (READ_ONCE(conn->dead)) {
			err = -ENODATA;		/* went plain */
			break;
		}
		if (!timeo) {
			err = nonblock ? -EAGAIN : -ETIMEDOUT;
			break;
		}
		timeo = wait_event_interruptible_timeout(conn->tn->settle_wq,
							 tcpcrypt_conn_settled(conn),
							 timeo);
		if (timeo < 0) {
			err = sock_intr_errno(timeo);
			break;
		}
	}
	tcpcrypt_conn_put(conn);
	return err;
}

/* ---- setsockopt ----------------------------------------------------------- */

static bool tcpcrypt_is_opt(int optname)
{
	return optname >= TCP_CRYPT_ENABLE && optname <= TCP_CRYPT_SUPPORT;
}

static int tcpcrypt_check_list(struct tcpcrypt_net *tn, const u32 *ids,
			       unsigned int n, bool sym)
{
	unsigned long loaded;
	unsigned int i, j, bits;

	for (i = 0; i < n; i++) {
		const char *name = sym ? tcpcrypt_sym_name(ids[i]) :
					 tcpcrypt_pk_name(ids[i]);

		if (!name)
			return -EINVAL;
		/* RSA needs the namespace's key (tcpcryptctl rsakey new). */
		if (!sym && ids[i] == TCP_CRYPT_PK_RSA3 &&
		    !tcpcrypt_rsakey_info(tn, &bits, &loaded))
			return -EOPNOTSUPP;
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				return -EINVAL;
	}
	return 0;
}

/* TCP_CRYPT_CACHE_FLUSH: the socket's peer, or the address given. */
static int tcpcrypt_set_flush(struct sock *sk, sockptr_t optval,
			      unsigned int optlen)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(sock_net(sk));
	struct sockaddr_storage ss = {};
	struct tcpcrypt_conn_key key;
	__be32 addr[4] = {};
	u8 family;

	if (!optlen) {
		if (tcpcrypt_sk_unconnected(sk))
			return -ENOTCONN;
		tcpcrypt_sk_key(sk, &key);
		family = key.family;
		memcpy(addr, key.raddr, sizeof(addr));
	} else {
		/* Another peer's sessions are the namespace's, not this user's. */
		if (!ns_capable(sock_net(sk)->user_ns, CAP_NET_ADMIN))
			return -EPERM;
		if (optlen < sizeof(sa_family_t))
			return -EINVAL;
		if (copy_from_sockptr(&ss, optval, min_t(unsigned int, optlen,
							 sizeof(ss))))
			return -EFAULT;
		if (ss.ss_family == AF_INET) {
			const struct sockaddr_in *sin = (void *)&ss;

			if (optlen < sizeof(*sin))
				return -EINVAL;
			family = AF_INET;
			addr[0] = sin->sin_addr.s_addr;
		} else if (ss.ss_family == AF_INET6) {
			const struct sockaddr_in6 *sin6 = (void *)&ss;

			if (optlen < sizeof(*sin6))
				return -EINVAL;
			if (ipv6_addr_v4mapped(&sin6->sin6_addr)) {
				family = AF_INET;
				addr[0] = sin6->sin6_addr.s6_addr32[3];
			} else {
				family = AF_INET6;
				memcpy(addr, &sin6->sin6_addr, sizeof(addr));
			}
		} else {
			return -EAFNOSUPPORT;
		}
	}
	tcpcrypt_cache_flush_peer(tn, family, addr);
	return 0;
}

/* The list an option names in a socket's settings, and its count. */
static u32 *tcpcrypt_opts_list(struct tcpcrypt_sockopts *o, int optname,
			       u8 **cnt)
{
	switch (optname) {
	case TCP_CRYPT_PKCONF:
		*cnt = &o->npk;
		return o->pk;
	case TCP_CRYPT_CCONF:
		*cnt = &o->ncc;
		return o->cc;
	default:
		*cnt = &o->nsc;
		return o->sc;
	}
}

static int tcpcrypt_set_list(struct sock *sk, struct tcpcrypt_sock *ctx,
			     int optname, sockptr_t optval,
			     unsigned int optlen)
{
	bool sym = optname != TCP_CRYPT_PKCONF;
	u32 ids[TCP_CRYPT_CONF_MAX];
	unsigned int n = optlen / sizeof(u32);
	u32 *dst;
	u8 *cnt;
	int err;

	if (optlen % sizeof(u32) || n > TCP_CRYPT_CONF_MAX)
		return -EINVAL;
	if (n && copy_from_sockptr(ids, optval, optlen))
		return -EFAULT;
	err = tcpcrypt_check_list(tcpcrypt_pernet(sock_net(sk)), ids, n, sym);
	if (err)
		return err;
	dst = tcpcrypt_opts_list(&ctx->opts, optname, &cnt);
	spin_lock_bh(&ctx->lock);
	memcpy(dst, ids, n * sizeof(u32));
	*cnt = n;
	spin_unlock_bh(&ctx->lock);
	return 0;
}

static int tcpcrypt_set_int(struct sock *sk, struct tcpcrypt_sock *ctx,
			    int optname, int val)
{
	struct tcpcrypt_sockopts *o = &ctx->opts;
	struct tcpcrypt_conn *conn;
	u16 cmode = o->cmode;

	switch (optname) {
	case TCP_CRYPT_ENABLE:
		if (val != 0 && val != 1)
			return -EINVAL;
		if (!val)
			cmode = TCP_CRYPT_CMODE_NEVER | (cmode & TCP_CRYPT_CMODE_NK);
		else if (TCPCRYPT_CMODE_MODE(cmode) == TCP_CRYPT_CMODE_NEVER)
			cmode &= TCP_CRYPT_CMODE_NK;
		break;
	case TCP_CRYPT_CMODE:
		if (val & ~(TCP_CRYPT_CMODE_NK | 3) || (val & 3) == 3)
			return -EINVAL;
		cmode = val;
		break;
	case TCP_CRYPT_SUPPORT:
		if (val < 0 || val > 2)
			return -EINVAL;
		break;
	case TCP_CRYPT_SECURST:
		if (val != 0 && val != 1)
			return -EINVAL;
		/* Also for the running connection, at any time. */
		conn = tcpcrypt_sk_conn(sk);
		if (conn) {
			WRITE_ONCE(conn->opts.securst, val);
			tcpcrypt_conn_put(conn);
		}
		break;
	}
	spin_lock_bh(&ctx->lock);
	o->cmode = cmode;
	if (optname == TCP_CRYPT_SUPPORT)
		o->support = val;
	else if (optname == TCP_CRYPT_SECURST)
		o->securst = val;
	spin_unlock_bh(&ctx->lock);
	return 0;
}

static int tcpcrypt_do_setsockopt(struct sock *sk, struct tcpcrypt_sock *ctx,
				  int optname, sockptr_t optval,
				  unsigned int optlen)
{
	int val, err;

	switch (optname) {
	case TCP_CRYPT_SESSID:
	case TCP_CRYPT_PUBKEY:
	case TCP_CRYPT_CONF:
		return -ENOPROTOOPT;	/* read-only */
	case TCP_CRYPT_CACHE_FLUSH:
		return tcpcrypt_set_flush(sk, optval, optlen);
	}

	lock_sock(sk);
	/* Only SECURST still matters once the handshake has begun. */
	if (optname != TCP_CRYPT_SECURST && !tcpcrypt_sk_unconnected(sk)) {
		err = -EISCONN;
		goto out;
	}
	switch (optname) {
	case TCP_CRYPT_PKCONF:
	case TCP_CRYPT_CCONF:
	case TCP_CRYPT_SCONF:
		err = tcpcrypt_set_list(sk, ctx, optname, optval, optlen);
		break;
	default:
		err = -EINVAL;
		if (optlen != sizeof(int))
			break;
		err = -EFAULT;
		if (copy_from_sockptr(&val, optval, sizeof(val)))
			break;
		err = tcpcrypt_set_int(sk, ctx, optname, val);
		break;
	}
out:
	release_sock(sk);
	return err;
}

int tcpcrypt_setsockopt(struct sock *sk, int level, int optname,
			sockptr_t optval, unsigned int optlen)
{
	struct tcpcrypt_sock *ctx = tcpcrypt_sk_ctx(sk);

	if (!ctx)
		return tcpcrypt_base_prot(sk)->setsockopt(sk, level, optname,
							  optval, optlen);
	if (level != SOL_TCP || !tcpcrypt_is_opt(optname))
		return ctx->base->setsockopt(sk, level, optname, optval, optlen);
	return tcpcrypt_do_setsockopt(sk, ctx, optname, optval, optlen);
}

/* ---- getsockopt ----------------------------------------------------------- */

static int tcpcrypt_get_list(struct sock *sk, struct tcpcrypt_sock *ctx,
			     int optname, char __user *optval, int len,
			     int __user *optlen)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(sock_net(sk));
	u32 ids[TCP_CRYPT_CONF_MAX];
	const struct tcpcrypt_cfg *cfg;
	unsigned int n;
	u32 *list;
	u8 *cnt;

	spin_lock_bh(&ctx->lock);
	list = tcpcrypt_opts_list(&ctx->opts, optname, &cnt);
	n = *cnt;
	memcpy(ids, list, sizeof(ids));
	spin_unlock_bh(&ctx->lock);
	if (!n) {
		/* The namespace's list is in force. */
		rcu_read_lock();
		cfg = tcpcrypt_cfg_get(tn);
		if (optname == TCP_CRYPT_PKCONF) {
			n = cfg->npk;
			memcpy(ids, cfg->pk, n * sizeof(u32));
		} else {
			n = cfg->nsym;
			memcpy(ids, cfg->sym, n * sizeof(u32));
		}
		rcu_read_unlock();
	}
	if (put_user(n * sizeof(u32), optlen))
		return -EFAULT;
	if (len < n * sizeof(u32))
		return -EINVAL;
	return copy_to_user(optval, ids, n * sizeof(u32)) ? -EFAULT : 0;
}

static int tcpcrypt_get_pubkey(struct tcpcrypt_conn *conn, char __user *optval,
			       int len, int __user *optlen)
{
	struct tcp_crypt_pubkey *pk;
	struct tcpcrypt_init1 m1;
	unsigned int out;
	int err = 0;

	pk = kzalloc(sizeof(*pk), GFP_KERNEL);
	if (!pk)
		return -ENOMEM;
	if (conn->resumed) {
		pk->owner = TCP_CRYPT_PUBKEY_NONE;
	} else if (!tcpcrypt_init1_parse(conn->init1, conn->init1_len, &m1)) {
		pk->owner = conn->is_client ? TCP_CRYPT_PUBKEY_MINE :
					      TCP_CRYPT_PUBKEY_PEER;
		pk->cipher = conn->pk->spec;
		pk->len = min_t(size_t, m1.ckey_len, sizeof(pk->key));
		memcpy(pk->key, m1.ckey, pk->len);
	} else {
		err = -EIO;	/* cannot happen: INIT1 was checked */
	}
	out = min_t(unsigned int, len, offsetof(struct tcp_crypt_pubkey, key) +
		    pk->len);
	if (!err && (put_user(out, optlen) || copy_to_user(optval, pk, out)))
		err = -EFAULT;
	kfree(pk);
	return err;
}

static int tcpcrypt_get_session(struct sock *sk, int optname,
				char __user *optval, int len,
				int __user *optlen)
{
	struct tcpcrypt_conn *conn;
	struct tcp_crypt_conf conf = {};
	int err;

	if (optname == TCP_CRYPT_SESSID && len < TCP_CRYPT_SESSID_LEN)
		return -EINVAL;
	if (optname == TCP_CRYPT_PUBKEY &&
	    len < (int)offsetof(struct tcp_crypt_pubkey, key))
		return -EINVAL;
	if (optname == TCP_CRYPT_CONF && len < (int)sizeof(conf))
		return -EINVAL;
	err = tcpcrypt_sk_session(sk, &conn);
	if (err)
		return err;
	switch (optname) {
	case TCP_CRYPT_SESSID:
		if (put_user(TCP_CRYPT_SESSID_LEN, optlen) ||
		    copy_to_user(optval, conn->sess.sid, TCP_CRYPT_SESSID_LEN))
			err = -EFAULT;
		break;
	case TCP_CRYPT_PUBKEY:
		err = tcpcrypt_get_pubkey(conn, optval, len, optlen);
		break;
	default:
		conf.pubkey = conn->resumed ? 0 : conn->pk->spec;
		conf.suite = conn->sym;
		conf.role = conn->is_client ? TCP_CRYPT_ROLE_CLIENT :
					      TCP_CRYPT_ROLE_SERVER;
		conf.resumed = conn->resumed;
		conf.app = conn->sess.app;
		if (put_user(sizeof(conf), optlen) ||
		    copy_to_user(optval, &conf, sizeof(conf)))
			err = -EFAULT;
		break;
	}
	tcpcrypt_conn_put(conn);
	return err;
}

static int tcpcrypt_get_int(struct sock *sk, struct tcpcrypt_sock *ctx,
			    int optname)
{
	struct tcpcrypt_conn *conn;
	struct tcpcrypt_sockopts o;
	int val;

	spin_lock_bh(&ctx->lock);
	o = ctx->opts;
	spin_unlock_bh(&ctx->lock);
	switch (optname) {
	case TCP_CRYPT_ENABLE:
		return TCPCRYPT_CMODE_MODE(o.cmode) != TCP_CRYPT_CMODE_NEVER;
	case TCP_CRYPT_CMODE:
		return o.cmode;
	case TCP_CRYPT_SECURST:
		return o.securst;
	default:
		/* SUPPORT: what the peer announced, once there is a peer. */
		if (tcpcrypt_sk_unconnected(sk))
			return o.support;
		conn = tcpcrypt_sk_conn(sk);
		if (!conn)
			return 0;
		val = !!(READ_ONCE(conn->sess.app) & (conn->is_client ? 2 : 1));
		tcpcrypt_conn_put(conn);
		return val;
	}
}

int tcpcrypt_getsockopt(struct sock *sk, int level, int optname,
			char __user *optval, int __user *optlen)
{
	struct tcpcrypt_sock *ctx = tcpcrypt_sk_ctx(sk);
	int len, val;

	if (!ctx)
		return tcpcrypt_base_prot(sk)->getsockopt(sk, level, optname,
							  optval, optlen);
	if (level != SOL_TCP || !tcpcrypt_is_opt(optname))
		return ctx->base->getsockopt(sk, level, optname, optval, optlen);
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;

	switch (optname) {
	case TCP_CRYPT_CACHE_FLUSH:
		return -ENOPROTOOPT;	/* write-only */
	case TCP_CRYPT_SESSID:
	case TCP_CRYPT_PUBKEY:
	case TCP_CRYPT_CONF:
		return tcpcrypt_get_session(sk, optname, optval, len, optlen);
	case TCP_CRYPT_PKCONF:
	case TCP_CRYPT_CCONF:
	case TCP_CRYPT_SCONF:
		return tcpcrypt_get_list(sk, ctx, optname, optval, len, optlen);
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	val = tcpcrypt_get_int(sk, ctx, optname);
	if (put_user(sizeof(int), optlen) ||
	    copy_to_user(optval, &val, sizeof(int)))
		return -EFAULT;
	return 0;
}
