// SPDX-License-Identifier: GPL-2.0
/*
 * Checking what arrives on an encrypted connection: the wire checksum,
 * then the MAC (constant time), and only then decryption and the move back
 * into the local sequence space. A segment that fails is dropped and
 * counted; nothing of it reaches TCP.
 */
#include <net/tcp.h>

#include "engine.h"
#include "proto/tcpopt.h"
#include "netlink.h"
#include "trace.h"

/* A segment without a MAC option: only a few are expected. */
static unsigned int tcpcrypt_in_unmaced(struct tcpcrypt_net *tn,
					struct tcpcrypt_conn *conn,
					struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct tcpcrypt_crypt_opt co;

	if (th->rst && READ_ONCE(conn->opts.securst)) {
		/* TCP_CRYPT_SECURST: only a MACed RST ends the connection. */
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_DROP_UNAUTH_RST);
		return NF_DROP;
	}
	if (th->rst) {
		/*
		 * As v0.2 does, TCP may honour a plain RST; TCP alone judges
		 * its sequence number. It changes nothing here: if the socket
		 * lives on, so does its protection.
		 */
		if (tcpcrypt_seg_writable_headers(p->skb, &p->seg))
			return NF_DROP;
		tcpcrypt_seg_shift(p->skb, &p->seg, -conn->rseq_off,
				   -conn->seq_off, 0);
		tcpcrypt_seg_csum_in_done(p->skb);
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_UNAUTH_RST_PASSED);
		return NF_ACCEPT;
	}
	if (conn->is_client && ntohl(th->seq) == conn->isn_peer + 1 &&
	    tcpcrypt_crypt_opt_find(tcpcrypt_pkt_opts(p), tcpcrypt_pkt_optlen(p),
				    &co) > 0 && (co.present & TCPCRYPT_CO_INIT2)) {
		/* The server repeats INIT2: our acknowledgement was lost. */
		tcpcrypt_xmit_protected_ack(conn, conn->isn_local + 1 + conn->seq_off,
					    conn->isn_peer + 1 + conn->rseq_off,
					    conn->init1_win);
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_DROP_HANDSHAKE);
		return NF_DROP;
	}
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_NO_MAC);
	return NF_DROP;
}

unsigned int tcpcrypt_in_verify(struct tcpcrypt_net *tn,
				struct tcpcrypt_conn *conn,
				struct tcpcrypt_pkt *p)
{
	struct sk_buff *skb = p->skb;
	u8 tag[TCPCRYPT_TAG_LEN];
	struct tcpcrypt_wireseg ws;
	struct tcpcrypt_crypt_opt co;
	const struct tcphdr *th;
	bool data = p->seg.paylen;
	u8 *payload = NULL;
	u64 t;
	int err;

	t = tcpcrypt_prof_t();
	if (tcpcrypt_seg_csum_in(skb, &p->seg, p->state->hook)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_CSUM_ERRORS);
		return NF_DROP;
	}
	tcpcrypt_prof_add(TCPCRYPT_PROF_CSUM, true, data, t);
	if (tcpcrypt_macopt_parse(tcpcrypt_pkt_opts(p), tcpcrypt_pkt_optlen(p),
				  tag))
		return tcpcrypt_in_unmaced(tn, conn, p);

	t = tcpcrypt_prof_t();
	if (p->seg.paylen) {
		/* Decrypt into a private copy: taps may share this skb. */
		payload = tcpcrypt_seg_payload(skb, &p->seg);
		if (!payload) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
			return NF_DROP;
		}
	} else if (tcpcrypt_seg_writable_headers(skb, &p->seg)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
		return NF_DROP;
	}
	tcpcrypt_prof_add(TCPCRYPT_PROF_COPY, true, data, t);
	th = tcpcrypt_pkt_th(p);
	ws = (struct tcpcrypt_wireseg) {
		.seq = ntohl(th->seq),
		.ack = ntohl(th->ack_seq),
		.tcp_len = p->seg.thlen + p->seg.paylen,
		.doff = th->doff,
		.flags = tcp_flag_byte(th),
		.urg = ntohs(th->urg_ptr),
		.opts = tcpcrypt_pkt_opts(p),
		.opts_len = tcpcrypt_pkt_optlen(p),
		.data = payload,
		.len = p->seg.paylen,
	};
	t = tcpcrypt_prof_t();
	spin_lock_bh(&conn->rx_lock);
	tcpcrypt_prof_add(TCPCRYPT_PROF_LOCK, true, data, t);
	err = tcpcrypt_open(&conn->rx, &ws, tag);
	if (err) {
		conn->mac_failures++;
	} else {
		conn->segs_in++;
		conn->bytes_in += p->seg.paylen;
		tcpcrypt_legacy_check(conn, &conn->rx, ws.seq, p->seg.paylen,
				      &conn->legacy_past_rx);
	}
	spin_unlock_bh(&conn->rx_lock);
	if (err) {
		net_dbg_ratelimited("MAC check failed on port %u\n",
				    ntohs(conn->key.lport));
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_MAC_FAILED);
		trace_tcpcrypt_mac_failure(conn);
		tcpcrypt_nl_event(conn, TCPCRYPT_EVENT_MAC_FAILURE);
		return NF_DROP;
	}
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_VERIFIED);
	/* Tell the handshake of a resumed server its first verified MAC. */
	if (unlikely(READ_ONCE(conn->state) != TCPCRYPT_ENCRYPTING) &&
	    !tcpcrypt_hs_first_mac(conn, th))
		return NF_DROP;

	/* v0.2 may resend INIT2 encrypted and MACed: never deliver it. */
	if (tcpcrypt_crypt_opt_find(ws.opts, ws.opts_len, &co) > 0 &&
	    (co.present & TCPCRYPT_CO_INIT2)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_V02_INIT2_RETX_DROPPED);
		return NF_DROP;
	}
	if (!conn->is_client && conn->init2_skb && th->ack)
		tcpcrypt_hs_init2_acked(conn, ws.ack);

	tcpcrypt_seg_shift(skb, &p->seg, -conn->rseq_off, -conn->seq_off,
			   -conn->seq_off);
	tcpcrypt_seg_csum_in_done(skb);
	return NF_ACCEPT;
}
