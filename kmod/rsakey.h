/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The namespace's OAEP-RSA-3 key (wire-v02.md §2). The kernel cannot make
 * RSA keys, so tcpcryptctl generates one in memory and loads it over
 * netlink; until then RSA is not offered. The key is replaced whole under
 * RCU and wiped when it goes.
 */
#ifndef _TCPCRYPT_RSAKEY_H
#define _TCPCRYPT_RSAKEY_H

#include <linux/types.h>

struct tcpcrypt_net;
struct tcpcrypt_rsakey;
struct tcpcrypt_rsa_priv;

/* Namespace init and exit (netns.c), process context. */
int tcpcrypt_rsakey_init(struct tcpcrypt_net *tn);
void tcpcrypt_rsakey_exit(struct tcpcrypt_net *tn);

/*
 * Load a key given as a DER RSAPrivateKey (PKCS#1): 4096-bit modulus,
 * e = 3. Process context (it runs one RSA decryption to check the key:
 * tens of milliseconds). 0, -EINVAL (malformed, wrong size or exponent,
 * private half not matching, with a message in *msg), -ENOMEM, or an
 * error of the crypto API (with a message too). The caller keeps der and
 * wipes it; nothing here holds on to it.
 */
int tcpcrypt_rsakey_set(struct tcpcrypt_net *tn, const u8 *der, size_t len,
			const char **msg);
/* Forget the key: RSA is no longer offered. */
void tcpcrypt_rsakey_clear(struct tcpcrypt_net *tn);
/* Whether a key is loaded; its modulus bits and load time (jiffies). */
bool tcpcrypt_rsakey_info(struct tcpcrypt_net *tn, unsigned int *bits,
			  unsigned long *loaded);

/*
 * For a client handshake: the current key with a reference of its own, or
 * NULL when none is loaded. Any context (softirq too); never sleeps. The
 * result is what tcpcrypt_pk_state.key wants for tcpcrypt_pubkey_rsa3:
 * client_key then copies its modulus into INIT1 without sleeping, and
 * client_kx decrypts with it (process context). A replaced key serves the
 * handshakes that hold it until they put it.
 */
struct tcpcrypt_rsa_priv *tcpcrypt_rsakey_get(struct tcpcrypt_net *tn);
/* Drop that reference: any context; NULL (an ECDHE state's key) is fine. */
void tcpcrypt_rsakey_put(const void *key);

#endif /* _TCPCRYPT_RSAKEY_H */
