/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPCRYPT_CRYPTO_KERNEL_H
#define _TCPCRYPT_CRYPTO_KERNEL_H

#include <linux/types.h>

/*
 * Backend of proto/crypto.h on lib/crypto and the crypto API. Call init
 * from module init (process context) before any protocol code runs.
 */
int tcpcrypt_crypto_init(void);
void tcpcrypt_crypto_exit(void);

/* crypto_sync.c: the per-CPU ChaCha20 and X25519 transforms. */
int tcpcrypt_crypto_sync_init(void);
void tcpcrypt_crypto_sync_exit(void);

/*
 * OAEP-RSA-3 private keys: what tcpcrypt_pk_state.key points to in the
 * kernel, for proto's tcpcrypt_rsa_private and tcpcrypt_rsa_modulus.
 *
 * tcpcrypt_rsa_priv_new: process context. der is a DER RSAPrivateKey the
 * caller has checked (kmod/rsakey.c), n its modulus without leading zero
 * bytes. A key with one reference, or an ERR_PTR. It computes a modular
 * inverse for blinding: slow (over a second in a KASAN guest).
 * tcpcrypt_rsa_priv_tryget: any context; under rcu_read_lock() it is safe
 * on a key whose last reference is going: it then returns false.
 * tcpcrypt_rsa_priv_put: any context, NULL allowed. The last put frees the
 * key later from process context; its memory outlives an RCU grace period.
 */
struct tcpcrypt_rsa_priv;

/* Decryptions between two fresh blinding factors (made in tcpcrypt_wq). */
#define TCPCRYPT_RSA_BLIND_USES	32

struct tcpcrypt_rsa_priv *tcpcrypt_rsa_priv_new(const u8 *der, size_t der_len,
						const u8 *n, size_t n_len);
bool tcpcrypt_rsa_priv_tryget(struct tcpcrypt_rsa_priv *k);
void tcpcrypt_rsa_priv_put(struct tcpcrypt_rsa_priv *k);

#endif /* _TCPCRYPT_CRYPTO_KERNEL_H */
