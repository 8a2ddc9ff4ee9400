/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packing the TCP option area of the segments the engine rewrites: the
 * handshake suboptions appended to the stack's options, the MSS clamp, and
 * the option area of a protected segment, which must hold timestamps, the
 * unpadded 18-byte MAC option and one SACK block in 40 bytes.
 */
#ifndef _TCPCRYPT_PROTO_OPTPACK_H
#define _TCPCRYPT_PROTO_OPTPACK_H

#include "compat.h"
#include "wire.h"

/*
 * Copy the options up to the first EOL, append add[addlen], pad with EOL
 * to a multiple of 4. Returns the new length or -ENOSPC past 40 bytes,
 * -EBADMSG on a malformed area.
 */
int tcpcrypt_optpack_append(const u8 *in, size_t inlen, const u8 *add,
			    size_t addlen, u8 out[TCPCRYPT_TCPOPT_SPACE]);

/*
 * Lower the MSS option in place by overhead (not below min_mss). Returns
 * 1 if changed, 0 if there is no MSS option, -EINVAL for an MSS option of
 * the wrong length, -EBADMSG for a malformed area.
 */
int tcpcrypt_optpack_clamp_mss(u8 *opts, size_t len, u16 overhead,
			       u16 min_mss);

struct tcpcrypt_optpack_res {
	size_t len;		/* bytes of the new area, a multiple of 4 */
	size_t mac_off;		/* offset of the MAC option's kind byte */
	unsigned int sack_dropped;	/* SACK blocks left out for room */
	unsigned int opts_dropped;	/* other options left out for room */
};

/*
 * The option area of a protected segment: timestamps, then as many SACK
 * blocks as fit, then other options that fit, then the MAC option with a
 * zero tag, then EOL padding. Our own CRYPT and MAC options and padding in
 * the input are dropped. Returns 0 or -EBADMSG on a malformed input.
 */
int tcpcrypt_optpack_protect(const u8 *in, size_t inlen,
			     u8 out[TCPCRYPT_TCPOPT_SPACE],
			     struct tcpcrypt_optpack_res *res);

#endif /* _TCPCRYPT_PROTO_OPTPACK_H */
