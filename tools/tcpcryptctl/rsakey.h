/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OAEP-RSA-3 key tcpcryptctl loads into the module (rsakey.c): made in
 * memory, handed over as a DER RSAPrivateKey, never written to a file.
 * Only OpenSSL is needed, so the unit tests can use it too.
 */
#ifndef TCPCRYPTCTL_RSAKEY_H
#define TCPCRYPTCTL_RSAKEY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A fresh RSA-4096 key with e = 3 as a DER RSAPrivateKey (PKCS#1) in
 * memory; free it with tcpcryptctl_rsa_free. 0, or -1 with a message on
 * stderr. Takes about a second here, minutes on a slow machine: if stop
 * is not NULL it is asked between the steps of the prime search, and when
 * it says true the search ends at once and 1 is returned, with no key.
 */
int tcpcryptctl_rsa_generate(unsigned char **der, size_t *len,
			     bool (*stop)(void));
/* Wipe and free what tcpcryptctl_rsa_generate returned; NULL is fine. */
void tcpcryptctl_rsa_free(unsigned char *der, size_t len);

#endif /* TCPCRYPTCTL_RSAKEY_H */
