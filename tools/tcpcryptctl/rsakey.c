// SPDX-License-Identifier: GPL-2.0
/*
 * The OAEP-RSA-3 key for the module (wire-v02.md §2). The kernel cannot
 * generate RSA keys, so tcpcryptctl makes one here and loads it over
 * netlink as a DER RSAPrivateKey (PKCS#1). v0.2 peers take only e = 3 (the
 * exponent is never sent) and our module only 4096-bit moduli, the size
 * v0.2 itself uses. The key exists in this process's memory and in the
 * kernel, never in a file.
 */
#include <stdio.h>

#include <openssl/bn.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "rsakey.h"

#define TCPCRYPTCTL_RSA_BITS	4096
#define TCPCRYPTCTL_RSA_E	3

/* The message, with OpenSSL's reason for it when it gave one. */
static int tcpcryptctl_rsa_fail(const char *what)
{
	unsigned long e = ERR_get_error();
	char reason[256] = "";

	if (e)
		ERR_error_string_n(e, reason, sizeof(reason));
	fprintf(stderr, "tcpcryptctl: cannot %s an RSA-%d key%s%s\n", what,
		TCPCRYPTCTL_RSA_BITS, e ? ": " : "", reason);
	ERR_clear_error();
	return -1;
}

/* OpenSSL's progress callback: returning 0 ends the prime search. */
static int tcpcryptctl_rsa_progress(EVP_PKEY_CTX *kc)
{
	bool (*stop)(void) = EVP_PKEY_CTX_get_app_data(kc);

	return !stop();
}

/* From OpenSSL's allocator, hence OPENSSL_free in tcpcryptctl_rsa_free. */
int tcpcryptctl_rsa_generate(unsigned char **der, size_t *len,
			     bool (*stop)(void))
{
	OSSL_ENCODER_CTX *ec = NULL;
	EVP_PKEY_CTX *kc;
	EVP_PKEY *pk = NULL;
	BIGNUM *e = NULL;
	int ret = -1;

	*der = NULL;
	*len = 0;
	kc = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	e = BN_new();
	if (!kc || !e || !BN_set_word(e, TCPCRYPTCTL_RSA_E) ||
	    EVP_PKEY_keygen_init(kc) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(kc, TCPCRYPTCTL_RSA_BITS) <= 0 ||
	    EVP_PKEY_CTX_set1_rsa_keygen_pubexp(kc, e) <= 0) {
		tcpcryptctl_rsa_fail("generate");
		goto out;
	}
	if (stop) {
		/* A function pointer travels as app data through a cast. */
		EVP_PKEY_CTX_set_app_data(kc, (void *)stop);
		EVP_PKEY_CTX_set_cb(kc, tcpcryptctl_rsa_progress);
	}
	if (EVP_PKEY_generate(kc, &pk) <= 0) {
		if (stop && stop()) {
			ERR_clear_error();
			ret = 1;
		} else {
			tcpcryptctl_rsa_fail("generate");
		}
		goto out;
	}
	/* "type-specific" is PKCS#1 RSAPrivateKey, not PKCS#8. */
	ec = OSSL_ENCODER_CTX_new_for_pkey(pk, EVP_PKEY_KEYPAIR, "DER",
					   "type-specific", NULL);
	if (!ec || OSSL_ENCODER_CTX_get_num_encoders(ec) == 0 ||
	    !OSSL_ENCODER_to_data(ec, der, len)) {
		tcpcryptctl_rsa_fail("encode");
		goto out;
	}
	ret = 0;
out:
	OSSL_ENCODER_CTX_free(ec);
	/* Frees clear the key's numbers (BN_clear_free inside). */
	EVP_PKEY_free(pk);
	BN_free(e);
	EVP_PKEY_CTX_free(kc);
	return ret;
}

/* Wipe the DER before its memory goes back to the allocator. */
void tcpcryptctl_rsa_free(unsigned char *der, size_t len)
{
	if (!der)
		return;
	OPENSSL_cleanse(der, len);
	OPENSSL_free(der);
}
