/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Key schedule of tcpcrypt v0.2: HKDF-SHA256 with one-block Expand.
 */
#ifndef _TCPCRYPT_PROTO_KEYSCHED_H
#define _TCPCRYPT_PROTO_KEYSCHED_H

#include "compat.h"
#include "wire.h"

/* Everything that enters ss, as it was on the wire. */
struct tcpcrypt_transcript {
	const u8 *nc;
	size_t nc_len;
	const u8 *pkconf;	/* the server's PKCONF list, 3 bytes each */
	u8 npk;
	const u8 *init1;
	size_t init1_len;
	const u8 *init2;
	size_t init2_len;
	const u8 *pms;
	size_t pms_len;
};

/* One session's secrets; a resumed session is derived from nk. */
struct tcpcrypt_session {
	u8 sid[TCPCRYPT_KEY_LEN];
	u8 mk[TCPCRYPT_KEY_LEN];
	u8 nk[TCPCRYPT_KEY_LEN];
	u8 app;			/* bit0 client, bit1 server app support */
};

/* Keys of one direction (the C or the S set). */
struct tcpcrypt_dir_secrets {
	u8 k[TCPCRYPT_KEY_LEN];
	u8 enc[TCPCRYPT_KEY_LEN];
	u8 mac[TCPCRYPT_KEY_LEN];
	u8 ack[TCPCRYPT_KEY_LEN];
};

/* Expand(prk, info) = HMAC(prk, info || 0x01), 32 bytes. */
int tcpcrypt_expand(const u8 prk[TCPCRYPT_KEY_LEN], const u8 *info,
		    size_t info_len, u8 out[TCPCRYPT_KEY_LEN]);
int tcpcrypt_ss(const struct tcpcrypt_transcript *t, u8 ss[TCPCRYPT_KEY_LEN]);
/* sid, mk, nk from ss (new session) or from the previous nk (resumption) */
int tcpcrypt_session_derive(const u8 prk[TCPCRYPT_KEY_LEN], u8 app,
			    struct tcpcrypt_session *s);
int tcpcrypt_session_next(const struct tcpcrypt_session *cur,
			  struct tcpcrypt_session *next);
/* server = false: the K_C set (sent by the tcpcrypt client) */
int tcpcrypt_dir_derive(const u8 mk[TCPCRYPT_KEY_LEN], bool server,
			struct tcpcrypt_dir_secrets *d);

#endif /* _TCPCRYPT_PROTO_KEYSCHED_H */
