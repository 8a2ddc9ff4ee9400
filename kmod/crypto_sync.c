// SPDX-License-Identifier: GPL-2.0
/*
 * ChaCha20 and X25519 of proto/crypto.h through the crypto API, so that
 * the module links against nothing modular: lib/crypto's chacha and
 * curve25519 live in modules that a plain insmod does not load, whereas
 * crypto_alloc_*() loads the best driver by its algorithm name.
 *
 * Each CPU owns one synchronous transform of each kind, allocated at load
 * in process context. A caller takes its CPU's transforms with softirqs
 * off, sets the key and runs the operation: setting a ChaCha20 or X25519
 * key only copies 32 bytes, and nothing here allocates or sleeps, so both
 * work from softirq and from process context.
 */
#include <linux/bottom_half.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/error-injection.h>
#include <crypto/algapi.h>
#include <crypto/chacha.h>
#include <crypto/curve25519.h>
#include <crypto/kpp.h>
#include <crypto/skcipher.h>

#include "compat.h"
#include "tcpcrypt.h"
#include "crypto_kernel.h"
#include "proto/crypto.h"

#define TCPCRYPT_CHACHA_ALG	"chacha20"
#define TCPCRYPT_X25519_ALG	"curve25519"

struct tcpcrypt_sync_pcpu {
	struct crypto_sync_skcipher *chacha;
	struct crypto_kpp *x25519;
	struct kpp_request *x25519_req;
	/*
	 * A page of the linear map for data that a scatterlist cannot
	 * describe (stack, vmalloc) or that crosses a page: the skcipher
	 * walk would allocate a bounce block for a chunk split by a page
	 * end. The X25519 operands use its first 64 bytes.
	 */
	u8 *bounce;
};

static struct tcpcrypt_sync_pcpu __percpu *tcpcrypt_sync;

/*
 * What the transforms hold between calls instead of the last caller's
 * key: a key pair's private half must not outlive the key pair there. Any
 * 32 bytes do for ChaCha20; curve25519 refuses only the all-zero secret.
 */
static const u8 tcpcrypt_sync_idle_key[32] = { 1 };

/* ChaCha20 in place on a buffer that one scatterlist entry in one page covers. */
static int tcpcrypt_chacha_sg(struct crypto_sync_skcipher *tfm, u8 *iv,
			      u8 *buf, unsigned int len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, tfm);
	struct scatterlist sg;
	int err;

	sg_init_one(&sg, buf, len);
	skcipher_request_set_sync_tfm(req, tfm);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	return err;
}

void tcpcrypt_chacha20_xor(const u8 key[32], const u8 iv[16], u8 *buf,
			   size_t len)
{
	struct tcpcrypt_sync_pcpu *p;
	u8 ctr[CHACHA_IV_SIZE];
	int err;

	memcpy(ctr, iv, sizeof(ctr));
	local_bh_disable();
	p = this_cpu_ptr(tcpcrypt_sync);
	err = crypto_sync_skcipher_setkey(p->chacha, key, CHACHA_KEY_SIZE);
	if (!err && virt_addr_valid(buf) &&
	    offset_in_page(buf) + len <= PAGE_SIZE) {
		err = tcpcrypt_chacha_sg(p->chacha, ctr, buf, len);
		if (!err)
			len = 0;
	}
	/* Whole pages are whole blocks: the counter steps by PAGE_SIZE / 64. */
	while (!err && len) {
		unsigned int n = min_t(size_t, len, PAGE_SIZE);

		memcpy(p->bounce, buf, n);
		err = tcpcrypt_chacha_sg(p->chacha, ctr, p->bounce, n);
		if (!err)
			memcpy(buf, p->bounce, n);
		memzero_explicit(p->bounce, n);
		if (err)
			break;
		put_unaligned_le32(get_unaligned_le32(ctr) + n / CHACHA_BLOCK_SIZE,
				   ctr);
		buf += n;
		len -= n;
	}
	crypto_sync_skcipher_setkey(p->chacha, tcpcrypt_sync_idle_key,
				    CHACHA_KEY_SIZE);
	local_bh_enable();
	/*
	 * A synchronous chacha20 fails only on a bad key length. Should one
	 * ever fail, the caller cannot tell: send nothing it meant to hide.
	 */
	if (WARN_ON_ONCE(err))
		memzero_explicit(buf, len);
	memzero_explicit(ctr, sizeof(ctr));
}

/*
 * One X25519 operation with this CPU's transform: out = priv * peer, or
 * priv * base point when peer is NULL. The kpp drivers do not refuse the
 * all-zero result of a small-order peer point: that check is ours.
 */
static int tcpcrypt_x25519_op(u8 out[TCPCRYPT_X25519_LEN],
			      const u8 priv[TCPCRYPT_X25519_LEN],
			      const u8 peer[TCPCRYPT_X25519_LEN])
{
	static const u8 zero[TCPCRYPT_X25519_LEN];
	struct tcpcrypt_sync_pcpu *p;
	struct scatterlist src, dst;
	u8 *in, *res;
	int err;

	local_bh_disable();
	p = this_cpu_ptr(tcpcrypt_sync);
	in = p->bounce;
	res = p->bounce + TCPCRYPT_X25519_LEN;
	err = crypto_kpp_set_secret(p->x25519, priv, TCPCRYPT_X25519_LEN);
	if (err)
		goto out;
	sg_init_one(&dst, res, TCPCRYPT_X25519_LEN);
	kpp_request_set_callback(p->x25519_req, 0, NULL, NULL);
	kpp_request_set_output(p->x25519_req, &dst, TCPCRYPT_X25519_LEN);
	if (peer) {
		memcpy(in, peer, TCPCRYPT_X25519_LEN);
		sg_init_one(&src, in, TCPCRYPT_X25519_LEN);
		kpp_request_set_input(p->x25519_req, &src, TCPCRYPT_X25519_LEN);
		err = crypto_kpp_compute_shared_secret(p->x25519_req);
	} else {
		kpp_request_set_input(p->x25519_req, NULL, 0);
		err = crypto_kpp_generate_public_key(p->x25519_req);
	}
	if (!err && !crypto_memneq(res, zero, TCPCRYPT_X25519_LEN))
		err = -EINVAL;
	if (!err)
		memcpy(out, res, TCPCRYPT_X25519_LEN);
	crypto_kpp_set_secret(p->x25519, tcpcrypt_sync_idle_key,
			      TCPCRYPT_X25519_LEN);
out:
	memzero_explicit(p->bounce, 2 * TCPCRYPT_X25519_LEN);
	local_bh_enable();
	return err;
}

int tcpcrypt_x25519_keygen(u8 priv[TCPCRYPT_X25519_LEN],
			   u8 pub[TCPCRYPT_X25519_LEN])
{
	/* get_random_bytes, not _wait: callers may be in softirq. */
	get_random_bytes(priv, CURVE25519_KEY_SIZE);
	curve25519_clamp_secret(priv);
	return tcpcrypt_x25519_op(pub, priv, NULL);
}
ALLOW_ERROR_INJECTION(tcpcrypt_x25519_keygen, ERRNO);

int tcpcrypt_x25519(u8 out[TCPCRYPT_X25519_LEN],
		    const u8 priv[TCPCRYPT_X25519_LEN],
		    const u8 peer[TCPCRYPT_X25519_LEN])
{
	return tcpcrypt_x25519_op(out, priv, peer);
}

static void tcpcrypt_sync_free_cpu(struct tcpcrypt_sync_pcpu *p)
{
	kpp_request_free(p->x25519_req);
	if (!IS_ERR_OR_NULL(p->x25519))
		crypto_free_kpp(p->x25519);
	if (!IS_ERR_OR_NULL(p->chacha))
		crypto_free_sync_skcipher(p->chacha);
	free_page((unsigned long)p->bounce);
	memset(p, 0, sizeof(*p));
}

void tcpcrypt_crypto_sync_exit(void)
{
	int cpu;

	if (!tcpcrypt_sync)
		return;
	for_each_possible_cpu(cpu)
		tcpcrypt_sync_free_cpu(per_cpu_ptr(tcpcrypt_sync, cpu));
	free_percpu(tcpcrypt_sync);
	tcpcrypt_sync = NULL;
}

int tcpcrypt_crypto_sync_init(void)
{
	int cpu, err;

	tcpcrypt_sync = alloc_percpu(struct tcpcrypt_sync_pcpu);
	if (!tcpcrypt_sync)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct tcpcrypt_sync_pcpu *p = per_cpu_ptr(tcpcrypt_sync, cpu);

		p->bounce = (u8 *)get_zeroed_page(GFP_KERNEL);
		if (!p->bounce) {
			err = -ENOMEM;
			goto fail;
		}
		p->chacha = crypto_alloc_sync_skcipher(TCPCRYPT_CHACHA_ALG, 0, 0);
		if (IS_ERR(p->chacha)) {
			err = PTR_ERR(p->chacha);
			pr_err("no %s transform (%d)\n", TCPCRYPT_CHACHA_ALG, err);
			goto fail;
		}
		/* CRYPTO_ALG_ASYNC in the mask: only synchronous drivers. */
		p->x25519 = crypto_alloc_kpp(TCPCRYPT_X25519_ALG, 0, CRYPTO_ALG_ASYNC);
		if (IS_ERR(p->x25519)) {
			err = PTR_ERR(p->x25519);
			pr_err("no %s transform (%d)\n", TCPCRYPT_X25519_ALG, err);
			goto fail;
		}
		p->x25519_req = kpp_request_alloc(p->x25519, GFP_KERNEL);
		if (!p->x25519_req) {
			err = -ENOMEM;
			goto fail;
		}
	}
	return 0;
fail:
	tcpcrypt_crypto_sync_exit();
	return err;
}
