/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the OpenSSL backend (crypto_user.c) offers the tests beyond
 * kmod/proto/crypto.h: RSA private key objects for tcpcrypt_pk_state.key,
 * as kmod/rsakey.c makes them in the kernel.
 */
#ifndef _TCPCRYPT_CRYPTO_USER_H
#define _TCPCRYPT_CRYPTO_USER_H

#include <openssl/evp.h>

#include "../../kmod/proto/compat.h"

struct user_rsa_key;

/*
 * Fault injection: when set to n > 0, the nth call from then on of
 * tcpcrypt_sha1_vec() or tcpcrypt_rsa_public() fails with -ENOMEM, as
 * the kernel backend's can when an allocation fails.
 */
extern unsigned int user_fail_sha1, user_fail_rsa_public;

/* From a DER RSAPrivateKey (PKCS#1); NULL if OpenSSL refuses it. */
struct user_rsa_key *user_rsa_key_from_der(const u8 *der, size_t len);
/* A fresh key with e = 3. */
struct user_rsa_key *user_rsa_key_generate(unsigned int bits);
EVP_PKEY *user_rsa_key_pkey(const struct user_rsa_key *k);
void user_rsa_key_free(struct user_rsa_key *k);
/* An e = 3 public key from a big-endian modulus; EVP_PKEY_free it. */
EVP_PKEY *user_rsa_pubkey(const u8 *n, size_t n_len);

#endif /* _TCPCRYPT_CRYPTO_USER_H */
