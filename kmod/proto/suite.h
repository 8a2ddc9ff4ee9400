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
		struct {
			u8 stream[32];	/* keystream key */
			u8 prf[32];	/* finishes the Poly1305 hash */
		} chacha_poly;
	} enc;
	/* Poly1305 suites: the hash key r, before clamping */
	u8 poly_r[16];
	u32 isn;	/* ISN of this direction's sender */
	u32 isn_peer;	/* ISN of the other direction (our acks point there) */
	/* Extended ISN-relative seq/ack last accepted (suites with SNE) */
	u64 seq_ext;
	u64 ack_ext;
	u64 sealed;	/* segments sealed under this key */
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
	/*
	 * tcpcrypt_seal() refuses with -EKEYEXPIRED once this many segments
	 * were sealed under one key (0: no limit).
	 */
	u32 seal_max;
	/* Keys beyond the HMAC and ack ones that every HMAC suite has. */
	int (*setkey)(struct tcpcrypt_dir_key *k,
		      const struct tcpcrypt_dir_secrets *d);
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
	/*
	 * The tag over the ciphertext. NULL: the HMAC construction of
	 * tcpcrypt_seg_mac(), whose keys tcpcrypt_dir_key_init() sets up.
	 */
	void (*tag)(const struct tcpcrypt_dir_key *k,
		    const struct tcpcrypt_wireseg *s, const u8 *o, size_t olen,
		    u64 seq64, u64 ack64, u8 tag[TCPCRYPT_TAG_LEN]);
};

extern const struct tcpcrypt_suite_ops tcpcrypt_suite_legacy;
extern const struct tcpcrypt_suite_ops tcpcrypt_suite_chacha;
extern const struct tcpcrypt_suite_ops tcpcrypt_suite_aes_poly;
extern const struct tcpcrypt_suite_ops tcpcrypt_suite_chacha_poly;

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
/* extend and commit of the suites with a 64-bit sequence extension */
void tcpcrypt_sne_extend(const struct tcpcrypt_dir_key *k,
			 const struct tcpcrypt_wireseg *s, u64 *seq64,
			 u64 *ack64, u64 *kpos);
void tcpcrypt_sne_commit(struct tcpcrypt_dir_key *k,
			 const struct tcpcrypt_wireseg *s, u64 seq64, u64 ack64);
/*
 * XOR AES-128 counter-mode keystream into buf, starting skip bytes into
 * the first block. Counter block j of the segment is 0^8 || the 8 bytes
 * ctr(dst, arg, j) writes: each suite forms them its own way.
 */
void tcpcrypt_aes_stream(const u8 key[16],
			 void (*ctr)(u8 *dst, u64 arg, u64 j), u64 arg,
			 size_t skip, u8 *buf, size_t len);
/* XOR ChaCha20 keystream bytes kpos.. (block kpos / 64) into buf. */
void tcpcrypt_chacha_stream(const u8 key[32], u64 kpos, u8 *buf, size_t len);

#endif /* _TCPCRYPT_PROTO_SUITE_H */
