// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/proto/crypto.h on OpenSSL 3 libcrypto, for the unit tests,
 * the fuzzers and the userspace benchmark. Not thread-safe: the tests
 * are single-threaded and ChaCha20 reuses one cipher context.
 */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "../../kmod/proto/crypto.h"
#include "../../kmod/proto/poly1305.h"
#include "crypto_user.h"

struct user_hmac {
	EVP_MAC_CTX *ctx;
};

struct user_aes {
	EVP_CIPHER_CTX *ctx;
};

TCPCRYPT_BUILD_BUG_ON(sizeof(struct user_hmac) > sizeof(struct tcpcrypt_hmac_ctx));
TCPCRYPT_BUILD_BUG_ON(sizeof(struct user_aes) > sizeof(struct tcpcrypt_aes_ctx));

unsigned int user_fail_sha1, user_fail_rsa_public;

/* Counts a call down; true for the one that is to fail. */
static bool user_fail_now(unsigned int *countdown)
{
	return *countdown && !--*countdown;
}

static void user_fatal(const char *what)
{
	fprintf(stderr, "crypto_user: %s failed\n", what);
	abort();
}

void tcpcrypt_sha256(const u8 *data, size_t len, u8 out[TCPCRYPT_SHA256_LEN])
{
	if (!EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL))
		user_fatal("sha256");
}

int tcpcrypt_hmac_setkey(struct tcpcrypt_hmac_ctx *ctx, const u8 *key,
			 size_t keylen)
{
	static EVP_MAC *mac;	/* fetched once, kept for the process */
	struct user_hmac *h = (struct user_hmac *)ctx;
	OSSL_PARAM params[2];

	if (!mac) {
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		if (!mac)
			return -ENOMEM;
	}
	h->ctx = EVP_MAC_CTX_new(mac);
	if (!h->ctx)
		return -ENOMEM;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)"SHA256", 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(h->ctx, key, keylen, params)) {
		EVP_MAC_CTX_free(h->ctx);
		h->ctx = NULL;
		return -EINVAL;
	}
	return 0;
}

void tcpcrypt_hmac_vec(const struct tcpcrypt_hmac_ctx *ctx,
		       const struct tcpcrypt_kvec *vec, unsigned int nvec,
		       u8 out[TCPCRYPT_SHA256_LEN])
{
	const struct user_hmac *h = (const struct user_hmac *)ctx;
	size_t outl;
	unsigned int i;

	/* Re-init without a key restarts from the cached pad states. */
	if (!EVP_MAC_init(h->ctx, NULL, 0, NULL))
		user_fatal("hmac init");
	for (i = 0; i < nvec; i++) {
		if (vec[i].len && !EVP_MAC_update(h->ctx, vec[i].base, vec[i].len))
			user_fatal("hmac update");
	}
	if (!EVP_MAC_final(h->ctx, out, &outl, TCPCRYPT_SHA256_LEN))
		user_fatal("hmac final");
}

void tcpcrypt_hmac_clear(struct tcpcrypt_hmac_ctx *ctx)
{
	struct user_hmac *h = (struct user_hmac *)ctx;

	EVP_MAC_CTX_free(h->ctx);
	h->ctx = NULL;
}

int tcpcrypt_aes128_setkey(struct tcpcrypt_aes_ctx *ctx, const u8 key[16])
{
	struct user_aes *a = (struct user_aes *)ctx;

	a->ctx = EVP_CIPHER_CTX_new();
	if (!a->ctx)
		return -ENOMEM;
	if (!EVP_EncryptInit_ex(a->ctx, EVP_aes_128_ecb(), NULL, key, NULL)) {
		EVP_CIPHER_CTX_free(a->ctx);
		a->ctx = NULL;
		return -EINVAL;
	}
	EVP_CIPHER_CTX_set_padding(a->ctx, 0);
	return 0;
}

void tcpcrypt_aes128_encrypt(const struct tcpcrypt_aes_ctx *ctx, u8 *dst,
			     const u8 *src, size_t nblocks)
{
	const struct user_aes *a = (const struct user_aes *)ctx;
	int outl;

	if (!EVP_EncryptUpdate(a->ctx, dst, &outl, src,
			       (int)(nblocks * TCPCRYPT_AES_BLOCK)))
		user_fatal("aes");
}

void tcpcrypt_aes128_clear(struct tcpcrypt_aes_ctx *ctx)
{
	struct user_aes *a = (struct user_aes *)ctx;

	EVP_CIPHER_CTX_free(a->ctx);
	a->ctx = NULL;
}

void tcpcrypt_aes128_encrypt_raw(const u8 key[16], u8 *dst, const u8 *src,
				 size_t nblocks)
{
	struct tcpcrypt_aes_ctx ctx;

	if (tcpcrypt_aes128_setkey(&ctx, key))
		user_fatal("aes setkey");
	tcpcrypt_aes128_encrypt(&ctx, dst, src, nblocks);
	tcpcrypt_aes128_clear(&ctx);
}

void tcpcrypt_chacha20_xor(const u8 key[32], const u8 iv[16], u8 *buf,
			   size_t len)
{
	static EVP_CIPHER_CTX *cc;
	static EVP_CIPHER *chacha;
	int outl;

	/* Fetch once: an implicit fetch per call would dominate the cost. */
	if (!cc) {
		cc = EVP_CIPHER_CTX_new();
		chacha = EVP_CIPHER_fetch(NULL, "ChaCha20", NULL);
		if (!cc || !chacha)
			user_fatal("chacha ctx");
	}
	/* OpenSSL's 16-byte IV is state words 12..15, as ours. */
	if (!EVP_EncryptInit_ex2(cc, chacha, key, iv, NULL) ||
	    !EVP_EncryptUpdate(cc, buf, &outl, buf, (int)len))
		user_fatal("chacha20");
}

/* OpenSSL's Poly1305 adds s; the portable hash is the one we test. */
void tcpcrypt_poly1305_vec(const u8 r[16], const struct tcpcrypt_kvec *vec,
			   unsigned int nvec, u8 out[16])
{
	tcpcrypt_poly1305_generic_vec(r, vec, nvec, out);
}

void tcpcrypt_random(void *buf, size_t len)
{
	if (RAND_bytes(buf, (int)len) != 1)
		user_fatal("random");
}

int tcpcrypt_x25519_keygen(u8 priv[TCPCRYPT_X25519_LEN],
			   u8 pub[TCPCRYPT_X25519_LEN])
{
	EVP_PKEY *pk;
	size_t len = TCPCRYPT_X25519_LEN;
	int ret = 0;

	tcpcrypt_random(priv, TCPCRYPT_X25519_LEN);
	priv[0] &= 248;
	priv[31] = (priv[31] & 127) | 64;
	pk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv,
					  TCPCRYPT_X25519_LEN);
	if (!pk)
		return -ENOMEM;
	if (!EVP_PKEY_get_raw_public_key(pk, pub, &len))
		ret = -EINVAL;
	EVP_PKEY_free(pk);
	return ret;
}

static int user_derive(EVP_PKEY *mine, EVP_PKEY *peer, u8 *out, size_t outlen)
{
	EVP_PKEY_CTX *dc = EVP_PKEY_CTX_new(mine, NULL);
	size_t len = outlen;
	int ret = -EINVAL;

	if (!dc)
		return -ENOMEM;
	if (EVP_PKEY_derive_init(dc) == 1 &&
	    EVP_PKEY_derive_set_peer(dc, peer) == 1 &&
	    EVP_PKEY_derive(dc, out, &len) == 1 && len == outlen)
		ret = 0;
	EVP_PKEY_CTX_free(dc);
	return ret;
}

int tcpcrypt_x25519(u8 out[TCPCRYPT_X25519_LEN],
		    const u8 priv[TCPCRYPT_X25519_LEN],
		    const u8 peer[TCPCRYPT_X25519_LEN])
{
	static const u8 zero[TCPCRYPT_X25519_LEN];
	EVP_PKEY *me, *pe;
	int ret = -ENOMEM;

	me = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv,
					  TCPCRYPT_X25519_LEN);
	pe = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer,
					 TCPCRYPT_X25519_LEN);
	if (me && pe)
		ret = user_derive(me, pe, out, TCPCRYPT_X25519_LEN);
	EVP_PKEY_free(me);
	EVP_PKEY_free(pe);
	/* OpenSSL refuses a zero result already; keep the rule explicit. */
	if (!ret && !tcpcrypt_memneq(out, zero, TCPCRYPT_X25519_LEN))
		ret = -EINVAL;
	return ret;
}

int tcpcrypt_p256_keygen(u8 priv[TCPCRYPT_P256_PRIV_LEN],
			 u8 pub[TCPCRYPT_P256_PUB_LEN])
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	BIGNUM *bn = NULL;
	size_t len = 0;
	int ret = -EINVAL;

	if (!pk)
		return -ENOMEM;
	if (EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_PRIV_KEY, &bn) &&
	    BN_bn2binpad(bn, priv, TCPCRYPT_P256_PRIV_LEN) ==
	    TCPCRYPT_P256_PRIV_LEN &&
	    EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_PUB_KEY, pub,
					    TCPCRYPT_P256_PUB_LEN, &len) &&
	    len == TCPCRYPT_P256_PUB_LEN && pub[0] == 0x04)
		ret = 0;
	BN_clear_free(bn);
	EVP_PKEY_free(pk);
	return ret;
}

static EVP_PKEY *user_p256_key(const u8 *priv, const u8 *pub)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pk = NULL;
	BIGNUM *bn = NULL;

	if (!bld || !kc)
		goto out;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
					     "prime256v1", 0))
		goto out;
	if (priv) {
		bn = BN_bin2bn(priv, TCPCRYPT_P256_PRIV_LEN, NULL);
		if (!bn || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn))
			goto out;
	} else if (!OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
						     pub, TCPCRYPT_P256_PUB_LEN)) {
		goto out;
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(kc) != 1)
		goto out;
	if (EVP_PKEY_fromdata(kc, &pk, priv ? EVP_PKEY_KEYPAIR :
			      EVP_PKEY_PUBLIC_KEY, params) != 1)
		pk = NULL;
out:
	OSSL_PARAM_free(params);
	BN_clear_free(bn);
	EVP_PKEY_CTX_free(kc);
	OSSL_PARAM_BLD_free(bld);
	return pk;
}

int tcpcrypt_p256_ecdh(u8 out[TCPCRYPT_P256_SS_LEN],
		       const u8 priv[TCPCRYPT_P256_PRIV_LEN],
		       const u8 peer[TCPCRYPT_P256_PUB_LEN])
{
	EVP_PKEY *me = user_p256_key(priv, NULL);
	EVP_PKEY *pe = user_p256_key(NULL, peer);
	int ret = -EINVAL;

	if (me && pe)
		ret = user_derive(me, pe, out, TCPCRYPT_P256_SS_LEN);
	EVP_PKEY_free(me);
	EVP_PKEY_free(pe);
	return ret;
}

int tcpcrypt_sha1_vec(const struct tcpcrypt_kvec *vec, unsigned int nvec,
		      u8 out[TCPCRYPT_SHA1_LEN])
{
	static EVP_MD_CTX *mc;
	static EVP_MD *sha1;
	unsigned int i;

	if (user_fail_now(&user_fail_sha1))
		return -ENOMEM;
	if (!mc) {
		mc = EVP_MD_CTX_new();
		sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
		if (!mc || !sha1)
			user_fatal("sha1 ctx");
	}
	if (!EVP_DigestInit_ex2(mc, sha1, NULL))
		return -EINVAL;
	for (i = 0; i < nvec; i++) {
		if (vec[i].len && !EVP_DigestUpdate(mc, vec[i].base, vec[i].len))
			return -EINVAL;
	}
	return EVP_DigestFinal_ex(mc, out, NULL) ? 0 : -EINVAL;
}

struct user_rsa_key {
	EVP_PKEY *pkey;
	size_t n_len;
	u8 n[TCPCRYPT_RSA_MAX_LEN];
};

/* Raw RSA through EVP: RSA_NO_PADDING, input and output k bytes. */
static int user_rsa_raw(EVP_PKEY *pk, bool encrypt, const u8 *in, u8 *out,
			size_t k)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	u8 tmp[TCPCRYPT_RSA_MAX_LEN];
	size_t len = sizeof(tmp);
	int ret = -EINVAL;

	if (!pc)
		return -ENOMEM;
	if ((encrypt ? EVP_PKEY_encrypt_init(pc) : EVP_PKEY_decrypt_init(pc)) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING) != 1)
		goto out;
	/* OpenSSL refuses inputs not below n, as the kernel does. */
	if ((encrypt ? EVP_PKEY_encrypt(pc, tmp, &len, in, k) :
		       EVP_PKEY_decrypt(pc, tmp, &len, in, k)) != 1 || len != k)
		goto out;
	memcpy(out, tmp, k);
	ret = 0;
out:
	OPENSSL_cleanse(tmp, sizeof(tmp));
	EVP_PKEY_CTX_free(pc);
	return ret;
}

EVP_PKEY *user_rsa_pubkey(const u8 *n, size_t n_len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *bn = BN_bin2bn(n, (int)n_len, NULL), *e = BN_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY *pk = NULL;

	if (!bld || !kc || !bn || !e || !BN_set_word(e, 3) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(kc) != 1 ||
	    EVP_PKEY_fromdata(kc, &pk, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pk = NULL;
out:
	OSSL_PARAM_free(params);
	BN_free(bn);
	BN_free(e);
	EVP_PKEY_CTX_free(kc);
	OSSL_PARAM_BLD_free(bld);
	return pk;
}

int tcpcrypt_rsa_public(const u8 *n, size_t n_len, const u8 *in, u8 *out)
{
	EVP_PKEY *pk;
	int ret;

	if (!n_len || n_len > TCPCRYPT_RSA_MAX_LEN || !n[0])
		return -EINVAL;
	if (user_fail_now(&user_fail_rsa_public))
		return -ENOMEM;
	pk = user_rsa_pubkey(n, n_len);
	if (!pk)
		return -ENOMEM;
	ret = user_rsa_raw(pk, true, in, out, n_len);
	EVP_PKEY_free(pk);
	return ret;
}

int tcpcrypt_rsa_private(const void *key, const u8 *in, u8 *out)
{
	const struct user_rsa_key *k = key;

	return user_rsa_raw(k->pkey, false, in, out, k->n_len);
}

const u8 *tcpcrypt_rsa_modulus(const void *key, size_t *n_len)
{
	const struct user_rsa_key *k = key;

	*n_len = k->n_len;
	return k->n;
}

static struct user_rsa_key *user_rsa_key_wrap(EVP_PKEY *pk)
{
	struct user_rsa_key *k;
	BIGNUM *n = NULL;

	if (!pk)
		return NULL;
	k = calloc(1, sizeof(*k));
	if (!k || !EVP_PKEY_get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    BN_num_bytes(n) > TCPCRYPT_RSA_MAX_LEN) {
		BN_free(n);
		free(k);
		EVP_PKEY_free(pk);
		return NULL;
	}
	k->n_len = BN_bn2bin(n, k->n);
	BN_free(n);
	k->pkey = pk;
	return k;
}

struct user_rsa_key *user_rsa_key_from_der(const u8 *der, size_t len)
{
	const unsigned char *p = der;

	/* EVP_PKEY_RSA: the PKCS#1 RSAPrivateKey, as tcpcryptctl makes it. */
	return user_rsa_key_wrap(d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p,
						(long)len));
}

struct user_rsa_key *user_rsa_key_generate(unsigned int bits)
{
	EVP_PKEY_CTX *kc = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	unsigned int e = 3;
	OSSL_PARAM params[3];
	EVP_PKEY *pk = NULL;

	params[0] = OSSL_PARAM_construct_uint(OSSL_PKEY_PARAM_RSA_BITS, &bits);
	params[1] = OSSL_PARAM_construct_uint(OSSL_PKEY_PARAM_RSA_E, &e);
	params[2] = OSSL_PARAM_construct_end();
	if (!kc || EVP_PKEY_keygen_init(kc) != 1 ||
	    EVP_PKEY_CTX_set_params(kc, params) != 1 ||
	    EVP_PKEY_generate(kc, &pk) != 1)
		pk = NULL;
	EVP_PKEY_CTX_free(kc);
	return user_rsa_key_wrap(pk);
}

EVP_PKEY *user_rsa_key_pkey(const struct user_rsa_key *k)
{
	return k->pkey;
}

void user_rsa_key_free(struct user_rsa_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}
