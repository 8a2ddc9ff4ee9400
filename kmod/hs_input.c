// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake on the way in: a server's SYN, a client's SYN-ACK, INIT1
 * and INIT2. Nothing unauthenticated changes state before its place in the
 * connection's sequence space is checked; INIT messages are taken with the
 * move to KEYING, once, and held while keying.c works.
 */
#include <linux/error-injection.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <net/tcp.h>
#include <net/dst.h>

#include "handshake.h"
#include "config.h"
#include "proto/init_msg.h"
#include "proto/optpack.h"
#include "keys.h"
#include "sesscache.h"
#include "rsakey.h"
#include "netlink.h"
#include "trace.h"

/*
 * Our client's preference among the ciphers both sides allow: RSA last,
 * as its decryption is the client's most expensive work.
 */
static const u32 tcpcrypt_pk_prefs[] = { TCPCRYPT_PK_X25519, TCPCRYPT_PK_P256,
					 TCPCRYPT_PK_RSA3 };

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

/* Server: a SYN with HELLO (or NEXTK1, which we answer in full). */
unsigned int tcpcrypt_hs_new_input(struct tcpcrypt_net *tn,
				   struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct tcpcrypt_crypt_opt co;
	struct tcpcrypt_sockopts o;
	struct tcpcrypt_conn *conn;
	bool required;

	if (!th->syn || th->ack || th->rst)
		return NF_ACCEPT;
	tcpcrypt_sockopts_listener(tn, p->skb, &p->key, &o);
	if (TCPCRYPT_CMODE_MODE(o.cmode) == TCP_CRYPT_CMODE_NEVER) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_BY_SOCKET);
		return NF_ACCEPT;
	}
	required = tcpcrypt_opts_required(&o);
	if (tcpcrypt_hs_skipped(tn, p))
		goto plain;
	if (tcpcrypt_hs_crypt_opt(p, &co) <= 0 ||
	    !(co.present & (TCPCRYPT_CO_HELLO | TCPCRYPT_CO_HELLO_SUPPORT |
			    TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_NEXTK1_SUPPORT))) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_FALLBACK_NO_HELLO);
		trace_tcpcrypt_fallback(&p->key, false,
					tcpcrypt_stat_name(TCPCRYPT_STAT_FALLBACK_NO_HELLO));
		goto plain;
	}
	/* SUPPORT 2: the client's application must say it is aware. */
	if (o.support >= 2 &&
	    !(co.present & (TCPCRYPT_CO_HELLO_SUPPORT | TCPCRYPT_CO_NEXTK1_SUPPORT)))
		return tcpcrypt_hs_refuse_syn(tn, p, &p->key);
	if (tcpcrypt_seg_csum_in(p->skb, &p->seg, p->state->hook)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_CSUM_ERRORS);
		return NF_DROP;
	}
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
	if (tcpcrypt_hs_clamp_mss(p, false)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
		/* Nothing was sent for it yet: refused as if never tracked. */
		tcpcrypt_conn_unlink(conn);
		goto plain;
	}
	return NF_ACCEPT;
plain:
	return required ? tcpcrypt_hs_refuse_syn(tn, p, &p->key) : NF_ACCEPT;
}

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

/* INIT1's buffer; out of line, for fault injection (faultinject.sh). */
static noinline __noclone u8 *tcpcrypt_hs_init1_alloc(void)
{
	return kmalloc(TCPCRYPT_INIT_MAX, GFP_ATOMIC);
}
ALLOW_ERROR_INJECTION(tcpcrypt_hs_init1_alloc, NULL);

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
	u8 nc[TCPCRYPT_NONCE_C_LEN];	/* every suite's nc_len */
	struct tcpcrypt_pk_state *pks;
	u8 *init1, *small;
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

	init1 = tcpcrypt_hs_init1_alloc();
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
	/*
	 * The connection keeps INIT1 (getsockopt TCP_CRYPT_PUBKEY reads it):
	 * at its own size, not the largest one's. Without memory the big
	 * buffer serves as well.
	 */
	small = kmemdup(init1, len, GFP_ATOMIC);
	if (small) {
		kfree(init1);
		init1 = small;
	}
	/* The key pair, until keying: apart, so that it goes then. */
	pks = kmemdup(&st, sizeof(st), GFP_ATOMIC);
	if (!pks) {
		tcpcrypt_rsakey_put(st.key);
		tcpcrypt_pk_state_clear(&st);
		kfree(init1);
		return tcpcrypt_hs_plain(conn, p, TCPCRYPT_STAT_NOMEM);
	}
	tcpcrypt_pk_state_clear(&st);	/* pks holds its reference now */
	/* All of it or nothing: a copy of this SYN-ACK may race us. */
	spin_lock_bh(&conn->lock);
	moved = __tcpcrypt_hs_move(conn, TCPCRYPT_SYN_SENT, TCPCRYPT_INIT1_READY);
	if (moved) {
		if (co.present & TCPCRYPT_CO_PKCONF_SUPPORT)
			conn->sess.app |= 2;	/* the server's application is aware */
		conn->legacy_peer = legacy_peer;
		conn->pk = pk;
		conn->pk_state = pks;
		conn->npk = co.npk;
		memcpy(conn->pkconf, co.pkconf, co.npk * TCPCRYPT_PKSPEC_LEN);
		conn->init1 = init1;
		conn->init1_len = len;
		conn->isn_peer = ntohl(th->seq);
		/* Under the lock: once the conn has it, init1 may go any time. */
		tcpcrypt_mem_charge(conn->tn, ksize(init1) + ksize(pks));
	}
	spin_unlock_bh(&conn->lock);
	memzero_explicit(nc, sizeof(nc));
	if (!moved) {
		tcpcrypt_rsakey_put(pks->key);
		kfree_sensitive(pks);
		kfree_sensitive(init1);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
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
	struct tcpcrypt_keying *kj;

	skb_dst_force(skb);
	kj = skb_dst(skb) ? tcpcrypt_keying_alloc() : NULL;
	if (!kj) {
		/* The peer repeats it. */
		kfree(msg);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_NOMEM);
		return NF_DROP;
	}
	/* A server's slot (see tcpcrypt_hs_create); else TCP repeats the SYN-ACK. */
	if (!conn->is_client && !READ_ONCE(conn->hs_counted)) {
		if (!tcpcrypt_hs_admit(conn->tn)) {
			kfree(kj);
			kfree(msg);
			return NF_DROP;
		}
		admitted = true;
	}
	spin_lock_bh(&conn->lock);
	/* Once only: KEYING is entered from one state, one time. */
	moved = !conn->dead && __tcpcrypt_hs_move(conn, from, TCPCRYPT_KEYING);
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
		kj->skb = skb;
		kj->okfn = p->state->okfn;
		tcpcrypt_conn_get(conn);
		kj->conn = conn;
		/* Under the lock, before anyone else can free msg or skb. */
		tcpcrypt_mem_charge(conn->tn, ksize(msg) + skb->truesize +
				   ksize(kj));
	}
	spin_unlock_bh(&conn->lock);
	if (!moved) {
		/* A copy of the message another CPU took first. */
		if (admitted)
			atomic_dec(&conn->tn->nhandshakes);
		kfree(kj);
		kfree(msg);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
	tcpcrypt_held_inc(conn->tn);
	queue_work(tcpcrypt_wq, &kj->work);
	return NF_STOLEN;
}

/*
 * Copy an INIT message out of the segment, within bounds. noinline: a
 * target of fault injection (tests/vm/tests/faultinject.sh).
 */
static noinline __noclone u8 *tcpcrypt_hs_copy_msg(struct tcpcrypt_conn *conn,
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
ALLOW_ERROR_INJECTION(tcpcrypt_hs_copy_msg, NULL);

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
		/* A resumed client's segments go to input.c (hooks.c). */
		if (conn->resuming) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
			return NF_DROP;
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
