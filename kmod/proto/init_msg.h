/* SPDX-License-Identifier: GPL-2.0 */
/*
 * INIT1 / INIT2 handshake message codecs (payload of the segments that
 * carry the INIT1 / INIT2 suboptions). Parsed messages point into the
 * caller's buffer.
 */
#ifndef _TCPCRYPT_PROTO_INIT_MSG_H
#define _TCPCRYPT_PROTO_INIT_MSG_H

#include "compat.h"
#include "wire.h"
#include "pubkey.h"

struct tcpcrypt_init1 {
	u32 len;
	u32 pkspec;
	const struct tcpcrypt_pubkey_ops *pk;	/* NULL: cipher unknown here */
	u16 nsym;
	const u8 *sym;				/* nsym u32 BE ids */
	const u8 *nc;
	size_t nc_len;
	const u8 *ckey;
	size_t ckey_len;
};

struct tcpcrypt_init2 {
	u32 len;
	u32 sym;
	const u8 *kx;
	size_t kx_len;
};

/*
 * Returns 0; -EPROTO on a wrong magic; -EBADMSG when a length field
 * disagrees with the payload or a bound of the chosen cipher is broken.
 * An unknown cipher leaves m->pk NULL and only the v0.2 generic bounds
 * are checked.
 */
int tcpcrypt_init1_parse(const u8 *buf, size_t len, struct tcpcrypt_init1 *m);
/* Length written, or -ENOSPC / -EINVAL. Reserved bytes are sent as 0. */
int tcpcrypt_init1_build(u8 *buf, size_t buflen, u32 pkspec, const u32 *sym,
			 unsigned int nsym, const u8 *nc, size_t nc_len,
			 const u8 *ckey, size_t ckey_len);
static inline u32 tcpcrypt_init1_sym(const struct tcpcrypt_init1 *m,
				     unsigned int i)
{
	return tcpcrypt_get_be32(m->sym + 4 * i);
}

/* pk (the cipher the client chose) may be NULL for generic checks only. */
int tcpcrypt_init2_parse(const u8 *buf, size_t len,
			 const struct tcpcrypt_pubkey_ops *pk,
			 struct tcpcrypt_init2 *m);
int tcpcrypt_init2_build(u8 *buf, size_t buflen, u32 sym, const u8 *kx,
			 size_t kx_len);

/* Server: the first client suite id that is also in local; 0 if none. */
u32 tcpcrypt_init1_choose_sym(const struct tcpcrypt_init1 *m, const u32 *local,
			      unsigned int nlocal);
/* Server: the first id of local (its preference) the client offers; 0 if none. */
u32 tcpcrypt_init1_prefer_sym(const struct tcpcrypt_init1 *m, const u32 *local,
			      unsigned int nlocal);

#endif /* _TCPCRYPT_PROTO_INIT_MSG_H */
