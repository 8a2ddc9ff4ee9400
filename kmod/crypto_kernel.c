// SPDX-License-Identifier: GPL-2.0
/*
 * proto/crypto.h on the kernel: SHA-256, AES and ChaCha20 from lib/crypto
 * (synchronous, no allocation, softirq-safe), X25519 from lib/crypto
 * curve25519, P-256 through the kpp "ecdh-nist-p256" transform, which
 * allocates with GFP_KERNEL and may sleep: P-256 callers must be in
 * process context (the engine uses its handshake workqueue).
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <asm/unaligned.h>
#include <crypto/sha2.h>
#include <crypto/aes.h>
#include <crypto/chacha.h>
#include <crypto/curve25519.h>
#include <crypto/kpp.h>
#include <crypto/ecdh.h>

#include "crypto_kernel.h"
#include "proto/crypto.h"

#define TCPCRYPT_P256_ALG	"ecdh-nist-p256"

struct tcpcrypt_khmac {
	struct sha256_state inner;	/* after absorbing key ^ ipad */
	struct sha256_state outer;	/* after absorbing key ^ opad */
};

static_assert(sizeof(struct tcpcrypt_khmac) <= sizeof(struct tcpcrypt_hmac_ctx));
static_assert(sizeof(struct crypto_aes_ctx) <= sizeof(struct tcpcrypt_aes_ctx));

void tcpcrypt_sha256(const u8 *data, size_t len, u8 out[TCPCRYPT_SHA256_LEN])
{
	sha256(data, len, out);
}

int tcpcrypt_hmac_setkey(struct tcpcrypt_hmac_ctx *ctx, const u8 *key,
			 size_t keylen)
{
	struct tcpcrypt_khmac *h = (struct tcpcrypt_khmac *)ctx;
	u8 pad[SHA256_BLOCK_SIZE];
	unsigned int i;

	memset(pad, 0, sizeof(pad));
	if (keylen > SHA256_BLOCK_SIZE)
		sha256(key, keylen, pad);
	else
		memcpy(pad, key, keylen);

	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36;
	sha256_init(&h->inner);
	sha256_update(&h->inner, pad, sizeof(pad));

	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36 ^ 0x5c;
	sha256_init(&h->outer);
	sha256_update(&h->outer, pad, sizeof(pad));

	memzero_explicit(pad, sizeof(pad));
	return 0;
}

void tcpcrypt_hmac_vec(const struct tcpcrypt_hmac_ctx *ctx,
		       const struct tcpcrypt_kvec *vec, unsigned int nvec,
		       u8 out[TCPCRYPT_SHA256_LEN])
{
	const struct tcpcrypt_khmac *h = (const struct tcpcrypt_khmac *)ctx;
	struct sha256_state st;
	u8 inner[SHA256_DIGEST_SIZE];
	unsigned int i;

	/* Work on a copy so that one key serves concurrent callers. */
	st = h->inner;
	for (i = 0; i < nvec; i++)
		sha256_update(&st, vec[i].base, vec[i].len);
	sha256_final(&st, inner);
	st = h->outer;
	sha256_update(&st, inner, sizeof(inner));
	sha256_final(&st, out);
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(&st, sizeof(st));
}

void tcpcrypt_hmac_clear(struct tcpcrypt_hmac_ctx *ctx)
{
	memzero_explicit(ctx, sizeof(*ctx));
}

int tcpcrypt_aes128_setkey(struct tcpcrypt_aes_ctx *ctx, const u8 key[16])
{
	return aes_expandkey((struct crypto_aes_ctx *)ctx, key, AES_KEYSIZE_128);
}

void tcpcrypt_aes128_encrypt(const struct tcpcrypt_aes_ctx *ctx, u8 *dst,
			     const u8 *src, size_t nblocks)
{
	const struct crypto_aes_ctx *a = (const struct crypto_aes_ctx *)ctx;

	while (nblocks--) {
		aes_encrypt(a, dst, src);
		dst += AES_BLOCK_SIZE;
		src += AES_BLOCK_SIZE;
	}
}

void tcpcrypt_aes128_clear(struct tcpcrypt_aes_ctx *ctx)
{
	memzero_explicit(ctx, sizeof(*ctx));
}

void tcpcrypt_chacha20_xor(const u8 key[32], const u8 iv[16], u8 *buf,
			   size_t len)
{
	u32 state[CHACHA_STATE_WORDS] __aligned(16);
	u32 k[(CHACHA_KEY_SIZE / 4)];
	unsigned int i;

	for (i = 0; i < (CHACHA_KEY_SIZE / 4); i++)
		k[i] = get_unaligned_le32(key + 4 * i);
	chacha_init(state, k, iv);
	/* Segments are far below 4 GiB; the loop only guards the type. */
	while (len) {
		unsigned int n = min_t(size_t, len, SZ_1G);

		chacha20_crypt(state, buf, buf, n);
		buf += n;
		len -= n;
	}
	memzero_explicit(state, sizeof(state));
	memzero_explicit(k, sizeof(k));
}

void tcpcrypt_random(void *buf, size_t len)
{
	get_random_bytes(buf, len);
}

int tcpcrypt_x25519_keygen(u8 priv[TCPCRYPT_X25519_LEN],
			   u8 pub[TCPCRYPT_X25519_LEN])
{
	/* get_random_bytes, not _wait: callers may be in softirq. */
	get_random_bytes(priv, CURVE25519_KEY_SIZE);
	curve25519_clamp_secret(priv);
	return curve25519_generate_public(pub, priv) ? 0 : -EINVAL;
}

int tcpcrypt_x25519(u8 out[TCPCRYPT_X25519_LEN],
		    const u8 priv[TCPCRYPT_X25519_LEN],
		    const u8 peer[TCPCRYPT_X25519_LEN])
{
	/* false means an all-zero result: a small-order peer point. */
	return curve25519(out, priv, peer) ? 0 : -EINVAL;
}

/*
 * One kpp operation with the given private key. The transform is
 * allocated per call: P-256 runs once per handshake, from process
 * context, and a private tfm needs no locking around set_secret.
 */
static int tcpcrypt_p256_op(const u8 *priv, const u8 *peer_xy, u8 *out,
			    unsigned int outlen)
{
	struct ecdh params = {
		.key = (char *)priv,
		.key_size = TCPCRYPT_P256_PRIV_LEN,
	};
	struct scatterlist src, dst;
	struct crypto_kpp *tfm;
	struct kpp_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	unsigned int seclen;
	u8 *buf;
	int ret;

	tfm = crypto_alloc_kpp(TCPCRYPT_P256_ALG, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	seclen = crypto_ecdh_key_len(&params);
	/* Layout: encoded secret | peer X||Y | output (sg needs heap memory) */
	buf = kzalloc(seclen + 64 + 64, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out_tfm;
	}
	ret = crypto_ecdh_encode_key(buf, seclen, &params);
	if (ret)
		goto out_buf;
	ret = crypto_kpp_set_secret(tfm, buf, seclen);
	if (ret)
		goto out_buf;

	req = kpp_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		ret = -ENOMEM;
		goto out_buf;
	}
	kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG |
				 CRYPTO_TFM_REQ_MAY_SLEEP, crypto_req_done,
				 &wait);
	sg_init_one(&dst, buf + seclen + 64, outlen);
	if (peer_xy) {
		memcpy(buf + seclen, peer_xy, 64);
		sg_init_one(&src, buf + seclen, 64);
		kpp_request_set_input(req, &src, 64);
		kpp_request_set_output(req, &dst, outlen);
		ret = crypto_wait_req(crypto_kpp_compute_shared_secret(req),
				      &wait);
	} else {
		kpp_request_set_input(req, NULL, 0);
		kpp_request_set_output(req, &dst, outlen);
		ret = crypto_wait_req(crypto_kpp_generate_public_key(req),
				      &wait);
	}
	if (!ret)
		memcpy(out, buf + seclen + 64, outlen);
	kpp_request_free(req);
out_buf:
	kfree_sensitive(buf);
out_tfm:
	crypto_free_kpp(tfm);
	return ret;
}

int tcpcrypt_p256_keygen(u8 priv[TCPCRYPT_P256_PRIV_LEN],
			 u8 pub[TCPCRYPT_P256_PUB_LEN])
{
	int tries, ret = -EINVAL;

	/*
	 * Our own random scalar, so that the key can live in the
	 * connection state; ecdh refuses 0 and values >= n (odds 2^-32).
	 */
	for (tries = 0; tries < 4 && ret == -EINVAL; tries++) {
		get_random_bytes(priv, TCPCRYPT_P256_PRIV_LEN);
		ret = tcpcrypt_p256_op(priv, NULL, pub + 1, 64);
	}
	if (ret) {
		memzero_explicit(priv, TCPCRYPT_P256_PRIV_LEN);
		return ret;
	}
	pub[0] = 0x04;
	return 0;
}

int tcpcrypt_p256_ecdh(u8 out[TCPCRYPT_P256_SS_LEN],
		       const u8 priv[TCPCRYPT_P256_PRIV_LEN],
		       const u8 peer[TCPCRYPT_P256_PUB_LEN])
{
	if (peer[0] != 0x04)
		return -EINVAL;
	/* The ecdh transform checks that the peer point is on the curve. */
	return tcpcrypt_p256_op(priv, peer + 1, out, TCPCRYPT_P256_SS_LEN);
}

int tcpcrypt_crypto_init(void)
{
	struct crypto_kpp *tfm;

	/* Load ecdh_generic now rather than in the first handshake. */
	tfm = crypto_alloc_kpp(TCPCRYPT_P256_ALG, 0, 0);
	if (IS_ERR(tfm)) {
		pr_err("tcpcrypt: no %s transform (%ld)\n", TCPCRYPT_P256_ALG,
		       PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	crypto_free_kpp(tfm);
	return 0;
}

void tcpcrypt_crypto_exit(void)
{
}
