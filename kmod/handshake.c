// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake, both roles, as a state machine over the segments the
 * hooks see (conn.h names the states):
 *
 *  client                                 server
 *  SYN + HELLO            ------------->  SYN_RCVD
 *  SYN_SENT               <-------------  SYN-ACK + PKCONF
 *  INIT1_READY: 3rd ACK + INIT1 ------->  hold it, KEYING (workqueue)
 *  INIT1_SENT             <-------------  INIT2 (module-built), ENCRYPTING,
 *  hold it, KEYING (workqueue)            then the held ACK goes to TCP
 *  ENCRYPTING: INIT2 to TCP, MACed ACK -->
 *
 * Neither kernel sees INIT1 or INIT2: the held segments reach TCP with
 * their payload stripped, and data is numbered after them (seq_off and
 * rseq_off). Until keys exist no data can be sent: the client's TCP sees
 * a zero window in the SYN-ACK, the server's TCP has not completed its
 * handshake. Public-key work runs in a workqueue; it may sleep (P-256).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/random.h>
#include <net/tcp.h>
#include <net/dst.h>

#include "engine.h"
#include "config.h"
#include "proto/tcpopt.h"
#include "proto/init_msg.h"
#include "proto/keysched.h"
#include "proto/optpack.h"
#include "netlink.h"
#include "keys.h"
#include "sesscache.h"
#include "rsakey.h"

/*
 * Our client's preference among the ciphers both sides allow: RSA last,
 * as its decryption is the client's most expensive work.
 */
static const u32 tcpcrypt_pk_prefs[] = { TCPCRYPT_PK_X25519, TCPCRYPT_PK_P256,
					 TCPCRYPT_PK_RSA3 };

/* RSA is offered and accepted only while the namespace has a key. */
static bool tcpcrypt_hs_pk_usable(struct tcpcrypt_net *tn, u32 id)
{
	unsigned long loaded;
	unsigned int bits;

	return id != TCPCRYPT_PK_RSA3 || tcpcrypt_rsakey_info(tn, &bits, &loaded);
}

#define TCPCRYPT_INIT2_RTO	(HZ / 5)
#define TCPCRYPT_INIT2_TRIES	7
#define TCPCRYPT_INIT_MAX	(TCPCRYPT_INIT1_HDR_LEN + 4 * TCPCRYPT_SYM_MAX + \
				 64 + TCPCRYPT_INIT_KEY_MAX)

/* ---- helpers ------------------------------------------------------------ */

static int tcpcrypt_hs_add_opt(struct tcpcrypt_pkt *p, const u8 *add,
			       unsigned int addlen);

static void tcpcrypt_hs_uncount(struct tcpcrypt_conn *conn)
{
	if (xchg(&conn->hs_counted, 0))
		atomic_dec(&conn->tn->nhandshakes);
}

/*
 * The transitions the handshake may make (docs/DESIGN.md draws them).
 * Falling back to plain TCP is not one: the entry leaves the table.
 */
#define S(x) BIT(TCPCRYPT_##x)
static const u16 tcpcrypt_hs_edges[TCPCRYPT_NSTATES] = {
	[TCPCRYPT_SYN_SENT]	= S(INIT1_READY) | S(ENCRYPTING) | S(FAILED),
	[TCPCRYPT_SYN_RCVD]	= S(KEYING) | S(ENCRYPTING) | S(FAILED),
	[TCPCRYPT_INIT1_READY]	= S(INIT1_SENT) | S(FAILED),
	[TCPCRYPT_INIT1_SENT]	= S(KEYING) | S(FAILED),
	[TCPCRYPT_KEYING]	= S(ENCRYPTING) | S(FAILED),
	[TCPCRYPT_ENCRYPTING]	= S(FAILED),
	[TCPCRYPT_FAILED]	= 0,
};
#undef S

/*
 * Move from @from to @to, under conn->lock: refused if another CPU moved
 * the connection on first (two copies of one INIT message, say), so that
 * each transition happens once and only from the state it was decided in.
 */
static bool __tcpcrypt_hs_move(struct tcpcrypt_conn *conn,
			       enum tcpcrypt_state from, enum tcpcrypt_state to)
{
	lockdep_assert_held(&conn->lock);
	if (conn->state != from)
		return false;
	if (WARN_ONCE(!(tcpcrypt_hs_edges[from] & BIT(to)),
		      "tcpcrypt: no transition %s -> %s\n",
		      tcpcrypt_state_names[from], tcpcrypt_state_names[to]))
		return false;
	WRITE_ONCE(conn->state, to);
	return true;
}

/* To FAILED from wherever it is, under conn->lock; false if there already. */
static bool __tcpcrypt_hs_move_failed(struct tcpcrypt_conn *conn)
{
	return conn->state != TCPCRYPT_FAILED &&
	       __tcpcrypt_hs_move(conn, conn->state, TCPCRYPT_FAILED);
}

/* What entering a state means beyond it; after conn->lock is dropped. */
static void tcpcrypt_hs_entered(struct tcpcrypt_conn *conn,
				enum tcpcrypt_state state)
{
	if (state != TCPCRYPT_ENCRYPTING && state != TCPCRYPT_FAILED)
		return;
	tcpcrypt_hs_uncount(conn);
	wake_up_all(&conn->waitq);
	if (state == TCPCRYPT_FAILED)
		tcpcrypt_conn_abort(conn, ECONNRESET);
}

static bool tcpcrypt_hs_move(struct tcpcrypt_conn *conn,
			     enum tcpcrypt_state from, enum tcpcrypt_state to)
{
	bool moved;

	spin_lock_bh(&conn->lock);
	moved = __tcpcrypt_hs_move(conn, from, to);
	spin_unlock_bh(&conn->lock);
	if (moved)
		tcpcrypt_hs_entered(conn, to);
	return moved;
}

/* Failed, whatever the state was: false if it had failed already. */
static bool tcpcrypt_hs_to_failed(struct tcpcrypt_conn *conn)
{
	bool moved;

	spin_lock_bh(&conn->lock);
	moved = __tcpcrypt_hs_move_failed(conn);
	spin_unlock_bh(&conn->lock);
	if (moved)
		tcpcrypt_hs_entered(conn, TCPCRYPT_FAILED);
	return moved;
}

/*
 * Is a handshake segment where the handshake expects it? Nothing that
 * arrives unauthenticated may change state before this says yes.
 */
static bool tcpcrypt_hs_in_place(struct tcpcrypt_conn *conn,
				 const struct tcphdr *th, bool check_seq,
				 u32 seq, u32 ack)
{
	if (th->ack && ntohl(th->ack_seq) == ack &&
	    (!check_seq || ntohl(th->seq) == seq))
		return true;
	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_BAD_SEQ);
	return false;
}

/* Fall back to plain TCP: forget the connection, let the segment pass. */
static unsigned int tcpcrypt_hs_fallback(struct tcpcrypt_conn *conn,
					 enum tcpcrypt_stat why)
{
	tcpcrypt_stat_inc(conn->tn, why);
	tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_FALLBACK);
	tcpcrypt_conn_unlink(conn);
	return NF_ACCEPT;
}

/*
 * No way back to plain TCP: nothing of the connection passes in either
 * direction from now on, and its socket is aborted; the entry goes with
 * the socket.
 */
static unsigned int tcpcrypt_hs_fail(struct tcpcrypt_conn *conn,
				     enum tcpcrypt_stat why)
{
	tcpcrypt_stat_inc(conn->tn, why);
	if (tcpcrypt_hs_to_failed(conn))
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_HANDSHAKES_FAILED);
	return NF_DROP;
}

/* The GC: a handshake that outlived handshake_timeout, its socket alive. */
void tcpcrypt_hs_timeout(struct tcpcrypt_conn *conn)
{
	enum tcpcrypt_state state = READ_ONCE(conn->state);

	if ((state == TCPCRYPT_SYN_SENT || state == TCPCRYPT_SYN_RCVD) &&
	    !tcpcrypt_opts_required(&conn->opts)) {
		/* Nothing is protected yet: as with a peer that never offered. */
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_HANDSHAKE_TIMEOUTS);
		tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_FALLBACK);
		tcpcrypt_conn_unlink(conn);
		return;
	}
	tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_HANDSHAKE_TIMEOUTS);
}

/*
 * Turn the segment in hand into a RST, seq and ack kept; the caller then
 * deals with the checksum as its direction needs.
 */
static int tcpcrypt_hs_make_rst(struct tcpcrypt_pkt *p)
{
	struct tcphdr *th;
	int err;

	err = tcpcrypt_seg_writable_headers(p->skb, &p->seg);
	if (err)
		return err;
	th = tcpcrypt_pkt_th(p);
	th->syn = 0;
	th->fin = 0;
	th->psh = 0;
	th->rst = 1;
	return 0;
}

/*
 * tcpcrypt is required (TCP_CRYPT_CMODE_ALWAYS, TCP_CRYPT_SUPPORT 2) but
 * the peer goes plain: reset both ends instead. The peer gets a RST at the
 * sequence number it expects (the ack of the segment in hand); our TCP gets
 * that segment turned into a RST, which fails connect() with ECONNREFUSED
 * on a client and drops the request socket on a server.
 */
static unsigned int tcpcrypt_hs_refuse(struct tcpcrypt_conn *conn,
				       struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
	tcpcrypt_xmit_rst(conn->tn->net, &conn->key,
			  READ_ONCE(conn->bound_dev_if), ntohl(th->ack_seq), 0,
			  false);
	/* The segment in hand becomes the RST that ends our socket. */
	spin_lock_bh(&conn->lock);
	__tcpcrypt_hs_move_failed(conn);
	spin_unlock_bh(&conn->lock);
	tcpcrypt_hs_uncount(conn);
	wake_up_all(&conn->waitq);
	tcpcrypt_conn_unlink(conn);
	if (tcpcrypt_hs_make_rst(p))
		return NF_DROP;
	tcpcrypt_seg_csum_in_done(p->skb);
	return NF_ACCEPT;
}

/* The peer offers no tcpcrypt: plain TCP, unless the socket forbids it. */
static unsigned int tcpcrypt_hs_plain(struct tcpcrypt_conn *conn,
				      struct tcpcrypt_pkt *p,
				      enum tcpcrypt_stat why)
{
	if (tcpcrypt_opts_required(&conn->opts)) {
		tcpcrypt_stat_inc(conn->tn, why);
		return tcpcrypt_hs_refuse(conn, p);
	}
	return tcpcrypt_hs_fallback(conn, why);
}

/* Server: refuse a SYN that cannot be encrypted; there is no conn yet. */
static unsigned int tcpcrypt_hs_refuse_syn(struct tcpcrypt_net *tn,
					   struct tcpcrypt_pkt *p,
					   const struct tcpcrypt_conn_key *key)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	if (tcpcrypt_seg_csum_in(p->skb, &p->seg, p->state->hook)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_CSUM_ERRORS);
		return NF_DROP;
	}
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
	tcpcrypt_xmit_rst(tn->net, key,
			  tcpcrypt_xmit_reply_oif(p->skb, key->family), 0,
			  ntohl(th->seq) + 1 + p->seg.paylen, true);
	return NF_DROP;
}

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

/* ---- resumption (wire-v02.md 6.1) ------------------------------------------- */

static bool tcpcrypt_hs_may_cache(struct tcpcrypt_net *tn,
				  const struct tcpcrypt_sockopts *o)
{
	return !(o->cmode & TCP_CRYPT_CMODE_NK) && READ_ONCE(tn->cache_max);
}

/* Start from a cached next session: its keys, our flags. */
static void tcpcrypt_hs_take_cached(struct tcpcrypt_conn *conn,
				    struct tcpcrypt_cached *c)
{
	u8 app = conn->sess.app;

	conn->sess = c->sess;
	conn->sess.app = app;	/* recorded; mk was fixed by the last session */
	conn->sym = c->sym;
	conn->resuming = true;
	memzero_explicit(c, sizeof(*c));
}

/* The peer did not resume after all: forget the cached keys. */
static void tcpcrypt_hs_drop_cached(struct tcpcrypt_conn *conn)
{
	u8 app = conn->sess.app;

	memzero_explicit(&conn->sess, sizeof(conn->sess));
	conn->sess.app = app;
	conn->sym = 0;
	conn->resuming = false;
	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_RESUME_UNKNOWN);
}

/* Keys in place: count it, tell the listeners, cache the next session. */
static void tcpcrypt_hs_done(struct tcpcrypt_conn *conn)
{
	struct tcpcrypt_net *tn = conn->tn;

	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_HANDSHAKES_DONE);
	tcpcrypt_stats_hs_latency(tn, jiffies - conn->started);
	if (conn->resumed)
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_HANDSHAKES_RESUMED);
	tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_HANDSHAKE_DONE);
	if (tcpcrypt_hs_may_cache(tn, &conn->opts) &&
	    tcpcrypt_cache_store(tn, conn->key.family, conn->key.raddr,
				 conn->is_client, conn->sym, &conn->sess))
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
}

/* A resumed session's keys are in place: encrypting from now on. */
static bool tcpcrypt_hs_resumed(struct tcpcrypt_conn *conn,
				enum tcpcrypt_state from)
{
	if (!tcpcrypt_hs_move(conn, from, TCPCRYPT_ENCRYPTING))
		return false;
	tcpcrypt_hs_done(conn);
	return true;
}

/* Both ends of a resumed session: keys from the cached mk, offsets 0. */
static int tcpcrypt_hs_resume_keys(struct tcpcrypt_conn *conn)
{
	conn->seq_off = 0;
	conn->rseq_off = 0;
	conn->resumed = true;
	return tcpcrypt_conn_keys(&conn->tx, &conn->rx, conn->sym, &conn->sess,
				  conn->is_client, conn->isn_local,
				  conn->isn_peer);
}

/* Find the CRYPT option of a segment; 0 if it has none. */
static int tcpcrypt_hs_crypt_opt(const struct tcpcrypt_pkt *p,
				 struct tcpcrypt_crypt_opt *co)
{
	return tcpcrypt_crypt_opt_find(tcpcrypt_pkt_opts(p),
				       tcpcrypt_pkt_optlen(p), co);
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

static unsigned int tcpcrypt_hs_out_csum(struct tcpcrypt_pkt *p)
{
	if (tcpcrypt_seg_csum_out(p->skb, &p->seg,
				  READ_ONCE(tcpcrypt_param_full_csum)))
		return NF_DROP;
	return NF_ACCEPT;
}

/* A received SYN or SYN-ACK: leave room for our option in the peer's MSS. */
static int tcpcrypt_hs_clamp_mss(struct tcpcrypt_pkt *p, bool zero_window)
{
	int err;

	err = tcpcrypt_seg_writable_headers(p->skb, &p->seg);
	if (err)
		return err;
	err = tcpcrypt_optpack_clamp_mss(tcpcrypt_pkt_opts(p),
					 tcpcrypt_pkt_optlen(p),
					 TCPCRYPT_OVERHEAD, TCPCRYPT_MIN_MSS);
	if (err < 0)
		return err;
	if (zero_window)
		tcpcrypt_pkt_th(p)->window = 0;
	tcpcrypt_seg_csum_in_done(p->skb);
	return 0;
}

static bool tcpcrypt_sk_is_tcp(const struct sock *sk)
{
	return sk && sk_fullsock(sk) && sk->sk_type == SOCK_STREAM &&
	       sk->sk_protocol == IPPROTO_TCP;
}

/* ---- new connections ------------------------------------------------------ */

static bool tcpcrypt_hs_excluded(struct tcpcrypt_net *tn,
				  const struct tcpcrypt_pkt *p, bool out)
{
	struct tcpcrypt_conn_key key;

	tcpcrypt_pkt_key(p, out, &key);
	if (!tcpcrypt_addr_excluded(tn, &key))
		return false;
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_EXCLUDED);
	return true;
}

static bool tcpcrypt_hs_admit(struct tcpcrypt_net *tn)
{
	if (atomic_inc_return(&tn->nhandshakes) > READ_ONCE(tn->max_handshakes)) {
		atomic_dec(&tn->nhandshakes);
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_HANDSHAKE_LIMIT);
		return false;
	}
	return true;
}

/*
 * A client's handshake takes a slot from its SYN on: its own connect()s
 * start it. A server's takes one only with a valid INIT1, where the
 * public-key work begins (tcpcrypt_hs_hold): spoofed SYNs, which never
 * bring one, cannot hold the slots that real clients need.
 */
static struct tcpcrypt_conn *tcpcrypt_hs_create(struct tcpcrypt_net *tn,
						const struct tcpcrypt_pkt *p,
						bool out)
{
	struct tcpcrypt_conn_key key;
	struct tcpcrypt_conn *conn;

	if (out && !tcpcrypt_hs_admit(tn))
		return NULL;
	tcpcrypt_pkt_key(p, out, &key);
	conn = tcpcrypt_conn_create(tn, &key, out);
	if (IS_ERR(conn)) {
		if (out)
			atomic_dec(&tn->nhandshakes);
		return NULL;
	}
	conn->hs_counted = out;
	return conn;
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
	if (!READ_ONCE(tn->enabled)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_DISABLED);
		goto plain;
	}
	/* Not with TCP Fast Open either: data in the SYN. */
	if (p->seg.paylen)
		goto plain;
	if (tcpcrypt_port_excluded(tn, th->source, th->dest)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_EXCLUDED);
		goto plain;
	}
	if (tcpcrypt_hs_excluded(tn, p, true))
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
		return tcpcrypt_hs_fallback(conn, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
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

/* Server: a SYN with HELLO (or NEXTK1, which we answer in full). */
unsigned int tcpcrypt_hs_new_input(struct tcpcrypt_net *tn,
				   struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct tcpcrypt_conn_key key;
	struct tcpcrypt_crypt_opt co;
	struct tcpcrypt_sockopts o;
	struct tcpcrypt_conn *conn;
	bool required;

	if (!th->syn || th->ack || th->rst)
		return NF_ACCEPT;
	tcpcrypt_pkt_key(p, false, &key);
	tcpcrypt_sockopts_listener(tn, p->skb, &key, &o);
	if (TCPCRYPT_CMODE_MODE(o.cmode) == TCP_CRYPT_CMODE_NEVER) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_BY_SOCKET);
		return NF_ACCEPT;
	}
	required = tcpcrypt_opts_required(&o);
	if (!READ_ONCE(tn->enabled)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_DISABLED);
		goto plain;
	}
	if (tcpcrypt_port_excluded(tn, th->source, th->dest)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_EXCLUDED);
		goto plain;
	}
	if (tcpcrypt_hs_crypt_opt(p, &co) <= 0 ||
	    !(co.present & (TCPCRYPT_CO_HELLO | TCPCRYPT_CO_HELLO_SUPPORT |
			    TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_NEXTK1_SUPPORT))) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_FALLBACK_NO_HELLO);
		goto plain;
	}
	/* SUPPORT 2: the client's application must say it is aware. */
	if (o.support >= 2 &&
	    !(co.present & (TCPCRYPT_CO_HELLO_SUPPORT | TCPCRYPT_CO_NEXTK1_SUPPORT)))
		return tcpcrypt_hs_refuse_syn(tn, p, &key);
	if (tcpcrypt_seg_csum_in(p->skb, &p->seg, p->state->hook)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_CSUM_ERRORS);
		return NF_DROP;
	}
	if (tcpcrypt_hs_excluded(tn, p, false))
		goto plain;
	conn = tcpcrypt_hs_create(tn, p, false);
	if (!conn)
		goto plain;
	conn->opts = o;
	conn->isn_peer = ntohl(th->seq);
	if (co.present & (TCPCRYPT_CO_HELLO_SUPPORT | TCPCRYPT_CO_NEXTK1_SUPPORT))
		conn->sess.app |= 1;	/* the client's application is aware */
	if (o.support)
		conn->sess.app |= 2;	/* ours is */
	if (co.present & (TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_NEXTK1_SUPPORT) &&
	    tcpcrypt_hs_may_cache(tn, &o)) {
		struct tcpcrypt_cached c;

		if (tcpcrypt_cache_take_server(tn, co.sid_prefix, &c))
			tcpcrypt_hs_take_cached(conn, &c);
		else	/* unknown to us: a full handshake */
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_RESUME_UNKNOWN);
	}
	if (tcpcrypt_hs_clamp_mss(p, false))
		return tcpcrypt_hs_fallback(conn, TCPCRYPT_STAT_NOMEM);
	return NF_ACCEPT;
plain:
	return required ? tcpcrypt_hs_refuse_syn(tn, p, &key) : NF_ACCEPT;
}

/* ---- output during the handshake ----------------------------------------- */

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
			return tcpcrypt_hs_fallback(conn, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
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
	if (!npk) {	/* only RSA listed, and no RSA key */
		if (!tcpcrypt_opts_required(&conn->opts))
			return tcpcrypt_hs_fallback(conn, TCPCRYPT_STAT_FALLBACK_NO_KEY_PAIR);
		/* Required: the SYN-ACK leaves as a RST instead. */
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
		tcpcrypt_conn_unlink(conn);
		if (tcpcrypt_hs_make_rst(p))
			return NF_DROP;
		return tcpcrypt_hs_out_csum(p);
	}
	add[0] = TCPCRYPT_TCPOPT_CRYPT;
	add[1] = n;
	add[2] = conn->opts.support ? TCPCRYPT_SUBOPT_PKCONF_SUPPORT :
				      TCPCRYPT_SUBOPT_PKCONF;
	add[3] = n - 2;
	conn->npk = npk;
	memcpy(conn->pkconf, add + 4, n - 4);
	if (tcpcrypt_hs_add_opt(p, add, n))
		return tcpcrypt_hs_fallback(conn, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
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
			return tcpcrypt_hs_fallback(conn, TCPCRYPT_STAT_FALLBACK_NO_ROOM);
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

/* ---- input during the handshake ------------------------------------------ */

/* Client: the server knew our session: encrypting from the next segment. */
static unsigned int tcpcrypt_hs_in_resumed(struct tcpcrypt_conn *conn,
					   struct tcpcrypt_pkt *p,
					   const struct tcpcrypt_crypt_opt *co)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	int err;

	if (conn->opts.support >= 2 && !(co->present & TCPCRYPT_CO_NEXTK2_SUPPORT))
		return tcpcrypt_hs_refuse(conn, p);
	if (tcpcrypt_seg_writable_headers(p->skb, &p->seg)) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_NOMEM);
		return NF_DROP;
	}
	/* Keys and state together: a second SYN-ACK on another CPU waits. */
	spin_lock_bh(&conn->lock);
	if (conn->state != TCPCRYPT_SYN_SENT) {
		spin_unlock_bh(&conn->lock);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
	if (co->present & TCPCRYPT_CO_NEXTK2_SUPPORT)
		conn->sess.app |= 2;
	conn->isn_peer = ntohl(th->seq);
	err = tcpcrypt_hs_resume_keys(conn);
	spin_unlock_bh(&conn->lock);
	if (err)
		return tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
	if (tcpcrypt_hs_clamp_mss(p, false))
		return tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_NOMEM);
	if (!tcpcrypt_hs_resumed(conn, TCPCRYPT_SYN_SENT)) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
	return NF_ACCEPT;
}

static unsigned int tcpcrypt_hs_in_synack(struct tcpcrypt_conn *conn,
					  struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	u32 prefs[TCPCRYPT_CFG_MAX], syms[TCPCRYPT_CFG_MAX];
	unsigned int nprefs = 0, nsyms = 0, nsym, i, j;
	const struct tcpcrypt_sockopts *o = &conn->opts;
	const u32 *sym;
	const struct tcpcrypt_pubkey_ops *pk;
	const struct tcpcrypt_cfg *cfg;
	struct tcpcrypt_crypt_opt co;
	const struct tcpcrypt_ckey *ck;
	struct tcpcrypt_pk_state st = {};
	bool legacy_peer, moved;
	u8 nc[sizeof(conn->nc)];
	u8 *init1;
	int len;

	if (!tcpcrypt_hs_in_place(conn, th, false, 0, conn->isn_local + 1))
		return NF_DROP;
	if (tcpcrypt_hs_crypt_opt(p, &co) <= 0)
		co.present = 0;
	if (conn->resuming &&
	    (co.present & (TCPCRYPT_CO_NEXTK2 | TCPCRYPT_CO_NEXTK2_SUPPORT)))
		return tcpcrypt_hs_in_resumed(conn, p, &co);
	if (conn->resuming)
		tcpcrypt_hs_drop_cached(conn);
	if (!(co.present & (TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_PKCONF_SUPPORT)) ||
	    !co.npk)
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_PKCONF);
	/* SUPPORT 2: the server's application must say it is aware. */
	if (o->support >= 2 && !(co.present & TCPCRYPT_CO_PKCONF_SUPPORT))
		return tcpcrypt_hs_refuse(conn, p);
	cfg = tcpcrypt_cfg_get(conn->tn);
	if (o->npk) {
		/* The socket's own list, in its own order. */
		for (i = 0; i < o->npk; i++)
			if (tcpcrypt_hs_pk_usable(conn->tn, o->pk[i]))
				prefs[nprefs++] = o->pk[i];
	} else {
		for (i = 0; i < ARRAY_SIZE(tcpcrypt_pk_prefs); i++)
			for (j = 0; j < cfg->npk; j++)
				if (cfg->pk[j] == tcpcrypt_pk_prefs[i] &&
				    tcpcrypt_hs_pk_usable(conn->tn, cfg->pk[j]))
					prefs[nprefs++] = cfg->pk[j];
	}
	pk = tcpcrypt_pubkey_choose(co.pkconf, co.npk, prefs, nprefs);
	if (!pk)
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_PKCONF);

	/* A peer offering X25519 is one of us: it has the sound suite too. */
	legacy_peer = true;
	for (i = 0; i < co.npk; i++)
		if (TCPCRYPT_PK_ALGO(tcpcrypt_crypt_opt_pkspec(&co, i)) ==
		    TCPCRYPT_PK_ALGO(TCPCRYPT_PK_X25519))
			legacy_peer = false;
	/* v0.2 knows only the legacy suite: offer it alone, if allowed. */
	nsym = o->ncc ? o->ncc : cfg->nsym;
	sym = o->ncc ? o->cc : cfg->sym;
	for (i = 0; i < nsym; i++)
		if (!legacy_peer || sym[i] == TCPCRYPT_SYM_AES128_HMAC)
			syms[nsyms++] = sym[i];
	if (!nsyms)
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_PKCONF);

	init1 = kmalloc(TCPCRYPT_INIT_MAX, GFP_ATOMIC);
	if (!init1)
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_NOMEM);
	get_random_bytes(nc, pk->nc_len);
	if (pk == &tcpcrypt_pubkey_rsa3) {
		/* The namespace's long-lived RSA key: INIT1 carries its modulus. */
		struct tcpcrypt_rsa_priv *rk = tcpcrypt_rsakey_get(conn->tn);
		const u8 *n;
		size_t n_len;

		if (!rk) {
			kfree(init1);
			return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_KEY_PAIR);
		}
		st.key = rk;
		n = tcpcrypt_rsa_modulus(rk, &n_len);
		len = tcpcrypt_init1_build(init1, TCPCRYPT_INIT_MAX, pk->spec,
					   syms, nsyms, nc, pk->nc_len, n,
					   n_len);
	} else {
		rcu_read_lock();
		ck = tcpcrypt_ckey_use(conn->tn, pk);
		if (!ck) {
			/* Worn out, its replacement not made yet (or no memory). */
			rcu_read_unlock();
			kfree(init1);
			return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_KEY_PAIR);
		}
		st = ck->st;
		len = tcpcrypt_init1_build(init1, TCPCRYPT_INIT_MAX, pk->spec,
					   syms, nsyms, nc, pk->nc_len,
					   ck->key, ck->len);
		rcu_read_unlock();
	}
	if (len < 0) {
		tcpcrypt_rsakey_put(st.key);
		tcpcrypt_pk_state_clear(&st);
		kfree(init1);
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_NOMEM);
	}
	/* All of it or nothing: a copy of this SYN-ACK may race us. */
	spin_lock_bh(&conn->lock);
	moved = __tcpcrypt_hs_move(conn, TCPCRYPT_SYN_SENT, TCPCRYPT_INIT1_READY);
	if (moved) {
		if (co.present & TCPCRYPT_CO_PKCONF_SUPPORT)
			conn->sess.app |= 2;	/* the server's application is aware */
		conn->legacy_peer = legacy_peer;
		conn->pk = pk;
		conn->pk_state = st;
		memcpy(conn->nc, nc, sizeof(nc));
		conn->npk = co.npk;
		memcpy(conn->pkconf, co.pkconf, co.npk * TCPCRYPT_PKSPEC_LEN);
		conn->init1 = init1;
		conn->init1_len = len;
		conn->isn_peer = ntohl(th->seq);
	}
	spin_unlock_bh(&conn->lock);
	memzero_explicit(nc, sizeof(nc));
	if (!moved) {
		tcpcrypt_rsakey_put(st.key);
		tcpcrypt_pk_state_clear(&st);
		kfree_sensitive(init1);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
	tcpcrypt_mem_charge(conn->tn, len);
	/* A zero window keeps TCP from sending data before the keys exist. */
	if (tcpcrypt_hs_clamp_mss(p, true))
		return tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_NOMEM);
	return NF_ACCEPT;
}

/*
 * Keep the segment while the workqueue does the public-key work: the
 * message it carried, the suite chosen and the segment itself are taken
 * together with the move to KEYING, or not at all.
 */
static unsigned int tcpcrypt_hs_hold(struct tcpcrypt_conn *conn,
				     struct tcpcrypt_pkt *p,
				     enum tcpcrypt_state from, u8 *msg,
				     u16 len, u32 sym,
				     const struct tcpcrypt_pubkey_ops *pk)
{
	struct sk_buff *skb = p->skb;
	bool admitted = false, moved;

	skb_dst_force(skb);
	if (!skb_dst(skb)) {
		/* The peer repeats it. */
		kfree(msg);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_NOMEM);
		return NF_DROP;
	}
	/* A server's slot (see tcpcrypt_hs_create); else TCP repeats the SYN-ACK. */
	if (!conn->is_client && !READ_ONCE(conn->hs_counted)) {
		if (!tcpcrypt_hs_admit(conn->tn)) {
			kfree(msg);
			return NF_DROP;
		}
		admitted = true;
	}
	spin_lock_bh(&conn->lock);
	moved = !conn->dead && !conn->held.skb &&
		__tcpcrypt_hs_move(conn, from, TCPCRYPT_KEYING);
	if (moved && admitted)
		conn->hs_counted = 1;
	if (moved) {
		if (conn->is_client) {
			conn->init2 = msg;
			conn->init2_len = len;
		} else {
			conn->init1 = msg;
			conn->init1_len = len;
			conn->pk = pk;
		}
		conn->sym = sym;
		dev_hold(skb->dev);
		conn->held.skb = skb;
		conn->held.okfn = p->state->okfn;
		tcpcrypt_conn_get(conn);
	}
	spin_unlock_bh(&conn->lock);
	if (!moved) {
		/* A copy of the message another CPU took first. */
		if (admitted)
			atomic_dec(&conn->tn->nhandshakes);
		kfree(msg);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
	tcpcrypt_mem_charge(conn->tn, len + skb->truesize);
	tcpcrypt_held_inc(conn->tn);
	queue_work(tcpcrypt_wq, &conn->work);
	return NF_STOLEN;
}

/* Copy an INIT message out of the segment, within bounds. */
static u8 *tcpcrypt_hs_copy_msg(struct tcpcrypt_conn *conn,
				const struct tcpcrypt_pkt *p)
{
	u8 *msg;

	if (!p->seg.paylen || p->seg.paylen > TCPCRYPT_INIT_MAX) {
		tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
		return NULL;
	}
	msg = kmalloc(p->seg.paylen, GFP_ATOMIC);
	if (!msg) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_NOMEM);
		return NULL;
	}
	if (skb_copy_bits(p->skb, p->seg.thoff + p->seg.thlen, msg,
			  p->seg.paylen)) {
		kfree(msg);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_MALFORMED);
		return NULL;
	}
	return msg;
}

/* Server: INIT1, at the place the SYN-ACK made for it. */
static unsigned int tcpcrypt_hs_in_init1(struct tcpcrypt_conn *conn,
					 struct tcpcrypt_pkt *p)
{
	const struct tcpcrypt_cfg *cfg;
	struct tcpcrypt_init1 m;
	unsigned int i;
	u32 sym;
	u8 *init1;

	init1 = tcpcrypt_hs_copy_msg(conn, p);
	if (!init1)
		return NF_DROP;
	if (tcpcrypt_init1_parse(init1, p->seg.paylen, &m) || !m.pk)
		goto bad;
	/* The chosen cipher must be one we offered. */
	for (i = 0; i < conn->npk; i++)
		if (TCPCRYPT_PK_ALGO(tcpcrypt_get_be24(conn->pkconf + 3 * i)) ==
		    TCPCRYPT_PK_ALGO(m.pkspec))
			break;
	if (i == conn->npk)
		goto bad;
	cfg = tcpcrypt_cfg_get(conn->tn);
	/* The server's order of preference decides (TCP_CRYPT_SCONF). */
	if (conn->opts.nsc)
		sym = tcpcrypt_init1_prefer_sym(&m, conn->opts.sc, conn->opts.nsc);
	else
		sym = tcpcrypt_init1_choose_sym(&m, cfg->sym, cfg->nsym);
	if (!sym)
		goto bad;
	return tcpcrypt_hs_hold(conn, p, TCPCRYPT_SYN_RCVD, init1,
				p->seg.paylen, sym, m.pk);
bad:
	kfree(init1);
	return tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
}

/* Client: INIT2, right after the SYN-ACK, acknowledging INIT1. */
static unsigned int tcpcrypt_hs_in_init2(struct tcpcrypt_conn *conn,
					 struct tcpcrypt_pkt *p)
{
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m;
	unsigned int i;
	u8 *init2;

	init2 = tcpcrypt_hs_copy_msg(conn, p);
	if (!init2)
		return NF_DROP;
	if (tcpcrypt_init2_parse(init2, p->seg.paylen, conn->pk, &m))
		goto bad;
	/* The server's choice must be one our INIT1 offered. */
	if (tcpcrypt_init1_parse(conn->init1, conn->init1_len, &m1))
		goto bad;
	for (i = 0; i < m1.nsym; i++)
		if (tcpcrypt_init1_sym(&m1, i) == m.sym)
			break;
	if (i == m1.nsym)
		goto bad;
	return tcpcrypt_hs_hold(conn, p, TCPCRYPT_INIT1_SENT, init2,
				p->seg.paylen, m.sym, conn->pk);
bad:
	kfree(init2);
	return tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
}

/*
 * Does the payload start with an INIT message? A middlebox may strip the
 * CRYPT option that marks it but keep the payload; the other side has
 * already numbered its data after the message, so it must be taken.
 */
static bool tcpcrypt_hs_looks_like(const struct tcpcrypt_pkt *p, u32 magic)
{
	u8 hdr[8], *h;

	if (p->seg.paylen < sizeof(hdr))
		return false;
	h = skb_header_pointer(p->skb, p->seg.thoff + p->seg.thlen,
			       sizeof(hdr), hdr);
	if (!h || tcpcrypt_get_be32(h) != magic ||
	    tcpcrypt_get_be32(h + 4) != p->seg.paylen)
		return false;
	tcpcrypt_stat_inc(tcpcrypt_pernet(p->state->net),
			  TCPCRYPT_STAT_INIT_MARK_STRIPPED);
	return true;
}

unsigned int tcpcrypt_hs_input(struct tcpcrypt_net *tn,
			       struct tcpcrypt_conn *conn,
			       struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct tcpcrypt_crypt_opt co;
	u32 seq = ntohl(th->seq);
	int have_co;

	if (tcpcrypt_seg_csum_in(p->skb, &p->seg, p->state->hook)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_CSUM_ERRORS);
		return NF_DROP;
	}
	/*
	 * TCP judges a RST by its own sequence numbers; it changes nothing
	 * here. The entry goes when the socket does.
	 */
	if (th->rst) {
		/* As TCP: in SYN_SENT only a RST that acknowledges our SYN counts. */
		if (READ_ONCE(conn->state) == TCPCRYPT_SYN_SENT &&
		    !tcpcrypt_hs_in_place(conn, th, false, 0, conn->isn_local + 1))
			return NF_DROP;
		return NF_ACCEPT;
	}
	have_co = tcpcrypt_hs_crypt_opt(p, &co) > 0;

	switch (READ_ONCE(conn->state)) {
	case TCPCRYPT_SYN_SENT:
		if (th->syn && th->ack)
			return tcpcrypt_hs_in_synack(conn, p);
		break;
	case TCPCRYPT_INIT1_READY:
	case TCPCRYPT_INIT1_SENT:
		if (th->syn && th->ack) {
			/* The server's TCP lost our INIT1: its retransmission. */
			if (!tcpcrypt_hs_in_place(conn, th, true, conn->isn_peer,
						  conn->isn_local + 1))
				return NF_DROP;
			if (tcpcrypt_hs_clamp_mss(p, true))
				return NF_DROP;
			return NF_ACCEPT;
		}
		if (conn->state == TCPCRYPT_INIT1_SENT && p->seg.paylen &&
		    ((have_co && (co.present & TCPCRYPT_CO_INIT2)) ||
		     tcpcrypt_hs_looks_like(p, TCPCRYPT_INIT2_MAGIC))) {
			if (!tcpcrypt_hs_in_place(conn, th, true, conn->isn_peer + 1,
						  conn->isn_local + 1 +
						  conn->init1_len))
				return NF_DROP;
			return tcpcrypt_hs_in_init2(conn, p);
		}
		break;
	case TCPCRYPT_SYN_RCVD:
		if (th->syn && !th->ack) {
			/* The client repeats its SYN; TCP repeats the SYN-ACK. */
			if (seq != conn->isn_peer) {
				tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_DROP_BAD_SEQ);
				return NF_DROP;
			}
			if (tcpcrypt_hs_clamp_mss(p, false))
				return NF_DROP;
			return NF_ACCEPT;
		}
		if (th->syn)
			break;
		/* The client's third ACK, whatever it carries. */
		if (!tcpcrypt_hs_in_place(conn, th, true, conn->isn_peer + 1,
					  conn->isn_local + 1))
			return NF_DROP;
		if (conn->resuming) {
			unsigned int verdict;

			/* The client encrypts already: its first MAC switches us. */
			verdict = tcpcrypt_in_verify(tn, conn, p);
			if (verdict == NF_ACCEPT)
				tcpcrypt_hs_resumed(conn, TCPCRYPT_SYN_RCVD);
			return verdict;
		}
		if (p->seg.paylen &&
		    ((have_co && (co.present & TCPCRYPT_CO_INIT1)) ||
		     tcpcrypt_hs_looks_like(p, TCPCRYPT_INIT1_MAGIC)))
			return tcpcrypt_hs_in_init1(conn, p);
		/* The client went plain: so do we, if allowed. */
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_FALLBACK_NO_INIT1);
	default:
		break;
	}
	/* Anything else before the keys exist: the sender will repeat it. */
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
	return NF_DROP;
}

/* ---- public-key work --------------------------------------------------------- */

static int tcpcrypt_hs_keys(struct tcpcrypt_conn *conn)
{
	u8 pms[TCPCRYPT_PK_PRIV_MAX], ss[TCPCRYPT_KEY_LEN];
	struct tcpcrypt_transcript t = {
		.pkconf = conn->pkconf,
		.npk = conn->npk,
		.pms = pms,
		.pms_len = conn->pk->pms_len,
	};
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m2;
	int err;

	err = tcpcrypt_init1_parse(conn->init1, conn->init1_len, &m1);
	if (err)
		return err;
	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_PUBLIC_KEY_OPS);
	if (conn->is_client) {
		err = tcpcrypt_init2_parse(conn->init2, conn->init2_len,
					   conn->pk, &m2);
		if (!err)
			err = conn->pk->client_kx(&conn->pk_state, m2.kx, pms);
		tcpcrypt_rsakey_put(conn->pk_state.key);
		tcpcrypt_pk_state_clear(&conn->pk_state);
	} else {
		size_t len = TCPCRYPT_INIT2_HDR_LEN + conn->pk->kx_len;
		u8 *kx = kmalloc(conn->pk->kx_len, GFP_KERNEL);
		int n;

		conn->init2 = kmalloc(len, GFP_KERNEL);
		if (!kx || !conn->init2) {
			kfree(kx);
			err = -ENOMEM;
			goto out;
		}
		err = conn->pk->server_kx(m1.ckey, m1.ckey_len, kx, pms);
		n = err ? err : tcpcrypt_init2_build(conn->init2, len, conn->sym,
						     kx, conn->pk->kx_len);
		kfree(kx);
		if (n < 0) {
			err = n;
			goto out;
		}
		conn->init2_len = n;
		tcpcrypt_mem_charge(conn->tn, n);
	}
	if (err)
		goto out;
	t.nc = m1.nc;
	t.nc_len = m1.nc_len;
	t.init1 = conn->init1;
	t.init1_len = conn->init1_len;
	t.init2 = conn->init2;
	t.init2_len = conn->init2_len;
	err = tcpcrypt_ss(&t, ss);
	if (!err)
		err = tcpcrypt_session_derive(ss, conn->sess.app, &conn->sess);
	if (!err && READ_ONCE(tcpcrypt_param_keylog))
		tcpcrypt_keylog(conn, m1.nc, m1.nc_len, pms, t.pms_len, ss);
	if (!err)
		err = tcpcrypt_conn_keys(&conn->tx, &conn->rx, conn->sym,
					 &conn->sess, conn->is_client,
					 conn->isn_local, conn->isn_peer);
out:
	memzero_explicit(pms, sizeof(pms));
	memzero_explicit(ss, sizeof(ss));
	return err;
}

/* Hand the held segment, INIT stripped, to TCP as if it had just arrived. */
static void tcpcrypt_hs_release(struct tcpcrypt_conn *conn, bool deliver)
{
	struct sk_buff *skb = conn->held.skb;
	struct net_device *dev = skb->dev;
	struct tcpcrypt_pkt p = { .skb = skb };

	conn->held.skb = NULL;
	tcpcrypt_held_dec(conn->tn);
	tcpcrypt_mem_charge(conn->tn, -(long)skb->truesize);
	if (!deliver ||
	    tcpcrypt_seg_parse(skb, conn->key.family, &p.seg) ||
	    tcpcrypt_seg_trim_payload(skb, &p.seg) ||
	    tcpcrypt_seg_writable_headers(skb, &p.seg)) {
		kfree_skb(skb);
		dev_put(dev);
		return;
	}
	/* INIT2's ack covers INIT1, which the client's TCP never sent. */
	if (conn->is_client)
		tcpcrypt_seg_shift(skb, &p.seg, 0, -conn->seq_off, 0);
	tcpcrypt_seg_csum_in_done(skb);
	local_bh_disable();
	rcu_read_lock();
	tcpcrypt_in_resume(conn->tn->net, conn->key.family == AF_INET ?
			   NFPROTO_IPV4 : NFPROTO_IPV6, dev, skb,
			   conn->held.okfn);
	rcu_read_unlock();
	local_bh_enable();
	dev_put(dev);
}

static struct sk_buff *tcpcrypt_hs_init2_skb(struct tcpcrypt_conn *conn)
{
	static const u8 mark[4] = { TCPCRYPT_TCPOPT_CRYPT, 3, TCPCRYPT_SUBOPT_INIT2, 0 };
	u16 win = conn->synack_win;

	/* The window field is in the server's scaled units (RFC 7323). */
	if (conn->synack_wscale)
		win = max_t(u16, win >> conn->synack_wscale, 1);
	return tcpcrypt_xmit_build(conn, conn->isn_local + 1,
				   conn->isn_peer + 1 + conn->init1_len, win,
				   mark, sizeof(mark), conn->init2,
				   conn->init2_len);
}

/* A copy of INIT2 to send, taken under conn->lock: an ACK may free it. */
static struct sk_buff *tcpcrypt_hs_init2_copy(struct tcpcrypt_conn *conn)
{
	lockdep_assert_held(&conn->lock);
	return conn->init2_skb ? skb_copy(conn->init2_skb, GFP_ATOMIC) : NULL;
}

static void tcpcrypt_hs_rtx(struct timer_list *t)
{
	struct tcpcrypt_conn *conn = from_timer(conn, t, rtx_timer);
	struct sk_buff *skb = NULL;
	bool failed = false;

	spin_lock_bh(&conn->lock);
	if (!conn->dead && conn->init2_skb) {
		if (++conn->rtx_count < TCPCRYPT_INIT2_TRIES) {
			tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_INIT2_RETRANSMITS);
			skb = tcpcrypt_hs_init2_copy(conn);
			tcpcrypt_conn_get(conn);
			mod_timer(&conn->rtx_timer,
				  jiffies + (TCPCRYPT_INIT2_RTO << conn->rtx_count));
		} else {
			/* The client never acknowledged: give up on it. */
			failed = __tcpcrypt_hs_move_failed(conn);
		}
	}
	spin_unlock_bh(&conn->lock);
	if (skb)
		tcpcrypt_xmit_send(conn, skb);
	if (failed) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_HANDSHAKES_FAILED);
		tcpcrypt_hs_entered(conn, TCPCRYPT_FAILED);
	}
	tcpcrypt_conn_put(conn);
}

void tcpcrypt_hs_init2_acked(struct tcpcrypt_conn *conn, u32 wire_ack)
{
	struct sk_buff *skb = NULL;

	if (before(wire_ack, conn->init2_end))
		return;
	spin_lock_bh(&conn->lock);
	if (conn->init2_skb) {
		skb = conn->init2_skb;
		conn->init2_skb = NULL;
		tcpcrypt_mem_charge(conn->tn, -(long)skb->truesize);
		if (del_timer(&conn->rtx_timer))
			tcpcrypt_conn_put(conn);
	}
	spin_unlock_bh(&conn->lock);
	kfree_skb(skb);
}

static void tcpcrypt_hs_work(struct work_struct *work)
{
	struct tcpcrypt_conn *conn = container_of(work, struct tcpcrypt_conn, work);
	struct sk_buff *init2 = NULL;
	int err = -ECONNABORTED;
	bool moved;

	if (!READ_ONCE(conn->dead))
		err = tcpcrypt_hs_keys(conn);
	if (err) {
		if (!READ_ONCE(conn->dead)) {
			pr_debug_ratelimited("handshake failed: %d\n", err);
			tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
		}
		tcpcrypt_hs_release(conn, false);
		tcpcrypt_conn_put(conn);
		return;
	}

	spin_lock_bh(&conn->lock);
	/* Timed out or unlinked meanwhile: the held segment goes. */
	moved = !conn->dead &&
		__tcpcrypt_hs_move(conn, TCPCRYPT_KEYING, TCPCRYPT_ENCRYPTING);
	if (moved && conn->is_client) {
		conn->seq_off = conn->init1_len;
		conn->rseq_off = conn->init2_len;
	} else if (moved) {
		conn->seq_off = conn->init2_len;
		conn->rseq_off = conn->init1_len;
		conn->init2_end = conn->isn_local + 1 + conn->init2_len;
		conn->init2_skb = tcpcrypt_hs_init2_skb(conn);
		if (conn->init2_skb) {
			tcpcrypt_mem_charge(conn->tn, conn->init2_skb->truesize);
			init2 = tcpcrypt_hs_init2_copy(conn);
			tcpcrypt_conn_get(conn);
			mod_timer(&conn->rtx_timer, jiffies + TCPCRYPT_INIT2_RTO);
		}
	}
	spin_unlock_bh(&conn->lock);
	if (!moved) {
		tcpcrypt_hs_release(conn, false);
		tcpcrypt_conn_put(conn);
		return;
	}
	tcpcrypt_hs_entered(conn, TCPCRYPT_ENCRYPTING);
	tcpcrypt_hs_done(conn);

	if (!conn->is_client) {
		/* INIT2 first, so that the server's first data follows it. */
		if (init2)
			tcpcrypt_xmit_send(conn, init2);
		tcpcrypt_hs_release(conn, true);
	} else {
		tcpcrypt_hs_release(conn, true);
		tcpcrypt_xmit_protected_ack(conn, conn->isn_local + 1 + conn->seq_off,
					    conn->isn_peer + 1 + conn->rseq_off,
					    conn->init1_win);
	}
	tcpcrypt_conn_put(conn);
}

void tcpcrypt_handshake_conn_init(struct tcpcrypt_conn *conn)
{
	INIT_WORK(&conn->work, tcpcrypt_hs_work);
	timer_setup(&conn->rtx_timer, tcpcrypt_hs_rtx, 0);
}

/* The entry left the table: stop timers; pending work sees dead. */
void tcpcrypt_handshake_conn_stop(struct tcpcrypt_conn *conn)
{
	spin_lock_bh(&conn->lock);
	WRITE_ONCE(conn->dead, true);
	if (del_timer(&conn->rtx_timer))
		tcpcrypt_conn_put(conn);
	spin_unlock_bh(&conn->lock);
	tcpcrypt_hs_uncount(conn);
	/* TCP_CRYPT_SESSID waiters: the connection went plain or away. */
	wake_up_all(&conn->waitq);
}
