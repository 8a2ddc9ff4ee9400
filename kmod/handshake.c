// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake's states and what ends it: the one table of transitions
 * and the function that makes them (under conn->lock, from the state the
 * decision was made in), and the outcomes - encrypting, plain TCP, a
 * refusal, a failure - with what each means for the connection and its
 * socket. hs_output.c and hs_input.c decide on segments, keying.c does
 * the work that sleeps.
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
 * handshake.
 */
#include <linux/error-injection.h>
#include <net/tcp.h>

#include "handshake.h"
#include "netlink.h"
#include "sesscache.h"
#include "rsakey.h"
#include "trace.h"

/* RSA is offered and accepted only while the namespace has a key. */
bool tcpcrypt_hs_pk_usable(struct tcpcrypt_net *tn, u32 id)
{
	unsigned long loaded;
	unsigned int bits;

	return id != TCPCRYPT_PK_RSA3 || tcpcrypt_rsakey_info(tn, &bits, &loaded);
}

void tcpcrypt_hs_uncount(struct tcpcrypt_conn *conn)
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
bool __tcpcrypt_hs_move(struct tcpcrypt_conn *conn,
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
bool __tcpcrypt_hs_move_failed(struct tcpcrypt_conn *conn)
{
	return conn->state != TCPCRYPT_FAILED &&
	       __tcpcrypt_hs_move(conn, conn->state, TCPCRYPT_FAILED);
}

/* What entering a state means beyond it; after conn->lock is dropped. */
void tcpcrypt_hs_entered(struct tcpcrypt_conn *conn,
			 enum tcpcrypt_state state)
{
	if (state != TCPCRYPT_ENCRYPTING && state != TCPCRYPT_FAILED)
		return;
	tcpcrypt_hs_uncount(conn);
	wake_up_all(&conn->tn->settle_wq);
	if (state == TCPCRYPT_FAILED)
		tcpcrypt_conn_abort(conn, ECONNRESET);
}

bool tcpcrypt_hs_move(struct tcpcrypt_conn *conn,
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

/* Fall back to plain TCP: forget the connection, let the segment pass. */
static unsigned int tcpcrypt_hs_fallback(struct tcpcrypt_conn *conn,
					 enum tcpcrypt_stat why)
{
	tcpcrypt_stat_inc(conn->tn, why);
	trace_tcpcrypt_fallback(&conn->key, conn->is_client,
				tcpcrypt_stat_name(why));
	tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_FALLBACK);
	tcpcrypt_conn_unlink(conn);
	return NF_ACCEPT;
}

/*
 * No way back to plain TCP: nothing of the connection passes in either
 * direction from now on, and its socket is aborted; the entry goes with
 * the socket.
 */
unsigned int tcpcrypt_hs_fail(struct tcpcrypt_conn *conn,
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
		trace_tcpcrypt_fallback(&conn->key, conn->is_client,
					tcpcrypt_stat_name(TCPCRYPT_STAT_HANDSHAKE_TIMEOUTS));
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
int tcpcrypt_hs_make_rst(struct tcpcrypt_pkt *p)
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
 * TCP may ignore that RST (PAWS rejects it when the segment's timestamp
 * is old), so the entry stays, failed, and the socket is aborted: what
 * comes next for the tuple is dropped until the socket is gone, never
 * handed to it as plain data.
 */
unsigned int tcpcrypt_hs_refuse(struct tcpcrypt_conn *conn,
				struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
	tcpcrypt_xmit_rst(conn->tn->net, &conn->key,
			  READ_ONCE(conn->bound_dev_if), ntohl(th->ack_seq), 0,
			  false);
	tcpcrypt_hs_to_failed(conn);
	if (tcpcrypt_hs_make_rst(p))
		return NF_DROP;
	tcpcrypt_seg_csum_in_done(p->skb);
	return NF_ACCEPT;
}

/*
 * Our own segment (a SYN-ACK, the third ACK) cannot carry tcpcrypt, and
 * the socket requires it: it leaves as a RST, which the peer takes at
 * once, and our socket is aborted. The entry stays, failed, until the
 * socket goes, so that TCP's retransmissions of the segment do not
 * leave plain.
 */
static unsigned int tcpcrypt_hs_refuse_out(struct tcpcrypt_conn *conn,
					   struct tcpcrypt_pkt *p)
{
	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
	if (tcpcrypt_hs_to_failed(conn))
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_HANDSHAKES_FAILED);
	if (tcpcrypt_hs_make_rst(p) ||
	    tcpcrypt_seg_csum_out(p->skb, &p->seg,
				  READ_ONCE(tcpcrypt_param_full_csum)))
		return NF_DROP;
	return NF_ACCEPT;
}

/*
 * The handshake cannot go on (the peer offers no tcpcrypt, or a segment
 * has no room for it): plain TCP, unless the socket requires tcpcrypt.
 * The only way to plain after the SYN: every such decision, in either
 * direction, passes the socket's requirement here.
 */
unsigned int tcpcrypt_hs_plain(struct tcpcrypt_conn *conn,
			       struct tcpcrypt_pkt *p,
			       enum tcpcrypt_stat why)
{
	if (tcpcrypt_opts_required(&conn->opts)) {
		tcpcrypt_stat_inc(conn->tn, why);
		if (p->state->hook == NF_INET_LOCAL_OUT)
			return tcpcrypt_hs_refuse_out(conn, p);
		return tcpcrypt_hs_refuse(conn, p);
	}
	return tcpcrypt_hs_fallback(conn, why);
}

bool tcpcrypt_hs_may_cache(struct tcpcrypt_net *tn,
			   const struct tcpcrypt_sockopts *o)
{
	return !(o->cmode & TCP_CRYPT_CMODE_NK) && READ_ONCE(tn->cache_max);
}

/* Start from a cached next session: its keys, our flags. */
void tcpcrypt_hs_take_cached(struct tcpcrypt_conn *conn,
			     struct tcpcrypt_cached *c)
{
	u8 app = conn->sess.app;

	conn->sess = c->sess;
	conn->sess.app = app;	/* recorded; mk was fixed by the last session */
	conn->sym = c->sym;
	conn->resuming = true;
	memzero_explicit(c, sizeof(*c));
}

/* Keys in place: count it, tell the listeners, cache the next session. */
void tcpcrypt_hs_done(struct tcpcrypt_conn *conn)
{
	struct tcpcrypt_net *tn = conn->tn;

	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_HANDSHAKES_DONE);
	tcpcrypt_stats_hs_latency(tn, jiffies - conn->started);
	if (conn->resumed)
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_HANDSHAKES_RESUMED);
	trace_tcpcrypt_handshake_done(conn);
	tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_HANDSHAKE_DONE);
	if (tcpcrypt_hs_may_cache(tn, &conn->opts) &&
	    tcpcrypt_cache_store(tn, conn->key.family, conn->key.raddr,
				 conn->is_client, conn->sym, &conn->sess))
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
}

/* A resumed session's keys are in place: encrypting from now on. */
bool tcpcrypt_hs_resumed(struct tcpcrypt_conn *conn,
			 enum tcpcrypt_state from)
{
	if (!tcpcrypt_hs_move(conn, from, TCPCRYPT_ENCRYPTING))
		return false;
	tcpcrypt_hs_done(conn);
	return true;
}

/*
 * input.c verified a resumed server's first segment from the client: at
 * its place (the third ACK's, or the first data's when that ACK was lost),
 * it switches the connection to ENCRYPTING. False: not at its place, or
 * another CPU switched first; the segment is not TCP's.
 */
bool tcpcrypt_hs_first_mac(struct tcpcrypt_conn *conn, const struct tcphdr *th)
{
	if (ntohl(th->seq) != conn->isn_peer + 1 ||
	    ntohl(th->ack_seq) != conn->isn_local + 1 || !th->ack) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_BAD_SEQ);
		return false;
	}
	if (tcpcrypt_hs_resumed(conn, TCPCRYPT_SYN_RCVD))
		return true;
	return READ_ONCE(conn->state) == TCPCRYPT_ENCRYPTING;
}

/*
 * Both directions' keys from the session, under the locks the data path
 * takes for them: a segment it checks before the state moves on (a
 * resumed server's first MACed segment) never sees half of them.
 */
int tcpcrypt_hs_install_keys(struct tcpcrypt_conn *conn)
{
	int err;

	spin_lock_bh(&conn->tx_lock);
	spin_lock(&conn->rx_lock);
	err = tcpcrypt_conn_keys(&conn->tx, &conn->rx, conn->sym, &conn->sess,
				 conn->is_client, conn->isn_local,
				 conn->isn_peer);
	spin_unlock(&conn->rx_lock);
	spin_unlock_bh(&conn->tx_lock);
	return err;
}

/* Both ends of a resumed session: keys from the cached mk, offsets 0. */
int tcpcrypt_hs_resume_keys(struct tcpcrypt_conn *conn)
{
	int err;

	conn->seq_off = 0;
	conn->rseq_off = 0;
	conn->resumed = true;
	err = tcpcrypt_hs_install_keys(conn);
	if (!err && READ_ONCE(tcpcrypt_param_keylog))
		tcpcrypt_keylog_resumed(conn);
	return err;
}
ALLOW_ERROR_INJECTION(tcpcrypt_hs_resume_keys, ERRNO);

/* Find the CRYPT option of a segment; 0 if it has none. */
int tcpcrypt_hs_crypt_opt(const struct tcpcrypt_pkt *p,
			  struct tcpcrypt_crypt_opt *co)
{
	return tcpcrypt_crypt_opt_find(tcpcrypt_pkt_opts(p),
				       tcpcrypt_pkt_optlen(p), co);
}

/*
 * A new connection tcpcrypt leaves alone: switched off in the namespace, or
 * a port or an address excluded. Counted.
 */
bool tcpcrypt_hs_skipped(struct tcpcrypt_net *tn, const struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	if (!READ_ONCE(tn->enabled)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_DISABLED);
		return true;
	}
	if (tcpcrypt_port_excluded(tn, th->source, th->dest) ||
	    tcpcrypt_addr_excluded(tn, &p->key)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_EXCLUDED);
		return true;
	}
	return false;
}

bool tcpcrypt_hs_admit(struct tcpcrypt_net *tn)
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
struct tcpcrypt_conn *tcpcrypt_hs_create(struct tcpcrypt_net *tn,
					 const struct tcpcrypt_pkt *p,
					 bool out)
{
	struct tcpcrypt_conn *conn;

	if (out && !tcpcrypt_hs_admit(tn))
		return NULL;
	conn = tcpcrypt_conn_create(tn, &p->key, out);
	if (IS_ERR(conn)) {
		if (out)
			atomic_dec(&tn->nhandshakes);
		return NULL;
	}
	conn->hs_counted = out;
	return conn;
}
