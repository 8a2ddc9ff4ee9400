/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Portable Poly1305 used as a bare almost-universal hash: RFC 8439's
 * Poly1305 with the final "+ s" left out. Backends without a faster one
 * call it from tcpcrypt_poly1305_vec() (proto/crypto.h).
 */
#ifndef _TCPCRYPT_PROTO_POLY1305_H
#define _TCPCRYPT_PROTO_POLY1305_H

#include "compat.h"
#include "crypto.h"

#define TCPCRYPT_POLY1305_LEN	16	/* block, key r and output */

/* Running state: five 26-bit limbs of r and of the accumulator. */
struct tcpcrypt_poly1305 {
	u32 r[5];
	u32 h[5];
	u8 buf[TCPCRYPT_POLY1305_LEN];
	unsigned int nbuf;
};

/* r is clamped here, as RFC 8439 section 2.5 says. */
void tcpcrypt_poly1305_init(struct tcpcrypt_poly1305 *st,
			    const u8 r[TCPCRYPT_POLY1305_LEN]);
void tcpcrypt_poly1305_update(struct tcpcrypt_poly1305 *st, const u8 *p,
			      size_t len);
/*
 * out = (accumulator mod 2^130 - 5) mod 2^128, little-endian: the RFC's
 * tag for s = 0. Wipes the state.
 */
void tcpcrypt_poly1305_final(struct tcpcrypt_poly1305 *st,
			     u8 out[TCPCRYPT_POLY1305_LEN]);

/* The whole hash over pieces: what a backend's tcpcrypt_poly1305_vec() runs. */
void tcpcrypt_poly1305_generic_vec(const u8 r[TCPCRYPT_POLY1305_LEN],
				   const struct tcpcrypt_kvec *vec,
				   unsigned int nvec,
				   u8 out[TCPCRYPT_POLY1305_LEN]);

#endif /* _TCPCRYPT_PROTO_POLY1305_H */
