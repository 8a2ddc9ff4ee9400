/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Public-key ciphers behind one ops table. A cipher describes its INIT1
 * and INIT2 sizes and does its own key exchange; the INIT codecs and the
 * key schedule only see byte strings, so a new cipher (OAEP-RSA-3) needs
 * nothing but an ops entry.
 */
#ifndef _TCPCRYPT_PROTO_PUBKEY_H
#define _TCPCRYPT_PROTO_PUBKEY_H

#include "compat.h"
#include "wire.h"

#define TCPCRYPT_PK_PRIV_MAX	66

/* The client's secret between sending INIT1 and receiving INIT2. */
struct tcpcrypt_pk_state {
	u8 priv[TCPCRYPT_PK_PRIV_MAX];
	const void *key;	/* long-lived key owned by the caller (RSA) */
};

struct tcpcrypt_pubkey_ops {
	u32 spec;
	const char *name;
	u8 nc_len;		/* client nonce in INIT1 */
	u8 ns_len;		/* server nonce inside the INIT2 data */
	u16 ckey_min;		/* client key bytes in INIT1 */
	u16 ckey_max;
	u16 kx_len;		/* INIT2 key-exchange data */
	u8 pms_len;
	bool may_sleep;		/* must run in process context */
	/* Extra format checks beyond the lengths; NULL if none. */
	int (*check_ckey)(const u8 *ckey, size_t len);
	int (*check_kx)(const u8 *kx, size_t len);
	/* Client: make st and the key for INIT1; returns its length. */
	int (*client_key)(struct tcpcrypt_pk_state *st, u8 *ckey, size_t room);
	/* Server: from the client key, write kx_len bytes of kx and the PMS. */
	int (*server_kx)(const u8 *ckey, size_t ckey_len, u8 *kx, u8 *pms);
	/* Client: from INIT2's kx data, recover the PMS. */
	int (*client_kx)(const struct tcpcrypt_pk_state *st, const u8 *kx,
			 u8 *pms);
};

extern const struct tcpcrypt_pubkey_ops tcpcrypt_pubkey_p256;
extern const struct tcpcrypt_pubkey_ops tcpcrypt_pubkey_x25519;
/* Needs st->key set to the backend's RSA private key before client_key. */
extern const struct tcpcrypt_pubkey_ops tcpcrypt_pubkey_rsa3;

/* Look up by spec; like v0.2 only the 16-bit algo part is compared. */
const struct tcpcrypt_pubkey_ops *tcpcrypt_pubkey_find(u32 spec);

/*
 * Client choice: the first of our preferences that the server's PKCONF
 * list offers (v0.2 clients take entry 0 only).
 */
const struct tcpcrypt_pubkey_ops *
tcpcrypt_pubkey_choose(const u8 *pkconf, unsigned int npk, const u32 *prefs,
		       unsigned int nprefs);

void tcpcrypt_pk_state_clear(struct tcpcrypt_pk_state *st);

/* ECDHE INIT2 data is 0x20 || N_S(32) || server public key. */
int tcpcrypt_ecdhe_check_kx(const u8 *kx, size_t len);

#endif /* _TCPCRYPT_PROTO_PUBKEY_H */
