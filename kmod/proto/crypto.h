/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The primitive backend the protocol core calls. Implemented on the kernel
 * crypto API / lib/crypto by kmod/crypto_kernel.c and on OpenSSL by
 * tests/unit/crypto_user.c.
 *
 * Unless noted, every function is synchronous, allocation-free and safe in
 * softirq context. The P-256 and raw RSA functions may sleep: callers run
 * them from process context (the engine's handshake workqueue).
 */
#ifndef _TCPCRYPT_PROTO_CRYPTO_H
#define _TCPCRYPT_PROTO_CRYPTO_H

#include "compat.h"

#define TCPCRYPT_SHA256_LEN	32
#define TCPCRYPT_AES_BLOCK	16
#define TCPCRYPT_CHACHA_BLOCK	64
#define TCPCRYPT_P256_PRIV_LEN	32
#define TCPCRYPT_P256_PUB_LEN	65	/* 04 || X || Y */
#define TCPCRYPT_P256_SS_LEN	32
#define TCPCRYPT_X25519_LEN	32
#define TCPCRYPT_SHA1_LEN	20
#define TCPCRYPT_RSA_MAX_LEN	512	/* modulus bytes: 4096 bits */

/*
 * Backend-private key state, sized for the largest backend's compact
 * form. The HMAC key is kept per direction of every connection: the
 * kernel keeps the two SHA-256 chaining values after the pad blocks (64
 * bytes). An expanded AES key is the eleven AES-128 encryption round keys
 * (176 bytes, no decryption schedule); connections use raw keys instead
 * (tcpcrypt_aes128_encrypt_raw). The userspace test backend keeps a
 * pointer in each.
 */
struct tcpcrypt_hmac_ctx {
	u64 opaque[8];
};

struct tcpcrypt_aes_ctx {
	u64 opaque[22];
};

/* A scatter list of input pieces, so no caller has to linearise. */
struct tcpcrypt_kvec {
	const void *base;
	size_t len;
};

void tcpcrypt_sha256(const u8 *data, size_t len, u8 out[TCPCRYPT_SHA256_LEN]);

/* Keyed HMAC-SHA256; the key's pad states are computed once here. */
int tcpcrypt_hmac_setkey(struct tcpcrypt_hmac_ctx *ctx, const u8 *key,
			 size_t keylen);
void tcpcrypt_hmac_vec(const struct tcpcrypt_hmac_ctx *ctx,
		       const struct tcpcrypt_kvec *vec, unsigned int nvec,
		       u8 out[TCPCRYPT_SHA256_LEN]);
void tcpcrypt_hmac_clear(struct tcpcrypt_hmac_ctx *ctx);

/* AES-128, encryption direction only, ECB over whole blocks. */
int tcpcrypt_aes128_setkey(struct tcpcrypt_aes_ctx *ctx, const u8 key[16]);
void tcpcrypt_aes128_encrypt(const struct tcpcrypt_aes_ctx *ctx, u8 *dst,
			     const u8 *src, size_t nblocks);
void tcpcrypt_aes128_clear(struct tcpcrypt_aes_ctx *ctx);
/*
 * The same under a raw AES-128 key. Connections keep their AES keys raw
 * (16 bytes, not 176 of round keys): the round keys are expanded on the
 * stack for each call (40 S-box lookups, a fraction of one block's cost)
 * and wiped after. Cannot fail.
 */
void tcpcrypt_aes128_encrypt_raw(const u8 key[16], u8 *dst, const u8 *src,
				 size_t nblocks);

/*
 * XOR ChaCha20 keystream (20 rounds) into buf. iv holds state words
 * 12..15 little-endian: the block counter in word 12. The caller never
 * lets word 12 wrap inside one call, so backends need not carry into 13.
 */
void tcpcrypt_chacha20_xor(const u8 key[32], const u8 iv[16], u8 *buf,
			   size_t len);

/*
 * Poly1305 as a bare hash over pieces: (sum mod 2^130 - 5) mod 2^128,
 * little-endian, i.e. RFC 8439's tag with s = 0. r is the 16-byte key
 * before clamping. The suites finish it with a PRF (proto/suite_poly.c).
 */
void tcpcrypt_poly1305_vec(const u8 r[16], const struct tcpcrypt_kvec *vec,
			   unsigned int nvec, u8 out[16]);

void tcpcrypt_random(void *buf, size_t len);

/* X25519. Return 0, or -EINVAL when the result is the all-zero point. */
int tcpcrypt_x25519_keygen(u8 priv[TCPCRYPT_X25519_LEN],
			   u8 pub[TCPCRYPT_X25519_LEN]);
int tcpcrypt_x25519(u8 out[TCPCRYPT_X25519_LEN],
		    const u8 priv[TCPCRYPT_X25519_LEN],
		    const u8 peer[TCPCRYPT_X25519_LEN]);

/* P-256 ECDH (may sleep). Private keys are 32-byte big-endian scalars. */
int tcpcrypt_p256_keygen(u8 priv[TCPCRYPT_P256_PRIV_LEN],
			 u8 pub[TCPCRYPT_P256_PUB_LEN]);
int tcpcrypt_p256_ecdh(u8 out[TCPCRYPT_P256_SS_LEN],
		       const u8 priv[TCPCRYPT_P256_PRIV_LEN],
		       const u8 peer[TCPCRYPT_P256_PUB_LEN]);

/* SHA-1 over pieces; OAEP-RSA-3 (v0.2) needs it for OAEP and MGF1 only. */
int tcpcrypt_sha1_vec(const struct tcpcrypt_kvec *vec, unsigned int nvec,
		      u8 out[TCPCRYPT_SHA1_LEN]);

/*
 * Raw RSA (RSAEP / RSADP, no padding) for OAEP-RSA-3. Numbers are
 * big-endian and exactly as long as the modulus; in and out may be the
 * same buffer. Both may sleep (the kernel's MPI code allocates).
 *
 * tcpcrypt_rsa_public: out = in^3 mod n. n is n_len bytes with a non-zero
 * first byte; in must be below n (else -EINVAL).
 */
int tcpcrypt_rsa_public(const u8 *n, size_t n_len, const u8 *in, u8 *out);
/*
 * out = in^d mod n with a private key object that the backend loaded from
 * a DER RSAPrivateKey outside the protocol core (kmod/rsakey.c, or the
 * unit tests); tcpcrypt_pk_state.key points to it.
 */
int tcpcrypt_rsa_private(const void *key, const u8 *in, u8 *out);
/* The key's modulus, without leading zero bytes; never sleeps. */
const u8 *tcpcrypt_rsa_modulus(const void *key, size_t *n_len);

#endif /* _TCPCRYPT_PROTO_CRYPTO_H */
