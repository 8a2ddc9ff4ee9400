// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake on the way out: HELLO (or NEXTK1) on a client's SYN,
 * PKCONF (or NEXTK2) on a server's SYN-ACK, INIT1 on the client's third
 * ACK. Only the connection's own socket gets here (hooks.c).
 */
#include <net/tcp.h>

#include "handshake.h"
#include "config.h"
#include "proto/optpack.h"
#include "netlink.h"
#include "sesscache.h"

/*
 * Client: its SYN cannot carry tcpcrypt (switched off, excluded, limits)
 * but the socket requires it. connect() holds the socket's lock, so the
 * abort runs from the workqueue; the SYN is dropped meanwhile.
 */
static unsigned int tcpcrypt_hs_refuse_connect(struct tcpcrypt_net *tn,
					       struct sock *sk)
{
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
	tcpcrypt_sk_abort_async(sk, ECONNREFUSED);
	return NF_DROP;
}

/* Replace the option area with the stack's options plus add[]. */
static int tcpcrypt_hs_add_opt(struct tcpcrypt_pkt *p, const u8 *add,
			       unsigned int addlen)
{
	u8 opts[TCPCRYPT_TCPOPT_SPACE];
	int len;

	len = tcpcrypt_optpack_append(tcpcrypt_pkt_opts(p),
				      tcpcrypt_pkt_optlen(p), add, addlen, opts);
	if (len < 0)
		return len;
	return tcpcrypt_seg_set_options(p->skb, &p->seg, opts, len);
}

/*
 * The client's CRYPT option: NEXTK1 with the cached next session ID's
 * prefix when it resumes, else HELLO; the _SUPPORT forms when the
 * application announces awareness.
 */
static int tcpcrypt_hs_add_hello(struct tcpcrypt_conn *conn,
				 struct tcpcrypt_pkt *p)
{
	u8 opt[2 + TCPCRYPT_SUBOPT_NEXTK1_LEN] = { TCPCRYPT_TCPOPT_CRYPT, 2,
						    TCPCRYPT_SUBOPT_HELLO_SUPPORT };

	if (conn->resuming) {
		opt[1] = sizeof(opt);
		opt[2] = conn->opts.support ? TCPCRYPT_SUBOPT_NEXTK1_SUPPORT :
					      TCPCRYPT_SUBOPT_NEXTK1;
		memcpy(opt + 3, conn->sess.sid, TCPCRYPT_NEXTK_PREFIX_LEN);
	} else if (conn->opts.support) {
		opt[1] = 3;
	}
	return tcpcrypt_hs_add_opt(p, opt, opt[1]);
}

static unsigned int tcpcrypt_hs_out_csum(struct tcpcrypt_pkt *p)
{
	if (tcpcrypt_seg_csum_out(p->skb, &p->seg,
				  READ_ONCE(tcpcrypt_param_full_csum)))
		return NF_DROP;
	return NF_ACCEPT;
}

static bool tcpcrypt_sk_is_tcp(const struct sock *sk)
{
	return sk && sk_fullsock(sk) && sk->sk_type == SOCK_STREAM &&
	       sk->sk_protocol == IPPROTO_TCP;
}

/* Client: an active open leaves with HELLO. */
unsigned int tcpcrypt_hs_new_output(struct tcpcrypt_net *tn,
				    struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct sock *sk = p->skb->sk;
	struct tcpcrypt_sockopts o;
	struct tcpcrypt_conn *conn;
	bool required;

	/* Only real TCP sockets' active opens. */
	if (!th->syn || th->ack || th->rst || !tcpcrypt_sk_is_tcp(sk))
		return NF_ACCEPT;
	tcpcrypt_sockopts_of(tn, sk, &o);
	if (TCPCRYPT_CMODE_MODE(o.cmode) == TCP_CRYPT_CMODE_NEVER) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_BY_SOCKET);
		return NF_ACCEPT;
	}
	required = tcpcrypt_opts_required(&o);
	/* Not with TCP Fast Open either: data in the SYN. */
	if (tcpcrypt_hs_skipped(tn, p) || p->seg.paylen)
		goto plain;
	conn = tcpcrypt_hs_create(tn, p, true);
	if (!conn)
		goto plain;
	conn->opts = o;
	tcpcrypt_conn_owns(conn, sk);
	if (o.support)
		conn->sess.app |= 1;	/* our application is aware */
	if (tcpcrypt_hs_may_cache(tn, &o)) {
		struct tcpcrypt_cached c;

		if (tcpcrypt_cache_take_client(tn, conn->key.family,
					       conn->key.raddr, &c)) {
			tcpcrypt_hs_take_cached(conn, &c);
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_RESUME_OFFERED);
		}
	}
	conn->isn_local = ntohl(th->seq);
	if (tcpcrypt_hs_add_hello(conn, p)) {
		if (required) {
			tcpcrypt_conn_unlink(conn);
			return tcpcrypt_hs_refuse_connect(tn, sk);
		}
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
	}
	/*
	 * Per-segment MACs and GSO do not mix; the socket is ours to change
	 * here (connect() holds its lock).
	 */
	sk_gso_disable(sk);
	sk->sk_gso_max_segs = 1;
	conn->gso_off = true;
	return tcpcrypt_hs_out_csum(p);
plain:
	return required ? tcpcrypt_hs_refuse_connect(tn, sk) : NF_ACCEPT;
}

static unsigned int tcpcrypt_hs_out_synack(struct tcpcrypt_conn *conn,
					   struct tcpcrypt_pkt *p)
{
	u8 add[2 + 2 + TCPCRYPT_CFG_MAX * TCPCRYPT_PKSPEC_LEN];
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	const struct tcpcrypt_cfg *cfg;
	struct tcpcrypt_opt ws;
	unsigned int i, n = 4, npk;
	const u32 *pks;

	if (conn->state != TCPCRYPT_SYN_RCVD) {
		/* TCP retransmits its SYN-ACK; INIT1 has already come. */
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_OUT_DROP_HANDSHAKE);
		return NF_DROP;
	}
	conn->isn_local = ntohl(th->seq);
	conn->synack_win = ntohs(th->window);
	/* A SYN cookie's SYN-ACK belongs to no request socket. */
	if (!p->skb->sk && tcpcrypt_opts_required(&conn->opts))
		WRITE_ONCE(conn->tn->required_cookie_at, jiffies ? : 1);
	conn->synack_wscale = 0;
	if (tcpcrypt_opt_find(tcpcrypt_pkt_opts(p), tcpcrypt_pkt_optlen(p),
			      3, &ws) > 0 && ws.len == 3)
		conn->synack_wscale = min_t(u8, ws.data[0], 14);

	if (conn->resuming) {
		/* NEXTK2: resumed; the client encrypts from its next segment. */
		add[0] = TCPCRYPT_TCPOPT_CRYPT;
		add[1] = 3;
		add[2] = conn->opts.support ? TCPCRYPT_SUBOPT_NEXTK2_SUPPORT :
					      TCPCRYPT_SUBOPT_NEXTK2;
		/* Repeated SYN-ACKs reuse the keys the first one derived. */
		if (!conn->resumed && tcpcrypt_hs_resume_keys(conn))
			return tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
		if (tcpcrypt_hs_add_opt(p, add, 3))
			return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
		return tcpcrypt_hs_out_csum(p);
	}
	cfg = tcpcrypt_cfg_get(conn->tn);
	npk = conn->opts.npk ? conn->opts.npk : cfg->npk;
	pks = conn->opts.npk ? conn->opts.pk : cfg->pk;
	for (i = 0; i < npk; i++) {
		if (!tcpcrypt_hs_pk_usable(conn->tn, pks[i]))
			continue;
		tcpcrypt_put_be24(add + n, pks[i]);
		n += TCPCRYPT_PKSPEC_LEN;
	}
	npk = (n - 4) / TCPCRYPT_PKSPEC_LEN;
	if (!npk)	/* only RSA listed, and no RSA key */
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_KEY_PAIR);
	add[0] = TCPCRYPT_TCPOPT_CRYPT;
	add[1] = n;
	add[2] = conn->opts.support ? TCPCRYPT_SUBOPT_PKCONF_SUPPORT :
				      TCPCRYPT_SUBOPT_PKCONF;
	add[3] = n - 2;
	conn->npk = npk;
	memcpy(conn->pkconf, add + 4, n - 4);
	if (tcpcrypt_hs_add_opt(p, add, n))
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
	return tcpcrypt_hs_out_csum(p);
}

static unsigned int tcpcrypt_hs_out_init1(struct tcpcrypt_conn *conn,
					  struct tcpcrypt_pkt *p)
{
	static const u8 mark[3] = { TCPCRYPT_TCPOPT_CRYPT, 3, TCPCRYPT_SUBOPT_INIT1 };
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	/* Only the bare third ACK (or its repeat) can carry INIT1. */
	if (!th->ack || th->syn || th->fin || p->seg.paylen ||
	    ntohl(th->seq) != conn->isn_local + 1) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_OUT_DROP_HANDSHAKE);
		return NF_DROP;
	}
	if (tcpcrypt_hs_add_opt(p, mark, sizeof(mark)) ||
	    tcpcrypt_seg_append_payload(p->skb, &p->seg, conn->init1,
					conn->init1_len)) {
		if (conn->state == TCPCRYPT_INIT1_READY)
			return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
		/* The peer has INIT1 already; it will retransmit. */
		return NF_DROP;
	}
	if (conn->state == TCPCRYPT_INIT1_SENT)
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_INIT1_RESENT);
	conn->init1_win = ntohs(tcpcrypt_pkt_th(p)->window);
	tcpcrypt_hs_move(conn, TCPCRYPT_INIT1_READY, TCPCRYPT_INIT1_SENT);
	return tcpcrypt_hs_out_csum(p);
}

unsigned int tcpcrypt_hs_output(struct tcpcrypt_net *tn,
				struct tcpcrypt_conn *conn,
				struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	if (th->rst) {
		/*
		 * The local end gives up; nothing secret is in a bare RST. The
		 * entry goes when the socket does.
		 */
		return NF_ACCEPT;
	}
	switch (conn->state) {
	case TCPCRYPT_SYN_SENT:
		if (th->syn && !th->ack) {
			/* A retransmitted SYN: HELLO again. */
			if (tcpcrypt_hs_add_hello(conn, p))
				return NF_ACCEPT;
			return tcpcrypt_hs_out_csum(p);
		}
		break;
	case TCPCRYPT_SYN_RCVD:
	case TCPCRYPT_KEYING:
		if (!conn->is_client && th->syn && th->ack)
			return tcpcrypt_hs_out_synack(conn, p);
		break;
	case TCPCRYPT_INIT1_READY:
	case TCPCRYPT_INIT1_SENT:
		return tcpcrypt_hs_out_init1(conn, p);
	default:
		break;
	}
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_OUT_DROP_HANDSHAKE);
	return NF_DROP;
}
