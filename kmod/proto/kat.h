/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Known-answer tests of the protocol core over whichever crypto backend
 * is linked in: run by the unit tests and by the module selftest.
 */
#ifndef _TCPCRYPT_PROTO_KAT_H
#define _TCPCRYPT_PROTO_KAT_H

#include "compat.h"
#include "suite.h"
#include "keysched.h"

struct tcpcrypt_kat_seg {
	const char *name;
	bool from_server;	/* sent by the tcpcrypt server (S keys) */
	const u8 *tcp;		/* TCP header, options and payload */
	size_t tcp_len;
	const u8 *plain;	/* expected plaintext, or NULL */
	const u8 *plain_sha256;	/* or its SHA-256 when it is long */
	u64 seq_ext;		/* receiver's SNE state before the segment */
	u64 ack_ext;
};

/* Index of the derived values in tcpcrypt_kat_capture.keys */
enum {
	TCPCRYPT_KAT_SS, TCPCRYPT_KAT_SID, TCPCRYPT_KAT_MK, TCPCRYPT_KAT_NK,
	TCPCRYPT_KAT_K_C, TCPCRYPT_KAT_ENC_C, TCPCRYPT_KAT_MAC_C,
	TCPCRYPT_KAT_ACK_C, TCPCRYPT_KAT_K_S, TCPCRYPT_KAT_ENC_S,
	TCPCRYPT_KAT_MAC_S, TCPCRYPT_KAT_ACK_S, TCPCRYPT_KAT_NKEYS
};

struct tcpcrypt_kat_capture {
	const char *name;
	bool real;		/* INIT1/INIT2 are well-formed messages */
	const u8 *pkconf;
	u8 npk;
	const u8 *nc;
	size_t nc_len;
	const u8 *init1;
	size_t init1_len;
	const u8 *init2;
	size_t init2_len;
	const u8 *pms;
	size_t pms_len;
	u8 app;
	u32 isn_c;
	u32 isn_s;
	u32 sym;
	const u8 (*keys)[TCPCRYPT_KEY_LEN];
	const struct tcpcrypt_kat_seg *segs;
	unsigned int nsegs;
};

/* Scratch space, allocated by the caller (too big for a kernel stack). */
struct tcpcrypt_kat_ws {
	struct tcpcrypt_dir_key key;
	/* Primitive contexts live here too: too big for a kernel stack frame. */
	struct tcpcrypt_hmac_ctx hmac;
	struct tcpcrypt_aes_ctx aes;
	struct tcpcrypt_session sess;
	struct tcpcrypt_dir_secrets dir[2];
	u8 ss[TCPCRYPT_KEY_LEN];
	u8 buf[2048];
	u8 buf2[2048];
};

struct tcpcrypt_kat_result {
	unsigned int passed;
	const char *vector;	/* first failure */
	const char *what;
};

unsigned int tcpcrypt_kat_ncaptures(void);
const struct tcpcrypt_kat_capture *tcpcrypt_kat_capture_get(unsigned int i);

/* Each returns 0 or -EBADMSG (-errno of the backend) and fills res. */
int tcpcrypt_kat_primitives(struct tcpcrypt_kat_ws *ws,
			    struct tcpcrypt_kat_result *res);
int tcpcrypt_kat_ext_init(struct tcpcrypt_kat_ws *ws,
			  struct tcpcrypt_kat_result *res);
int tcpcrypt_kat_capture_run(struct tcpcrypt_kat_ws *ws,
			     const struct tcpcrypt_kat_capture *c,
			     struct tcpcrypt_kat_result *res);
/* Everything above, stopping at the first failure. */
int tcpcrypt_kat_run_all(struct tcpcrypt_kat_ws *ws,
			 struct tcpcrypt_kat_result *res);

#endif /* _TCPCRYPT_PROTO_KAT_H */
