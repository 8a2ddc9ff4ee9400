// SPDX-License-Identifier: GPL-2.0
/*
 * Protecting what leaves an encrypted connection: every segment (data,
 * pure ACK, FIN, RST) is moved into the wire's sequence space, gets an
 * option area of timestamps, SACK that fits and the MAC option, has its
 * payload encrypted in a private copy, and is MACed.
 */
#include <net/tcp.h>

#include "engine.h"
#include "proto/optpack.h"

/* Fill in the MAC of a segment whose header and payload are final. */
static int tcpcrypt_out_seal(struct tcpcrypt_conn *conn, struct sk_buff *skb,
			     const struct tcpcrypt_seg *seg, u8 *payload,
			     unsigned int mac_off)
{
	struct tcphdr *th = (struct tcphdr *)(skb->data + seg->thoff);
	u8 *opts = (u8 *)(th + 1);
	struct tcpcrypt_wireseg ws = {
		.seq = ntohl(th->seq),
		.ack = ntohl(th->ack_seq),
		.tcp_len = seg->thlen + seg->paylen,
		.doff = th->doff,
		.flags = tcp_flag_byte(th),
		.urg = ntohs(th->urg_ptr),
		.opts = opts,
		.opts_len = seg->thlen - sizeof(*th),
		.data = payload,
		.len = seg->paylen,
	};
	u8 tag[TCPCRYPT_TAG_LEN];
	u64 t = tcpcrypt_prof_t();
	int err;

	spin_lock_bh(&conn->tx_lock);
	tcpcrypt_prof_add(TCPCRYPT_PROF_LOCK, false, seg->paylen, t);
	err = tcpcrypt_seal(&conn->tx, &ws, tag);
	if (!err) {
		conn->segs_out++;
		conn->bytes_out += seg->paylen;
		tcpcrypt_legacy_check(conn, &conn->tx, ws.seq, seg->paylen,
				      &conn->legacy_past_tx);
	}
	spin_unlock_bh(&conn->tx_lock);
	if (!err)
		memcpy(opts + mac_off + 2, tag, sizeof(tag));
	return err;
}

/*
 * The socket's first protected segment: make room for the MAC for good.
 * Only the connection's own full socket: a RST or ACK that TCP sends for
 * it through a control socket must leave that socket alone.
 */
static void tcpcrypt_out_adapt_socket(struct tcpcrypt_conn *conn,
				      struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	if (conn->sk_adapted || !sk || !sk_fullsock(sk) || sk->sk_kern_sock ||
	    sk->sk_type != SOCK_STREAM || sk->sk_protocol != IPPROTO_TCP)
		return;
	/* TCP's transmit path holds the socket lock here. */
	if (!conn->gso_off) {
		sk_gso_disable(sk);
		sk->sk_gso_max_segs = 1;
		conn->gso_off = true;
	}
	/* Like IP options: every MSS TCP derives from the path MTU leaves room. */
	inet_csk(sk)->icsk_ext_hdr_len += TCPCRYPT_OVERHEAD;
	/* Through the socket: tcp_sync_mss() is not exported from 6.12 on. */
	inet_csk(sk)->icsk_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);
	conn->sk_adapted = true;
}

unsigned int tcpcrypt_out_protect(struct tcpcrypt_net *tn,
				  struct tcpcrypt_conn *conn,
				  struct tcpcrypt_pkt *p)
{
	struct tcpcrypt_optpack_res res;
	u8 opts[TCPCRYPT_TCPOPT_SPACE];
	struct sk_buff *skb = p->skb;
	bool data = p->seg.paylen;
	u8 *payload = NULL;
	u64 t;

	tcpcrypt_out_adapt_socket(conn, skb);

	t = tcpcrypt_prof_t();
	if (tcpcrypt_optpack_protect(tcpcrypt_pkt_opts(p), tcpcrypt_pkt_optlen(p),
				     opts, &res)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_MALFORMED);
		return NF_DROP;
	}
	tcpcrypt_prof_add(TCPCRYPT_PROF_OPTIONS, false, data, t);
	t = tcpcrypt_prof_t();
	if (res.sack_dropped)
		tcpcrypt_stat_add(tn, TCPCRYPT_STAT_SACK_BLOCKS_TRIMMED,
				  res.sack_dropped);
	if (p->seg.paylen) {
		/* A private copy: the original belongs to the retransmit queue. */
		payload = tcpcrypt_seg_payload(skb, &p->seg);
		if (!payload)
			goto nomem;
	}
	if (tcpcrypt_seg_set_options(skb, &p->seg, opts, res.len))
		goto nomem;
	if (payload)
		payload = skb->data + p->seg.thoff + p->seg.thlen;
	tcpcrypt_prof_add(TCPCRYPT_PROF_COPY, false, data, t);
	tcpcrypt_seg_shift(skb, &p->seg, conn->seq_off, conn->rseq_off,
			   conn->rseq_off);
	if (tcpcrypt_out_seal(conn, skb, &p->seg, payload, res.mac_off)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_OUT_DROP_NO_ROOM);
		return NF_DROP;
	}
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_OUT_PROTECTED);
	t = tcpcrypt_prof_t();
	if (tcpcrypt_seg_csum_out(skb, &p->seg, READ_ONCE(tcpcrypt_param_full_csum)))
		goto nomem;
	tcpcrypt_prof_add(TCPCRYPT_PROF_CSUM, false, data, t);
	return NF_ACCEPT;
nomem:
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
	return NF_DROP;
}

/* The client's acknowledgement of INIT2, which its TCP cannot send. */
int tcpcrypt_xmit_protected_ack(struct tcpcrypt_conn *conn, u32 seq,
				u32 ack, u16 win)
{
	struct tcpcrypt_optpack_res res;
	u8 opts[TCPCRYPT_TCPOPT_SPACE];
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	int err;

	tcpcrypt_optpack_protect(NULL, 0, opts, &res);
	skb = tcpcrypt_xmit_build(conn, seq, ack, win, opts, res.len, NULL, 0);
	if (!skb)
		return -ENOMEM;
	err = tcpcrypt_seg_parse(skb, conn->key.family, &seg);
	if (!err)
		err = tcpcrypt_out_seal(conn, skb, &seg, NULL, res.mac_off);
	if (!err)
		err = tcpcrypt_seg_csum_out(skb, &seg, true);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	return tcpcrypt_xmit_send(conn, skb);
}
