/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the engine's files share: the segment being handled, and the entry
 * points hooks.c dispatches to. handshake.c decides during the handshake,
 * output.c and input.c protect data afterwards, xmit.c sends the module's
 * own segments.
 */
#ifndef _TCPCRYPT_ENGINE_H
#define _TCPCRYPT_ENGINE_H

#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/netfilter.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "skbopt.h"
#include "proto/prof.h"

/* Bytes a protected segment's header may grow by: the padded MAC option. */
#define TCPCRYPT_OVERHEAD	TCPCRYPT_MACOPT_SPACE
#define TCPCRYPT_MIN_MSS	536

/*
 * A segment in a hook, with its TCP header pulled into the linear area and
 * its connection's key (the tuple as the local socket sees it), built once
 * by hooks.c.
 */
struct tcpcrypt_pkt {
	struct sk_buff *skb;
	struct tcpcrypt_seg seg;
	const struct nf_hook_state *state;
	struct tcpcrypt_conn_key key;
};

static inline struct tcphdr *tcpcrypt_pkt_th(const struct tcpcrypt_pkt *p)
{
	return (struct tcphdr *)(p->skb->data + p->seg.thoff);
}

static inline u8 *tcpcrypt_pkt_opts(const struct tcpcrypt_pkt *p)
{
	return p->skb->data + p->seg.thoff + sizeof(struct tcphdr);
}

static inline unsigned int tcpcrypt_pkt_optlen(const struct tcpcrypt_pkt *p)
{
	return p->seg.thlen - sizeof(struct tcphdr);
}

void tcpcrypt_pkt_key(const struct tcpcrypt_pkt *p, bool out,
		      struct tcpcrypt_conn_key *key);
void tcpcrypt_in_resume(struct net *net, u8 pf, struct net_device *indev,
			struct sk_buff *skb,
			int (*okfn)(struct net *, struct sock *, struct sk_buff *));

/* handshake.c: NF_ACCEPT, NF_DROP or NF_STOLEN. */
unsigned int tcpcrypt_hs_output(struct tcpcrypt_net *tn,
				struct tcpcrypt_conn *conn,
				struct tcpcrypt_pkt *p);
unsigned int tcpcrypt_hs_input(struct tcpcrypt_net *tn,
			       struct tcpcrypt_conn *conn,
			       struct tcpcrypt_pkt *p);
unsigned int tcpcrypt_hs_new_output(struct tcpcrypt_net *tn,
				    struct tcpcrypt_pkt *p);
unsigned int tcpcrypt_hs_new_input(struct tcpcrypt_net *tn,
				   struct tcpcrypt_pkt *p);
void tcpcrypt_hs_init2_acked(struct tcpcrypt_conn *conn, u32 wire_ack);
/* A keying job, its work item ready to queue; NULL without memory. Atomic. */
struct tcpcrypt_keying *tcpcrypt_keying_alloc(void);
bool tcpcrypt_hs_first_mac(struct tcpcrypt_conn *conn, const struct tcphdr *th);

/*
 * A resumed server's keys are in place from its SYN-ACK on: what comes from
 * the client now is checked by input.c like any protected segment, and
 * the first one verified switches the connection to ENCRYPTING.
 */
static inline bool tcpcrypt_hs_awaits_mac(const struct tcpcrypt_conn *conn)
{
	return !conn->is_client && READ_ONCE(conn->resumed) &&
	       READ_ONCE(conn->state) == TCPCRYPT_SYN_RCVD;
}
void tcpcrypt_hs_finish(struct tcpcrypt_conn *conn);

/*
 * The legacy suite's keystream repeats for stream positions 16 MiB apart
 * (PROTOCOL.md 4.1): count each direction of a connection once when its
 * data first goes past that (TcpcryptLegacyPast16MiB). Under the
 * direction's lock, for a segment just sealed or opened with k; past is
 * that direction's flag.
 */
#define TCPCRYPT_LEGACY_KEYSTREAM	(1U << 24)

static inline void tcpcrypt_legacy_check(struct tcpcrypt_conn *conn,
					 const struct tcpcrypt_dir_key *k,
					 u32 seq, u32 len, bool *past)
{
	/* Stream position of the segment's end, from the sender's ISN. */
	if (conn->sym != TCP_CRYPT_SYM_AES128_HMAC || *past ||
	    seq + len - k->isn <= TCPCRYPT_LEGACY_KEYSTREAM)
		return;
	*past = true;
	tcpcrypt_stat_inc(conn->tn, TCPCRYPT_STAT_LEGACY_PAST_16MIB);
}

/* output.c / input.c: protected segments. */
unsigned int tcpcrypt_out_protect(struct tcpcrypt_net *tn,
				  struct tcpcrypt_conn *conn,
				  struct tcpcrypt_pkt *p);
unsigned int tcpcrypt_in_verify(struct tcpcrypt_net *tn,
				struct tcpcrypt_conn *conn,
				struct tcpcrypt_pkt *p);

/* keylog.c: session secrets in the reference key-log format (debugging). */
extern bool tcpcrypt_param_keylog;
void tcpcrypt_keylog(const struct tcpcrypt_conn *conn, const u8 *nc,
		     size_t nc_len, const u8 *pms, size_t pms_len,
		     const u8 ss[TCPCRYPT_KEY_LEN]);
void tcpcrypt_keylog_resumed(const struct tcpcrypt_conn *conn);

/* xmit.c: segments the module builds and sends itself. */
struct sk_buff *tcpcrypt_xmit_build(struct tcpcrypt_conn *conn, u32 seq,
				    u32 ack, u16 win, const u8 *opts,
				    unsigned int optlen, const u8 *data,
				    unsigned int len);
int tcpcrypt_xmit_send(struct tcpcrypt_conn *conn, struct sk_buff *skb);
int tcpcrypt_xmit_rst(struct net *net, const struct tcpcrypt_conn_key *k,
		      int oif, u32 seq, u32 ack, bool with_ack);
int tcpcrypt_xmit_reply_oif(const struct sk_buff *skb, u8 family);
int tcpcrypt_xmit_protected_ack(struct tcpcrypt_conn *conn, u32 seq,
				u32 ack, u16 win);

#endif /* _TCPCRYPT_ENGINE_H */
