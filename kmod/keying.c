// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake's work that may sleep or wait, in process context: the
 * public-key work and key derivation (P-256 and RSA in the kernel sleep),
 * handing the held segment back, and the server's INIT2, sent and
 * retransmitted by the module itself until the client acknowledges it.
 */
#include <linux/error-injection.h>
#include <linux/slab.h>
#include <net/tcp.h>

#include "handshake.h"
#include "proto/init_msg.h"
#include "proto/keysched.h"
#include "rsakey.h"

#define TCPCRYPT_INIT2_RTO	(HZ / 5)
#define TCPCRYPT_INIT2_TRIES	7

/*
 * noinline __noclone here and below: fault injection (faultinject.sh)
 * probes the function by name, and a clone (.isra) would escape it.
 */
static noinline __noclone int tcpcrypt_hs_keys(struct tcpcrypt_conn *conn)
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
		struct tcpcrypt_pk_state *pks = conn->pk_state;

		/* Only this work item uses the key pair: it goes here. */
		if (WARN_ON_ONCE(!pks))
			return -EINVAL;
		err = tcpcrypt_init2_parse(conn->init2, conn->init2_len,
					   conn->pk, &m2);
		if (!err)
			err = conn->pk->client_kx(pks, m2.kx, pms);
		conn->pk_state = NULL;
		tcpcrypt_mem_charge(conn->tn, -(long)ksize(pks));
		tcpcrypt_rsakey_put(pks->key);
		kfree_sensitive(pks);
	} else {
		size_t len = TCPCRYPT_INIT2_HDR_LEN + conn->pk->kx_len;
		u8 *kx = kmalloc(conn->pk->kx_len, GFP_KERNEL);
		int n;

		conn->init2 = kmalloc(len, GFP_KERNEL);
		/* Charged now: tcpcrypt_conn_put uncharges it whatever follows. */
		if (conn->init2)
			tcpcrypt_mem_charge(conn->tn, ksize(conn->init2));
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
		err = tcpcrypt_hs_install_keys(conn);
out:
	memzero_explicit(pms, sizeof(pms));
	memzero_explicit(ss, sizeof(ss));
	return err;
}
ALLOW_ERROR_INJECTION(tcpcrypt_hs_keys, ERRNO);

/* Hand the held segment, INIT stripped, to TCP as if it had just arrived. */
static void tcpcrypt_hs_release(struct tcpcrypt_keying *kj, bool deliver)
{
	struct tcpcrypt_conn *conn = kj->conn;
	struct sk_buff *skb = kj->skb;
	struct net_device *dev = skb->dev;
	struct tcpcrypt_pkt p = { .skb = skb };

	kj->skb = NULL;
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
			   kj->okfn);
	rcu_read_unlock();
	local_bh_enable();
	dev_put(dev);
}

static noinline __noclone struct sk_buff *tcpcrypt_hs_init2_skb(struct tcpcrypt_conn *conn)
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
ALLOW_ERROR_INJECTION(tcpcrypt_hs_init2_skb, NULL);

/* A copy of INIT2 to send, taken under conn->lock: an ACK may free it. */
static noinline __noclone struct sk_buff *tcpcrypt_hs_init2_copy(struct tcpcrypt_conn *conn)
{
	lockdep_assert_held(&conn->lock);
	return conn->init2_skb ? skb_copy(conn->init2_skb, GFP_ATOMIC) : NULL;
}
ALLOW_ERROR_INJECTION(tcpcrypt_hs_init2_copy, NULL);

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

/*
 * INIT2's bytes are in the INIT2 segment (server) or parsed (client) once
 * keying is over, whatever its outcome, and nothing reads them again:
 * only init2_len stays, for the offsets. Called by the work item, the one
 * user of conn->init2 from KEYING on.
 */
static void tcpcrypt_hs_drop_init2(struct tcpcrypt_conn *conn)
{
	u8 *init2 = conn->init2;

	if (!init2)
		return;
	conn->init2 = NULL;
	tcpcrypt_mem_charge(conn->tn, -(long)ksize(init2));
	kfree(init2);
}

/* The end of a keying job, whatever its outcome: its memory goes. */
static void tcpcrypt_keying_end(struct tcpcrypt_keying *kj)
{
	struct tcpcrypt_conn *conn = kj->conn;

	tcpcrypt_hs_drop_init2(conn);
	tcpcrypt_mem_charge(conn->tn, -(long)ksize(kj));
	kfree(kj);
	tcpcrypt_conn_put(conn);
}

static void tcpcrypt_hs_work(struct work_struct *work)
{
	struct tcpcrypt_keying *kj = container_of(work, struct tcpcrypt_keying,
						  work);
	struct tcpcrypt_conn *conn = kj->conn;
	struct sk_buff *init2 = NULL;
	int err = -ECONNABORTED;
	bool moved, failed = false;

	if (!READ_ONCE(conn->dead))
		err = tcpcrypt_hs_keys(conn);
	if (err) {
		if (!READ_ONCE(conn->dead)) {
			pr_debug_ratelimited("handshake failed: %d\n", err);
			tcpcrypt_hs_fail(conn, TCPCRYPT_STAT_BAD_HANDSHAKE_MSG);
		}
		tcpcrypt_hs_release(kj, false);
		tcpcrypt_keying_end(kj);
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
		} else {
			/*
			 * No INIT2 to send or retransmit: the client would
			 * wait for it until handshake_timeout. Fail now.
			 */
			failed = __tcpcrypt_hs_move_failed(conn);
			moved = false;
		}
	}
	spin_unlock_bh(&conn->lock);
	if (failed) {
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_NOMEM);
		tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_HANDSHAKES_FAILED);
		tcpcrypt_hs_entered(conn, TCPCRYPT_FAILED);
	}
	if (!moved) {
		tcpcrypt_hs_release(kj, false);
		tcpcrypt_keying_end(kj);
		return;
	}
	tcpcrypt_hs_entered(conn, TCPCRYPT_ENCRYPTING);
	tcpcrypt_hs_done(conn);

	if (!conn->is_client) {
		/* INIT2 first, so that the server's first data follows it. */
		if (init2)
			tcpcrypt_xmit_send(conn, init2);
		tcpcrypt_hs_release(kj, true);
	} else {
		tcpcrypt_hs_release(kj, true);
		tcpcrypt_xmit_protected_ack(conn, conn->isn_local + 1 + conn->seq_off,
					    conn->isn_peer + 1 + conn->rseq_off,
					    conn->init1_win);
	}
	tcpcrypt_keying_end(kj);
}

/* Out of line, so that fault injection (faultinject.sh) can fail it. */
noinline __noclone struct tcpcrypt_keying *tcpcrypt_keying_alloc(void)
{
	struct tcpcrypt_keying *kj = kzalloc(sizeof(*kj), GFP_ATOMIC);

	if (kj)
		INIT_WORK(&kj->work, tcpcrypt_hs_work);
	return kj;
}
ALLOW_ERROR_INJECTION(tcpcrypt_keying_alloc, NULL);

void tcpcrypt_handshake_conn_init(struct tcpcrypt_conn *conn)
{
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
	wake_up_all(&conn->tn->settle_wq);
}
