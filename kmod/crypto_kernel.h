/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPCRYPT_CRYPTO_KERNEL_H
#define _TCPCRYPT_CRYPTO_KERNEL_H

/*
 * Backend of proto/crypto.h on lib/crypto and the crypto API. Call init
 * from module init (process context) before any protocol code runs.
 */
int tcpcrypt_crypto_init(void);
void tcpcrypt_crypto_exit(void);

#endif /* _TCPCRYPT_CRYPTO_KERNEL_H */
