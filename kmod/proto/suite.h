/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symmetric suites: payload encryption and the MAC option of one
 * direction of a connection. Sealing encrypts in place and yields the
 * tag; opening checks the tag in constant time before decrypting.
 */
#ifndef _TCPCRYPT_PROTO_SUITE_H
#define _TCPCRYPT_PROTO_SUITE_H

#include "compat.h"
#include "wire.h"
#include "crypto.h"
#include "keysched.h"

struct tcpcrypt_suite_ops;

/* Keys and sequence state of one direction. */
struct tcpcrypt_dir_key {
	const struct tcpcrypt_suite_ops *ops;
	struct tcpcrypt_hmac_ctx mac;
	u8 ack[TCPCRYPT_AES_BLOCK];	/* raw: one block per segment */
	/* Raw keys: the AES round keys are expanded per call (crypto.h). */
	union {
		u8 aes[16];
		u8 chacha[32];
	} enc;
	u32 isn;	/* ISN of this direction's sender */
	u32 isn_peer;	/* ISN of the other direction (our acks point there) */
	/* Extended ISN-relative seq/ack last accepted (suites with SNE) */
	u64 seq_ext;
	u64 ack_ext;
};

/* A segment as it is (or will be) on the wire, MAC option included. */
struct tcpcrypt_wireseg {
	u32 seq;
	u32 ack;
	u16 tcp_len;		/* TCP header, options, MAC option, payload */
	u8 doff;		/* th_off in 32-bit words */
	u8 flags;
	u16 urg;
	const u8 *opts;		/* whole options area; the MAC option is skipped */
	size_t opts_len;
	u8 *data;		/* payload, transformed in place */
	size_t len;
};

struct tcpcrypt_suite_ops {
	u32 id;
	const char *name;
	/*
	 * The MAC leaves the Timestamps option out, as v0.2 does. Only the
	 * legacy suite sets this, for v0.2 peers; every other suite MACs
	 * TSval and TSecr as they are on the wire (PROTOCOL.md 4.4).
	 */
	bool mac_skips_ts;
	int (*setkey)(struct tcpcrypt_dir_key *k, const u8 enc[TCPCRYPT_KEY_LEN]);
	/*
	 * 64-bit seq and ack that enter the MAC pseudo-header, and the
	 * keystream position of the first payload byte.
	 */
	void (*extend)(const struct tcpcrypt_dir_key *k,
		       const struct tcpcrypt_wireseg *s, u64 *seq64, u64 *ack64,
		       u64 *kpos);
	/* Record an accepted segment's numbers (NULL: stateless). */
	void (*commit)(struct tcpcrypt_dir_key *k, const struct tcpcrypt_wireseg *s,
		       u64 seq64, u64 ack64);
	/* XOR the keystream for this segment into buf. */
	void (*crypt)(const struct tcpcrypt_dir_key *k, u64 kpos, u8 *buf,
		      size_t len);
};

extern const struct tcpcrypt_suite_ops tcpcrypt_suite_legacy;
extern const struct tcpcrypt_suite_ops tcpcrypt_suite_chacha;

const struct tcpcrypt_suite_ops *tcpcrypt_suite_find(u32 id);

int tcpcrypt_dir_key_init(struct tcpcrypt_dir_key *k, u32 suite,
			  const struct tcpcrypt_dir_secrets *d, u32 isn,
			  u32 isn_peer);
void tcpcrypt_dir_key_clear(struct tcpcrypt_dir_key *k);

/*
 * Both directions of a connection from the session: the tcpcrypt client
 * sends with the C keys. isn_local/isn_peer are this host's and the
 * peer's ISNs as on the wire.
 */
int tcpcrypt_conn_keys(struct tcpcrypt_dir_key *tx, struct tcpcrypt_dir_key *rx,
		       u32 suite, const struct tcpcrypt_session *s,
		       bool is_client, u32 isn_local, u32 isn_peer);

int tcpcrypt_seal(struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *s,
		  u8 tag[TCPCRYPT_TAG_LEN]);
/* 0, or -EBADMSG with the payload untouched when the tag is wrong. */
int tcpcrypt_open(struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *s,
		  const u8 tag[TCPCRYPT_TAG_LEN]);

/* Shared by the suites */
void tcpcrypt_seg_mac(const struct tcpcrypt_dir_key *k,
		      const struct tcpcrypt_wireseg *s, const u8 *o, size_t olen,
		      u64 seq64, u64 ack64, u8 tag[TCPCRYPT_TAG_LEN]);
u64 tcpcrypt_seq_extend(u64 last, u32 rel);

#endif /* _TCPCRYPT_PROTO_SUITE_H */
