/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection objects: one per TCP connection that tcpcrypt handles, in a
 * per-namespace rhashtable keyed by family and 4-tuple as the local socket
 * sees it. Lookups run under RCU; anything that keeps a connection past an
 * RCU section (work items, timers) holds a reference.
 */
#ifndef _TCPCRYPT_CONN_H
#define _TCPCRYPT_CONN_H

#include <linux/rhashtable.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <linux/netfilter.h>

#include "proto/suite.h"
#include "proto/pubkey.h"
#include "proto/keysched.h"
#include "sockopt.h"

/*
 * Handshake states. The tcpcrypt client is the active opener (it sends
 * INIT1), the server the passive one.
 */
enum tcpcrypt_state {
	TCPCRYPT_SYN_SENT,	/* client: SYN with HELLO sent */
	TCPCRYPT_SYN_RCVD,	/* server: SYN with HELLO seen; PKCONF offered */
	TCPCRYPT_INIT1_READY,	/* client: INIT1 built; goes on the 3rd ACK */
	TCPCRYPT_INIT1_SENT,	/* client: INIT1 sent; waiting for INIT2 */
	TCPCRYPT_KEYING,	/* public-key work in the workqueue */
	TCPCRYPT_ENCRYPTING,	/* keys in place: every segment protected */
	TCPCRYPT_FAILED,	/* failed: every segment dropped until the socket goes */
	TCPCRYPT_NSTATES
};

extern const char *const tcpcrypt_state_names[TCPCRYPT_NSTATES];

struct tcpcrypt_conn_key {
	__be32 laddr[4];
	__be32 raddr[4];
	__be16 lport;
	__be16 rport;
	u8 family;
	u8 pad[3];		/* zero: the key is compared as bytes */
};

struct tcpcrypt_net;
struct tcpcrypt_conn;

/*
 * The public-key work of one handshake and the segment it holds meanwhile.
 * Allocated with the move to KEYING (which happens once), freed by the
 * work item itself: a connection carries none of it the rest of its life.
 */
struct tcpcrypt_keying {
	struct work_struct work;
	struct tcpcrypt_conn *conn;	/* a reference */
	struct sk_buff *skb;
	int (*okfn)(struct net *, struct sock *, struct sk_buff *);
};

struct tcpcrypt_conn {
	struct rhash_head node;
	struct tcpcrypt_conn_key key;
	struct tcpcrypt_net *tn;
	refcount_t refcnt;
	struct rcu_head rcu;
	/*
	 * Serialises state and offsets. The keys of each direction, and what
	 * the data path counts for it, are under that direction's own lock,
	 * so that sealing in one direction never waits for opening in the
	 * other. Order: lock, tx_lock, rx_lock.
	 */
	spinlock_t lock;
	enum tcpcrypt_state state;
	bool is_client;
	bool legacy_peer;	/* peer offered nothing beyond v0.2 */
	bool gso_off;		/* GSO disabled on the local socket */
	bool sk_adapted;	/* socket's header length counts the MAC */
	bool dead;		/* out of the table: work and timers stop */
	bool resuming;		/* offered or accepted a cached session */
	bool resumed;		/* keys from the session cache */
	bool aborting;		/* the socket's abort is queued */
	int hs_counted;		/* counted in the namespace's handshakes */
	u8 synack_wscale;	/* server: window scale in its SYN-ACK */
	u16 synack_win;		/* server: raw window of its SYN-ACK */
	u16 init1_win;		/* client: window field of its INIT1 ACK */
	u32 isn_local;
	u32 isn_peer;
	u32 seq_off;		/* wire = local + seq_off for our data */
	u32 rseq_off;		/* wire = local + rseq_off for peer data */
	unsigned long started;	/* jiffies at the first SYN */
	/*
	 * The connection's own socket: its cookie (kept by the request, full
	 * and TIME-WAIT sockets alike; 0 until known) and the device it is
	 * bound to, which a lookup of it must name.
	 */
	u64 sock_cookie;
	int bound_dev_if;
	/* The socket's settings when the connection began (sockopt.h). */
	struct tcpcrypt_sockopts opts;

	/* Handshake material. */
	const struct tcpcrypt_pubkey_ops *pk;
	/* Client, from the SYN-ACK until keying: its key pair for this INIT1. */
	struct tcpcrypt_pk_state *pk_state;
	u32 sym;
	u8 npk;
	u8 pkconf[TCPCRYPT_PKCONF_MAX * TCPCRYPT_PKSPEC_LEN];
	u8 *init1;
	u16 init1_len;
	u8 *init2;
	u16 init2_len;

	/* Keys. */
	struct tcpcrypt_session sess;
	spinlock_t tx_lock;
	struct tcpcrypt_dir_key tx;
	bool legacy_past_tx;	/* counted in LegacyPast16MiB */
	spinlock_t rx_lock;
	struct tcpcrypt_dir_key rx;
	bool legacy_past_rx;

	/* Server: INIT2 retransmission. */
	struct sk_buff *init2_skb;
	struct timer_list rtx_timer;
	u8 rtx_count;
	u32 init2_end;		/* wire seq right after INIT2 */

	/* Counters for tcpcryptctl: out under tx_lock, in under rx_lock. */
	u64 segs_out;
	u64 segs_in;
	u64 bytes_out;
	u64 bytes_in;
	u64 mac_failures;
};

int tcpcrypt_conn_cache_init(void);
void tcpcrypt_conn_cache_exit(void);
int tcpcrypt_conn_table_init(struct tcpcrypt_net *tn);
void tcpcrypt_conn_table_exit(struct tcpcrypt_net *tn);

struct tcpcrypt_conn *tcpcrypt_conn_lookup(struct tcpcrypt_net *tn,
					   const struct tcpcrypt_conn_key *key);
struct tcpcrypt_conn *tcpcrypt_conn_create(struct tcpcrypt_net *tn,
					   const struct tcpcrypt_conn_key *key,
					   bool is_client);
void tcpcrypt_conn_unlink(struct tcpcrypt_conn *conn);
void tcpcrypt_conn_put(struct tcpcrypt_conn *conn);

static inline void tcpcrypt_conn_get(struct tcpcrypt_conn *conn)
{
	refcount_inc(&conn->refcnt);
}

/* A reference from an RCU lookup, unless the last one is already gone. */
static inline bool tcpcrypt_conn_tryget(struct tcpcrypt_conn *conn)
{
	return refcount_inc_not_zero(&conn->refcnt);
}

/*
 * The request, full or TIME-WAIT socket with this tuple, as TCP's input
 * would find it, referenced (sock_gen_put), or NULL. Under RCU.
 */
struct sock *tcpcrypt_key_socket(struct net *net,
				 const struct tcpcrypt_conn_key *k,
				 int dif, int sdif);

/* Abort every tracked connection's socket: no plaintext may follow. */
void tcpcrypt_conn_abort_all(struct tcpcrypt_net *tn);

/*
 * The connection cannot go on protected: abort its socket (from the
 * workqueue, as its owner may hold its lock). Any context.
 */
void tcpcrypt_conn_abort(struct tcpcrypt_conn *conn, int err);

/*
 * Does @sk own this connection? Learns the socket's cookie and bound
 * device on first sight; sockets that are not TCP's own (raw, or another
 * socket with the same tuple) never match.
 */
bool tcpcrypt_conn_owns(struct tcpcrypt_conn *conn, struct sock *sk);

/*
 * Abort a socket whose lock its owner may hold (a hook inside connect()):
 * tcp_abort() runs from the workqueue. Atomic context.
 */
void tcpcrypt_sk_abort_async(struct sock *sk, int err);

#endif /* _TCPCRYPT_CONN_H */
