/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pieces of OAEP-RSA-3 (spec 0x000100, wire-v02.md §2) below the cipher's
 * ops table: the OAEP encoding of RFC 8017 §7.1 with SHA-1, MGF1-SHA-1 and
 * an empty label, the v0.2 rule for client moduli, and a strict reader of
 * DER RSAPrivateKey for keys loaded from userspace. Pure code; the hash and
 * the modular arithmetic come from the backend (crypto.h).
 */
#ifndef _TCPCRYPT_PROTO_RSA_H
#define _TCPCRYPT_PROTO_RSA_H

#include "compat.h"
#include "crypto.h"

#define TCPCRYPT_RSA3_MIN_LEN	256	/* v0.2 bounds on the INIT1 modulus */
#define TCPCRYPT_RSA3_MIN_BITS	2048
#define TCPCRYPT_RSA3_KX_LEN	512	/* INIT2 key exchange field, always */
#define TCPCRYPT_RSA3_NS_LEN	48	/* N_S, the OAEP plaintext and PMS */
#define TCPCRYPT_OAEP_SEED_LEN	TCPCRYPT_SHA1_LEN
#define TCPCRYPT_OAEP_OVERHEAD	(2 * TCPCRYPT_SHA1_LEN + 2)

/*
 * EM = 0x00 || maskedSeed || maskedDB for a k-byte modulus (RFC 8017
 * §7.1.1 step 2). The seed is the caller's so that known answers can be
 * tested. 0, -EINVAL when mlen does not fit, or a backend error.
 */
int tcpcrypt_oaep_encode(u8 *em, size_t k, const u8 *msg, size_t mlen,
			 const u8 seed[TCPCRYPT_OAEP_SEED_LEN]);

/*
 * RFC 8017 §7.1.2 step 3 for a message of exactly mlen bytes, the only
 * length v0.2 sends. em is unmasked in place: the caller wipes it. Every
 * byte is examined whatever its value, and one error (-EBADMSG) stands for
 * all failures, so neither time nor result tells which check failed.
 * Backend errors (-errno) depend on nothing secret.
 */
int tcpcrypt_oaep_decode(u8 *em, size_t k, u8 *msg, size_t mlen);

/*
 * The v0.2 check of a client modulus in INIT1: 256..512 bytes whose value,
 * leading zero bytes aside, has a bit length that is a multiple of 512.
 * We also want at least 2048 bits and an odd number. 0 or -EBADMSG.
 */
int tcpcrypt_rsa3_check_modulus(const u8 *n, size_t len);

/* The modulus without its leading zero bytes; returns the new length. */
size_t tcpcrypt_rsa3_strip(const u8 **n, size_t len);

/* A non-negative INTEGER's magnitude, without DER's sign byte. */
struct tcpcrypt_der_uint {
	const u8 *p;
	size_t len;
};

/* The fields of a two-prime PKCS#1 RSAPrivateKey; they point into the DER. */
struct tcpcrypt_rsa_der {
	struct tcpcrypt_der_uint n, e, d, p, q, dp, dq, qinv;
};

/*
 * Read a DER RSAPrivateKey (RFC 8017 A.1.2): one SEQUENCE filling exactly
 * len bytes, version 0, eight non-negative minimally encoded INTEGERs and
 * nothing after them. Every length is checked against what is left before
 * it is used. 0, or -EINVAL with *msg saying what is wrong. It says
 * nothing about the numbers' values: callers check sizes and exponent.
 */
int tcpcrypt_rsa_der_parse(const u8 *der, size_t len, struct tcpcrypt_rsa_der *k,
			   const char **msg);

#endif /* _TCPCRYPT_PROTO_RSA_H */
