// SPDX-License-Identifier: GPL-2.0
/*
 * proto/crypto.h on the kernel: SHA-256 and AES from lib/crypto (built
 * in: synchronous, no allocation, softirq-safe), ChaCha20 and X25519 in
 * crypto_sync.c, P-256 through the kpp "ecdh-nist-p256" transform, which
 * allocates with GFP_KERNEL and may sleep: P-256 callers must be in
 * process context (the engine uses its handshake workqueue).
 *
 * OAEP-RSA-3 takes SHA-1 from a "sha1" shash allocated at load (shash is
 * synchronous and fine in softirq) and raw RSA from the "rsa" akcipher,
 * whose MPI code allocates with GFP_KERNEL: both RSA directions sleep and
 * run in the workqueue as P-256 does.
 */
#include <linux/error-injection.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/scatterlist.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/llist.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <linux/mpi.h>
#include <linux/mutex.h>
#include <crypto/sha2.h>
#include <crypto/aes.h>
#include <crypto/kpp.h>
#include <crypto/hash.h>
#include <crypto/akcipher.h>

#include "tcpcrypt.h"
#include "crypto_kernel.h"
#include "proto/crypto.h"
#include "proto/poly1305.h"

#define TCPCRYPT_P256_ALG	"ecdh-nist-p256"
#define TCPCRYPT_ECDH_MODALIAS	"ecdh"
#define TCPCRYPT_SHA1_ALG	"sha1"
#define TCPCRYPT_RSA_ALG	"rsa"

/* The one public exponent OAEP-RSA-3 knows. */
static const u8 tcpcrypt_rsa_e[] = { 3 };

/* Unkeyed, so one transform serves every caller at once. */
static struct crypto_shash *tcpcrypt_sha1_tfm __read_mostly;

/*
 * HMAC-SHA256 key state: the chaining values after absorbing the one
 * block of key ^ ipad and of key ^ opad. Nothing else of a sha256_state
 * differs between keys (64 bytes counted, an empty buffer).
 */
struct tcpcrypt_khmac {
	u32 inner[SHA256_DIGEST_SIZE / 4];
	u32 outer[SHA256_DIGEST_SIZE / 4];
};

/* AES-128 encryption round keys only: nothing here decrypts. */
#define TCPCRYPT_AES128_RK_WORDS	(4 * 11)

static_assert(sizeof(struct tcpcrypt_khmac) <= sizeof(struct tcpcrypt_hmac_ctx));
static_assert(TCPCRYPT_AES128_RK_WORDS * sizeof(u32) <= sizeof(struct tcpcrypt_aes_ctx));
static_assert(TCPCRYPT_AES128_RK_WORDS <= ARRAY_SIZE(((struct crypto_aes_ctx *)0)->key_enc));

void tcpcrypt_sha256(const u8 *data, size_t len, u8 out[TCPCRYPT_SHA256_LEN])
{
	sha256(data, len, out);
}

/* The chaining value after one whole block of key ^ pad. */
static void tcpcrypt_hmac_pad_state(u32 out[SHA256_DIGEST_SIZE / 4],
				    const u8 pad[SHA256_BLOCK_SIZE])
{
	struct sha256_state st;

	sha256_init(&st);
	sha256_update(&st, pad, SHA256_BLOCK_SIZE);
	memcpy(out, st.state, sizeof(st.state));
	memzero_explicit(&st, sizeof(st));
}

/* A SHA-256 state resumed from a pad block's chaining value. */
static void tcpcrypt_hmac_resume(struct sha256_state *st,
				 const u32 cv[SHA256_DIGEST_SIZE / 4])
{
	memcpy(st->state, cv, sizeof(st->state));
	st->count = SHA256_BLOCK_SIZE;
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
	tcpcrypt_hmac_pad_state(h->inner, pad);

	for (i = 0; i < sizeof(pad); i++)
		pad[i] ^= 0x36 ^ 0x5c;
	tcpcrypt_hmac_pad_state(h->outer, pad);

	memzero_explicit(pad, sizeof(pad));
	return 0;
}
ALLOW_ERROR_INJECTION(tcpcrypt_hmac_setkey, ERRNO);

void tcpcrypt_hmac_vec(const struct tcpcrypt_hmac_ctx *ctx,
		       const struct tcpcrypt_kvec *vec, unsigned int nvec,
		       u8 out[TCPCRYPT_SHA256_LEN])
{
	const struct tcpcrypt_khmac *h = (const struct tcpcrypt_khmac *)ctx;
	struct sha256_state st;
	u8 inner[SHA256_DIGEST_SIZE];
	unsigned int i;

	/* Work on a copy so that one key serves concurrent callers. */
	tcpcrypt_hmac_resume(&st, h->inner);
	for (i = 0; i < nvec; i++)
		sha256_update(&st, vec[i].base, vec[i].len);
	sha256_final(&st, inner);
	tcpcrypt_hmac_resume(&st, h->outer);
	sha256_update(&st, inner, sizeof(inner));
	sha256_final(&st, out);
	memzero_explicit(inner, sizeof(inner));
	memzero_explicit(&st, sizeof(st));
}

void tcpcrypt_hmac_clear(struct tcpcrypt_hmac_ctx *ctx)
{
	memzero_explicit(ctx, sizeof(*ctx));
}

static u32 tcpcrypt_aes_subword(u32 w)
{
	return crypto_aes_sbox[w & 0xff] |
	       crypto_aes_sbox[(w >> 8) & 0xff] << 8 |
	       crypto_aes_sbox[(w >> 16) & 0xff] << 16 |
	       (u32)crypto_aes_sbox[w >> 24] << 24;
}

/*
 * The AES-128 encryption round keys (FIPS-197, 5.2) in the form
 * aes_encrypt() reads: little-endian words, so RotWord is a right
 * rotation by 8 and Rcon goes into the low byte. aes_expandkey() would
 * also derive the decryption schedule, which nothing here uses.
 */
static void tcpcrypt_aes128_expand(u32 rk[TCPCRYPT_AES128_RK_WORDS],
				   const u8 key[16])
{
	u8 rcon = 1;
	int i;

	for (i = 0; i < 4; i++)
		rk[i] = get_unaligned_le32(key + 4 * i);
	for (i = 4; i < TCPCRYPT_AES128_RK_WORDS; i++) {
		u32 t = rk[i - 1];

		if (i % 4 == 0) {
			t = tcpcrypt_aes_subword(ror32(t, 8)) ^ rcon;
			rcon = (rcon << 1) ^ ((rcon >> 7) * 0x1b);
		}
		rk[i] = rk[i - 4] ^ t;
	}
}

int tcpcrypt_aes128_setkey(struct tcpcrypt_aes_ctx *ctx, const u8 key[16])
{
	tcpcrypt_aes128_expand((u32 *)ctx, key);
	return 0;
}

/* ECB over whole blocks, then the stack copy of the round keys goes. */
static void tcpcrypt_aes128_blocks(struct crypto_aes_ctx *a, u8 *dst,
				   const u8 *src, size_t nblocks)
{
	/* aes_encrypt() reads only key_enc and key_length. */
	a->key_length = AES_KEYSIZE_128;
	while (nblocks--) {
		aes_encrypt(a, dst, src);
		dst += AES_BLOCK_SIZE;
		src += AES_BLOCK_SIZE;
	}
	memzero_explicit(a->key_enc, TCPCRYPT_AES128_RK_WORDS * sizeof(u32));
}

void tcpcrypt_aes128_encrypt(const struct tcpcrypt_aes_ctx *ctx, u8 *dst,
			     const u8 *src, size_t nblocks)
{
	struct crypto_aes_ctx a;

	memcpy(a.key_enc, ctx, TCPCRYPT_AES128_RK_WORDS * sizeof(u32));
	tcpcrypt_aes128_blocks(&a, dst, src, nblocks);
}

void tcpcrypt_aes128_encrypt_raw(const u8 key[16], u8 *dst, const u8 *src,
				 size_t nblocks)
{
	struct crypto_aes_ctx a;

	tcpcrypt_aes128_expand(a.key_enc, key);
	tcpcrypt_aes128_blocks(&a, dst, src, nblocks);
}

void tcpcrypt_aes128_clear(struct tcpcrypt_aes_ctx *ctx)
{
	memzero_explicit(ctx, sizeof(*ctx));
}

/*
 * The portable hash (proto/poly1305.c). lib/crypto's poly1305 would be
 * faster but lives in modules that a plain insmod does not load, and
 * the crypto API's "poly1305" shash needs a per-CPU transform, as
 * crypto_sync.c keeps for ChaCha20. Either gives the bare hash when fed
 * the key r || 0^16 (s = 0): see docs/PROTOCOL.md 4.5.
 */
void tcpcrypt_poly1305_vec(const u8 r[16], const struct tcpcrypt_kvec *vec,
			   unsigned int nvec, u8 out[16])
{
	tcpcrypt_poly1305_generic_vec(r, vec, nvec, out);
}

void tcpcrypt_random(void *buf, size_t len)
{
	get_random_bytes(buf, len);
}

/*
 * The secret that ecdh's set_secret parses: a struct kpp_secret header,
 * the key size, the key. Encoded here, not by crypto_ecdh_encode_key():
 * that lives in the ecdh module, and a symbol of ours there would make a
 * plain insmod fail until something else had loaded it.
 */
#define TCPCRYPT_ECDH_SECRET_LEN \
	(sizeof(struct kpp_secret) + sizeof(unsigned short) + TCPCRYPT_P256_PRIV_LEN)

static void tcpcrypt_ecdh_encode(u8 *buf, const u8 *priv)
{
	struct kpp_secret secret = {
		.type = CRYPTO_KPP_SECRET_TYPE_ECDH,
		.len = TCPCRYPT_ECDH_SECRET_LEN,
	};
	unsigned short key_size = TCPCRYPT_P256_PRIV_LEN;

	memcpy(buf, &secret, sizeof(secret));
	memcpy(buf + sizeof(secret), &key_size, sizeof(key_size));
	memcpy(buf + sizeof(secret) + sizeof(key_size), priv, key_size);
}

/*
 * One kpp operation with the given private key. The transform is
 * allocated per call: P-256 runs once per handshake, from process
 * context, and a private tfm needs no locking around set_secret.
 */
static int tcpcrypt_p256_op(const u8 *priv, const u8 *peer_xy, u8 *out,
			    unsigned int outlen)
{
	const unsigned int seclen = TCPCRYPT_ECDH_SECRET_LEN;
	struct scatterlist src, dst;
	struct crypto_kpp *tfm;
	struct kpp_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	u8 *buf;
	int ret;

	tfm = crypto_alloc_kpp(TCPCRYPT_P256_ALG, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	/* Layout: encoded secret | peer X||Y | output (sg needs heap memory) */
	buf = kzalloc(seclen + 64 + 64, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out_tfm;
	}
	tcpcrypt_ecdh_encode(buf, priv);
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

int tcpcrypt_sha1_vec(const struct tcpcrypt_kvec *vec, unsigned int nvec,
		      u8 out[TCPCRYPT_SHA1_LEN])
{
	SHASH_DESC_ON_STACK(desc, tcpcrypt_sha1_tfm);
	unsigned int i;
	int ret;

	desc->tfm = tcpcrypt_sha1_tfm;
	ret = crypto_shash_init(desc);
	for (i = 0; !ret && i < nvec; i++)
		ret = crypto_shash_update(desc, vec[i].base, vec[i].len);
	if (!ret)
		ret = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/*
 * Blinding for one key (see tcpcrypt_rsa_private): vi = r^3 and vf = r^-1
 * mod n. As RSA libraries have long done, each use squares the pair, which
 * stays matched ((r^2)^3, (r^2)^-1), and a fresh r comes every
 * TCPCRYPT_RSA_BLIND_USES decryptions (crypto_kernel.h). The inverse of a
 * 4096-bit number costs more than a decryption (over a second in a KASAN
 * guest, longer than a v0.2 server waits for its INIT2 to be acknowledged),
 * so the fresh pair is made by a work item, off every handshake's path;
 * until it is there the old chain goes on.
 */
struct tcpcrypt_rsa_blind {
	struct mutex lock;	/* decryptions run concurrently */
	MPI vi, vf;
	unsigned int uses;	/* since the last fresh r */
	bool refreshing;
	bool broken;		/* squaring failed: unusable until refreshed */
	struct work_struct refresh;
	struct tcpcrypt_rsa_priv *key;
};

/*
 * The kernel's object behind tcpcrypt_pk_state.key for OAEP-RSA-3: an
 * akcipher holding the private key, and the modulus for INIT1. The key's
 * numbers never change after tcpcrypt_rsa_priv_new, so concurrent
 * decryptions share the transform without a lock; only the blinding
 * pair, behind its own lock, changes with use.
 */
struct tcpcrypt_rsa_priv {
	refcount_t ref;
	struct rcu_head rcu;
	struct llist_node dead;
	struct crypto_akcipher *tfm;
	MPI n_mpi, e_mpi;
	struct tcpcrypt_rsa_blind *blind;
	unsigned int n_len;
	u8 n[TCPCRYPT_RSA_MAX_LEN];
};

static void tcpcrypt_rsa_priv_free(struct tcpcrypt_rsa_priv *k)
{
	/* The MPI code wipes the numbers as it frees them. */
	crypto_free_akcipher(k->tfm);
	mpi_free(k->n_mpi);
	mpi_free(k->e_mpi);
	if (k->blind) {
		/* No refresh is pending: it holds a reference. */
		mpi_free(k->blind->vi);
		mpi_free(k->blind->vf);
		mutex_destroy(&k->blind->lock);
		kfree(k->blind);
	}
}

/*
 * The last reference may go in softirq (a connection freed by RCU), but
 * freeing a transform is not promised to be atomic-safe for every
 * driver: dead keys wait for a work item, which tcpcrypt_crypto_exit
 * flushes after the module's last RCU callback has run.
 */
static LLIST_HEAD(tcpcrypt_rsa_dead);

static void tcpcrypt_rsa_reap(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&tcpcrypt_rsa_dead);
	struct tcpcrypt_rsa_priv *k, *tmp;

	llist_for_each_entry_safe(k, tmp, list, dead) {
		tcpcrypt_rsa_priv_free(k);
		/* A reader under RCU may still look at the refcount. */
		kfree_rcu(k, rcu);
	}
}

static DECLARE_WORK(tcpcrypt_rsa_reap_work, tcpcrypt_rsa_reap);

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
static unsigned int tcpcrypt_ber_len(u8 *p, unsigned int len)
{
	if (len < 0x80) {
		p[0] = len;
		return 1;
	}
	if (len < 0x100) {
		p[0] = 0x81;
		p[1] = len;
		return 2;
	}
	p[0] = 0x82;
	put_unaligned_be16(len, p + 1);
	return 3;
}

static unsigned int tcpcrypt_rsa_pub_ber(u8 *ber, const u8 *n,
					 unsigned int n_len)
{
	/* A sign byte keeps the top bit of n from making it negative. */
	unsigned int sign = n[0] & 0x80 ? 1 : 0, ilen = n_len + sign;
	u8 ihdr[4];
	unsigned int ihlen, off;

	ihdr[0] = 0x02;
	ihlen = 1 + tcpcrypt_ber_len(ihdr + 1, ilen);
	ber[0] = 0x30;
	off = 1 + tcpcrypt_ber_len(ber + 1, ihlen + ilen + 3);
	memcpy(ber + off, ihdr, ihlen);
	off += ihlen;
	if (sign)
		ber[off++] = 0x00;
	memcpy(ber + off, n, n_len);
	off += n_len;
	ber[off++] = 0x02;	/* INTEGER 3 */
	ber[off++] = sizeof(tcpcrypt_rsa_e);
	ber[off++] = tcpcrypt_rsa_e[0];
	return off;
}

/* One raw RSA operation of len bytes on tfm; in and out may alias. */
static int tcpcrypt_rsa_run(struct crypto_akcipher *tfm, bool encrypt,
			    const u8 *in, u8 *out, unsigned int len)
{
	struct scatterlist src, dst;
	struct akcipher_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	unsigned int pad;
	u8 *buf;
	int ret;

	/* Scatterlists need linearly mapped memory, not a vmapped stack. */
	buf = kmalloc(2 * len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	req = akcipher_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(buf, in, len);
	sg_init_one(&src, buf, len);
	sg_init_one(&dst, buf + len, len);
	akcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG |
				      CRYPTO_TFM_REQ_MAY_SLEEP, crypto_req_done,
				      &wait);
	akcipher_request_set_crypt(req, &src, &dst, len, len);
	/* A hardware "rsa" may complete later: wait for it either way. */
	ret = crypto_wait_req(encrypt ? crypto_akcipher_encrypt(req) :
			      crypto_akcipher_decrypt(req), &wait);
	if (!ret && req->dst_len > len)
		ret = -EOVERFLOW;
	if (!ret) {
		/* rsa-generic pads to len; other drivers may drop zeros. */
		pad = len - req->dst_len;
		memmove(out + pad, buf + len, req->dst_len);
		memset(out, 0, pad);
	}
	akcipher_request_free(req);
out:
	kfree_sensitive(buf);
	return ret;
}

int tcpcrypt_rsa_public(const u8 *n, size_t n_len, const u8 *in, u8 *out)
{
	struct crypto_akcipher *tfm;
	unsigned int blen;
	u8 *ber;
	int ret;

	might_sleep();
	if (!n_len || n_len > TCPCRYPT_RSA_MAX_LEN || !n[0])
		return -EINVAL;
	/*
	 * A transform per call: each peer brings its own modulus, the
	 * operation is rare (one per server handshake) and set_pub_key would
	 * otherwise need a lock around a shared transform.
	 */
	tfm = crypto_alloc_akcipher(TCPCRYPT_RSA_ALG, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ber = kmalloc(n_len + 16, GFP_KERNEL);
	if (!ber) {
		ret = -ENOMEM;
		goto out;
	}
	blen = tcpcrypt_rsa_pub_ber(ber, n, n_len);
	/* The kernel takes 2048-, 3072- and 4096-bit keys, -EINVAL others. */
	ret = crypto_akcipher_set_pub_key(tfm, ber, blen);
	if (!ret)
		ret = tcpcrypt_rsa_run(tfm, true, in, out, n_len);
	kfree(ber);
out:
	crypto_free_akcipher(tfm);
	return ret;
}

/* a as exactly len big-endian bytes. */
static int tcpcrypt_mpi_to_be(MPI a, u8 *out, unsigned int len)
{
	unsigned int nbytes;
	int ret;

	ret = mpi_read_buffer(a, out, len, &nbytes, NULL);
	if (ret)
		return ret;
	memmove(out + len - nbytes, out, nbytes);
	memset(out, 0, len - nbytes);
	return 0;
}

/*
 * For tcpcrypt_mpi_invm: while u is even, u /= 2 and c = c / 2 mod n (n
 * odd: c + n is even when c is not).
 */
static int tcpcrypt_mpi_halve(MPI u, MPI c, MPI n)
{
	while (mpi_cmp_ui(u, 0) && !mpi_test_bit(u, 0)) {
		if (tcpcrypt_mpi(mpi_rshift(u, u, 1)))
			return -ENOMEM;
		if (mpi_test_bit(c, 0) && tcpcrypt_mpi(mpi_add(c, c, n)))
			return -ENOMEM;
		if (tcpcrypt_mpi(mpi_rshift(c, c, 1)))
			return -ENOMEM;
	}
	return 0;
}

/* u -= v and c = c - d mod n, all of them below n. */
static int tcpcrypt_mpi_subm(MPI u, MPI v, MPI c, MPI d, MPI n)
{
	if (tcpcrypt_mpi(mpi_sub(u, u, v)))
		return -ENOMEM;
	if (mpi_cmp(c, d) < 0 && tcpcrypt_mpi(mpi_add(c, c, n)))
		return -ENOMEM;
	return tcpcrypt_mpi(mpi_sub(c, c, d));
}

/*
 * x = a^-1 mod n, for an odd n and 0 < a < n: the binary extended
 * Euclidean algorithm, with only the MPI operations every kernel from 6.1
 * on has. -EINVAL when a shares a factor with n. Not constant time, as
 * mpi_invm was not: it runs on a fresh random r, in the refresh work.
 */
static int tcpcrypt_mpi_invm(MPI x, MPI a, MPI n)
{
	static const u8 one = 1;
	MPI u = mpi_alloc(0), v = mpi_alloc(0), x1 = mpi_read_raw_data(&one, 1),
	    x2 = mpi_alloc(0);
	int ret = -ENOMEM;

	if (!u || !v || !x1 || !x2 || tcpcrypt_mpi_set(u, a) ||
	    tcpcrypt_mpi_set(v, n))
		goto out;
	/* Invariants: x1 * a = u and x2 * a = v (mod n). */
	ret = -EINVAL;
	while (mpi_cmp_ui(u, 1) && mpi_cmp_ui(v, 1)) {
		if (!mpi_cmp_ui(u, 0) || !mpi_cmp_ui(v, 0))
			goto out;
		ret = tcpcrypt_mpi_halve(u, x1, n) ?: tcpcrypt_mpi_halve(v, x2, n);
		if (ret)
			goto out;
		ret = -EINVAL;
		if (!mpi_cmp_ui(u, 1) || !mpi_cmp_ui(v, 1))
			break;
		if (mpi_cmp(u, v) >= 0)
			ret = tcpcrypt_mpi_subm(u, v, x1, x2, n);
		else
			ret = tcpcrypt_mpi_subm(v, u, x2, x1, n);
		if (ret)
			goto out;
		ret = -EINVAL;
	}
	ret = tcpcrypt_mpi_set(x, mpi_cmp_ui(u, 1) ? x2 : x1);
out:
	mpi_free(u);
	mpi_free(v);
	mpi_free(x1);
	mpi_free(x2);
	return ret;
}

/* A fresh blinding pair into vi, vf. buf: n_len bytes of scratch. */
static int tcpcrypt_rsa_blind_pair(const struct tcpcrypt_rsa_priv *k, MPI vi,
				   MPI vf, u8 *buf)
{
	MPI r = NULL, t = mpi_alloc(0);
	int ret = -ENOMEM, tries;

	if (!t)
		return ret;
	/*
	 * r below n (its top byte is 0, n's is not) and invertible. mpi_invm
	 * does not tell when it is not, so check r * r^-1 = 1; failing that
	 * would mean r shares a factor with n, which does not happen.
	 */
	for (tries = 0; tries < 3; tries++) {
		mpi_free(r);
		get_random_bytes(buf, k->n_len);
		buf[0] = 0;
		r = mpi_read_raw_data(buf, k->n_len);
		if (!r)
			goto out;
		if (tcpcrypt_mpi_invm(vf, r, k->n_mpi))
			continue;
		if (tcpcrypt_mpi(mpi_mulm(t, r, vf, k->n_mpi)))
			continue;
		if (!mpi_cmp_ui(t, 1))
			break;
	}
	ret = -EINVAL;
	if (tries < 3)
		ret = mpi_powm(vi, r, k->e_mpi, k->n_mpi);
out:
	mpi_free(r);
	mpi_free(t);
	memzero_explicit(buf, k->n_len);
	return ret;
}

static void tcpcrypt_rsa_blind_work(struct work_struct *work)
{
	struct tcpcrypt_rsa_blind *b = container_of(work, struct tcpcrypt_rsa_blind,
						    refresh);
	struct tcpcrypt_rsa_priv *k = b->key;
	MPI vi = mpi_alloc(0), vf = mpi_alloc(0);
	u8 *buf = kmalloc(k->n_len, GFP_KERNEL);
	bool fresh;

	fresh = vi && vf && buf && !tcpcrypt_rsa_blind_pair(k, vi, vf, buf);
	mutex_lock(&b->lock);
	if (fresh) {
		swap(b->vi, vi);
		swap(b->vf, vf);
		b->uses = 0;
		b->broken = false;
	}
	/* On failure the next decryption asks again. */
	b->refreshing = false;
	mutex_unlock(&b->lock);
	mpi_free(vi);
	mpi_free(vf);
	kfree(buf);
	tcpcrypt_rsa_priv_put(k);
}

/* Copy the current pair to vi and vf, and move on to the next one. */
static int tcpcrypt_rsa_blind_take(const struct tcpcrypt_rsa_priv *k, MPI vi,
				   MPI vf)
{
	struct tcpcrypt_rsa_blind *b = k->blind;
	int ret;

	mutex_lock(&b->lock);
	ret = b->broken ? -ENOMEM : tcpcrypt_mpi_set(vi, b->vi) ?: tcpcrypt_mpi_set(vf, b->vf);
	if (!ret && (tcpcrypt_mpi(mpi_mulm(b->vi, b->vi, b->vi, k->n_mpi)) ||
		     tcpcrypt_mpi(mpi_mulm(b->vf, b->vf, b->vf, k->n_mpi)))) {
		/* Only on kernels whose MPI code reports allocation failures. */
		b->broken = true;
		b->uses = TCPCRYPT_RSA_BLIND_USES;
	}
	/*
	 * The handshake workqueue, which module exit drains before the
	 * crypto backend goes; the work holds a reference to the key.
	 */
	if (++b->uses >= TCPCRYPT_RSA_BLIND_USES && !b->refreshing &&
	    tcpcrypt_rsa_priv_tryget(b->key)) {
		b->refreshing = true;
		queue_work(tcpcrypt_wq, &b->refresh);
	}
	mutex_unlock(&b->lock);
	return ret;
}

/*
 * RSADP with blinding. 6.1's rsa-generic computes c^d with mpi_powm,
 * whose time depends on its operands, and our key is long-lived and
 * decrypts whatever any server sends: remote timing attacks on RSA have
 * worked against less. So the transform never sees c itself: it
 * decrypts c * r^3, and its answer m * r is multiplied by r^-1.
 */
int tcpcrypt_rsa_private(const void *key, const u8 *in, u8 *out)
{
	const struct tcpcrypt_rsa_priv *k = key;
	const unsigned int len = k->n_len;
	MPI c, vi, vf, x, y;
	int ret = -ENOMEM;
	u8 *buf;

	might_sleep();
	buf = kmalloc(len, GFP_KERNEL);
	vi = mpi_alloc(0);
	vf = mpi_alloc(0);
	y = mpi_alloc(0);
	x = NULL;
	c = mpi_read_raw_data(in, len);
	if (!buf || !vi || !vf || !y || !c)
		goto out;
	ret = -EINVAL;
	if (mpi_cmp(c, k->n_mpi) >= 0)
		goto out;
	ret = tcpcrypt_rsa_blind_take(k, vi, vf) ?:
	      tcpcrypt_mpi(mpi_mulm(y, vi, c, k->n_mpi));	/* c * r^3 */
	if (!ret)
		ret = tcpcrypt_mpi_to_be(y, buf, len);
	if (!ret)
		ret = tcpcrypt_rsa_run(k->tfm, false, buf, buf, len);
	if (ret)
		goto out;
	x = mpi_read_raw_data(buf, len);		/* m * r */
	if (!x) {
		ret = -ENOMEM;
		goto out;
	}
	ret = tcpcrypt_mpi(mpi_mulm(y, x, vf, k->n_mpi)) ?:
	      tcpcrypt_mpi_to_be(y, out, len);
out:
	mpi_free(c);
	mpi_free(vi);
	mpi_free(vf);
	mpi_free(x);
	mpi_free(y);
	kfree_sensitive(buf);
	return ret;
}

const u8 *tcpcrypt_rsa_modulus(const void *key, size_t *n_len)
{
	const struct tcpcrypt_rsa_priv *k = key;

	*n_len = k->n_len;
	return k->n;
}

struct tcpcrypt_rsa_priv *tcpcrypt_rsa_priv_new(const u8 *der, size_t der_len,
						const u8 *n, size_t n_len)
{
	struct tcpcrypt_rsa_priv *k;
	u8 *scratch = NULL;
	int ret;

	might_sleep();
	if (!n_len || n_len > TCPCRYPT_RSA_MAX_LEN || !n[0] ||
	    der_len > UINT_MAX)
		return ERR_PTR(-EINVAL);
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->tfm = crypto_alloc_akcipher(TCPCRYPT_RSA_ALG, 0, 0);
	if (IS_ERR(k->tfm)) {
		ret = PTR_ERR(k->tfm);
		goto err;
	}
	/* The transform copies the numbers out of the DER. */
	ret = crypto_akcipher_set_priv_key(k->tfm, der, der_len);
	if (!ret && crypto_akcipher_maxsize(k->tfm) != n_len)
		ret = -EINVAL;
	if (ret)
		goto err_tfm;
	ret = -ENOMEM;
	k->blind = kzalloc(sizeof(*k->blind), GFP_KERNEL);
	if (!k->blind)
		goto err_tfm;
	mutex_init(&k->blind->lock);
	INIT_WORK(&k->blind->refresh, tcpcrypt_rsa_blind_work);
	k->blind->key = k;
	k->blind->vi = mpi_alloc(0);
	k->blind->vf = mpi_alloc(0);
	k->n_mpi = mpi_read_raw_data(n, n_len);
	k->e_mpi = mpi_read_raw_data(tcpcrypt_rsa_e, sizeof(tcpcrypt_rsa_e));
	scratch = kmalloc(n_len, GFP_KERNEL);
	if (!k->blind->vi || !k->blind->vf || !k->n_mpi || !k->e_mpi ||
	    !scratch)
		goto err_tfm;
	memcpy(k->n, n, n_len);
	k->n_len = n_len;
	/* The first pair now, while loading may take its time. */
	ret = tcpcrypt_rsa_blind_pair(k, k->blind->vi, k->blind->vf, scratch);
	if (ret)
		goto err_tfm;
	kfree(scratch);
	refcount_set(&k->ref, 1);
	return k;

err_tfm:
	kfree(scratch);
	tcpcrypt_rsa_priv_free(k);
err:
	kfree(k);
	return ERR_PTR(ret);
}

bool tcpcrypt_rsa_priv_tryget(struct tcpcrypt_rsa_priv *k)
{
	return refcount_inc_not_zero(&k->ref);
}

void tcpcrypt_rsa_priv_put(struct tcpcrypt_rsa_priv *k)
{
	if (!k || !refcount_dec_and_test(&k->ref))
		return;
	llist_add(&k->dead, &tcpcrypt_rsa_dead);
	schedule_work(&tcpcrypt_rsa_reap_work);
}

int tcpcrypt_crypto_init(void)
{
	struct crypto_akcipher *rsa;
	struct crypto_kpp *tfm;
	int err;

	/* Loads the chacha20 and curve25519 drivers, as insmod does not. */
	err = tcpcrypt_crypto_sync_init();
	if (err)
		return err;

	/*
	 * Load ecdh_generic now rather than in the first handshake. Its
	 * only alias is "crypto-ecdh", not the name of the curve: when the
	 * curve is unknown, ask for the module by that alias and try again.
	 */
	tfm = crypto_alloc_kpp(TCPCRYPT_P256_ALG, 0, 0);
	if (PTR_ERR_OR_ZERO(tfm) == -ENOENT &&
	    !request_module("crypto-" TCPCRYPT_ECDH_MODALIAS))
		tfm = crypto_alloc_kpp(TCPCRYPT_P256_ALG, 0, 0);
	if (IS_ERR(tfm)) {
		err = PTR_ERR(tfm);
		pr_err("no %s transform (%d)\n", TCPCRYPT_P256_ALG, err);
		goto fail;
	}
	crypto_free_kpp(tfm);

	/* The same for rsa, which also tells that RSA is there at all. */
	rsa = crypto_alloc_akcipher(TCPCRYPT_RSA_ALG, 0, 0);
	if (IS_ERR(rsa)) {
		err = PTR_ERR(rsa);
		pr_err("no %s transform (%d)\n", TCPCRYPT_RSA_ALG, err);
		goto fail;
	}
	crypto_free_akcipher(rsa);

	tcpcrypt_sha1_tfm = crypto_alloc_shash(TCPCRYPT_SHA1_ALG, 0, 0);
	if (IS_ERR(tcpcrypt_sha1_tfm)) {
		err = PTR_ERR(tcpcrypt_sha1_tfm);
		pr_err("no %s transform (%d)\n", TCPCRYPT_SHA1_ALG, err);
		tcpcrypt_sha1_tfm = NULL;
		goto fail;
	}
	return 0;
fail:
	tcpcrypt_crypto_sync_exit();
	return err;
}

void tcpcrypt_crypto_exit(void)
{
	/* Module exit: every key's last reference went before this. */
	flush_work(&tcpcrypt_rsa_reap_work);
	crypto_free_shash(tcpcrypt_sha1_tfm);
	tcpcrypt_sha1_tfm = NULL;
	tcpcrypt_crypto_sync_exit();
}
