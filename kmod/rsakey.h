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

int tcpcrypt_rsakey_init(struct tcpcrypt_net *tn);
void tcpcrypt_rsakey_exit(struct tcpcrypt_net *tn);

/*
 * Load a key given as a DER RSAPrivateKey (PKCS#1): 4096-bit modulus,
 * e = 3. Process context. 0, -EINVAL (malformed, wrong size or exponent,
 * with a message in *msg), -ENOMEM, or an error of the crypto API.
 */
int tcpcrypt_rsakey_set(struct tcpcrypt_net *tn, const u8 *der, size_t len,
			const char **msg);
/* Forget the key: RSA is no longer offered. */
void tcpcrypt_rsakey_clear(struct tcpcrypt_net *tn);
/* Whether a key is loaded; its modulus bits and load time (jiffies). */
bool tcpcrypt_rsakey_info(struct tcpcrypt_net *tn, unsigned int *bits,
			  unsigned long *loaded);

#endif /* _TCPCRYPT_RSAKEY_H */
