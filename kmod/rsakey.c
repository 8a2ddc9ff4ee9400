// SPDX-License-Identifier: GPL-2.0
/*
 * The namespace's OAEP-RSA-3 key. tcpcryptctl makes it in memory and loads
 * it as a DER RSAPrivateKey; we read the DER with our own strict reader
 * before the crypto API sees it, insist on what v0.2 peers expect (4096
 * bits, e = 3), prove that the private half matches the modulus, and
 * publish it under RCU. Handshakes take a reference of their own, so a
 * replaced key lives on until the last client decryption that uses it.
 */
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "tcpcrypt.h"
#include "rsakey.h"
#include "crypto_kernel.h"
#include "proto/rsa.h"

#define TCPCRYPT_RSAKEY_BITS	4096
#define TCPCRYPT_RSAKEY_LEN	(TCPCRYPT_RSAKEY_BITS / 8)

/* What tn->rsakey points to; freed by RCU, the key by its refcount. */
struct tcpcrypt_rsakey {
	struct rcu_head rcu;
	struct tcpcrypt_rsa_priv *priv;
	unsigned long loaded;	/* jiffies */
};

/* Serialises replacements; readers only use RCU. */
static DEFINE_MUTEX(tcpcrypt_rsakey_lock);

static void tcpcrypt_rsakey_release(struct tcpcrypt_rsakey *rk)
{
	if (!rk)
		return;
	tcpcrypt_rsa_priv_put(rk->priv);
	kfree_rcu(rk, rcu);
}

static void tcpcrypt_rsakey_replace(struct tcpcrypt_net *tn,
				    struct tcpcrypt_rsakey *rk)
{
	struct tcpcrypt_rsakey *old;

	mutex_lock(&tcpcrypt_rsakey_lock);
	old = rcu_replace_pointer(tn->rsakey, rk,
				  lockdep_is_held(&tcpcrypt_rsakey_lock));
	mutex_unlock(&tcpcrypt_rsakey_lock);
	tcpcrypt_rsakey_release(old);
}

/*
 * Encrypt a random number with the modulus and decrypt it with the
 * private half. The kernel's parser checks the DER's shape only: a key
 * whose d, p or q do not belong to n would load and then fail every
 * handshake, or worse leak through its wrong answers.
 */
static int tcpcrypt_rsakey_pairwise(struct tcpcrypt_rsa_priv *priv,
				    const u8 *n, size_t len)
{
	u8 *m = kmalloc(3 * len, GFP_KERNEL);
	int ret;

	if (!m)
		return -ENOMEM;
	get_random_bytes(m, len);
	m[0] = 0;	/* below n, whose top bit is set */
	ret = tcpcrypt_rsa_public(n, len, m, m + len);
	if (!ret)
		ret = tcpcrypt_rsa_private(priv, m + len, m + 2 * len);
	if (!ret && memcmp(m, m + 2 * len, len))
		ret = -EKEYREJECTED;
	kfree_sensitive(m);
	return ret;
}

int tcpcrypt_rsakey_set(struct tcpcrypt_net *tn, const u8 *der, size_t len,
			const char **msg)
{
	struct tcpcrypt_rsa_priv *priv;
	struct tcpcrypt_rsakey *rk;
	struct tcpcrypt_rsa_der k;
	int ret;

	might_sleep();
	*msg = NULL;
	if (tcpcrypt_rsa_der_parse(der, len, &k, msg))
		return -EINVAL;
	if (k.n.len != TCPCRYPT_RSAKEY_LEN || !(k.n.p[0] & 0x80)) {
		*msg = "the modulus is not 4096 bits";
		return -EINVAL;
	}
	if (tcpcrypt_rsa3_check_modulus(k.n.p, k.n.len)) {
		*msg = "the modulus is even";
		return -EINVAL;
	}
	/* INIT1 carries no exponent: v0.2 peers assume 3. */
	if (k.e.len != 1 || k.e.p[0] != 3) {
		*msg = "the public exponent is not 3";
		return -EINVAL;
	}

	rk = kzalloc(sizeof(*rk), GFP_KERNEL);
	if (!rk)
		return -ENOMEM;
	priv = tcpcrypt_rsa_priv_new(der, len, k.n.p, k.n.len);
	if (IS_ERR(priv)) {
		kfree(rk);
		*msg = "the kernel's rsa refused the key";
		return PTR_ERR(priv);
	}
	ret = tcpcrypt_rsakey_pairwise(priv, k.n.p, k.n.len);
	if (ret) {
		tcpcrypt_rsa_priv_put(priv);
		kfree(rk);
		if (ret == -EKEYREJECTED) {
			*msg = "the private key does not match the modulus";
			ret = -EINVAL;
		} else {
			*msg = "the key failed its test";
		}
		return ret;
	}
	rk->priv = priv;
	rk->loaded = jiffies;
	tcpcrypt_rsakey_replace(tn, rk);
	return 0;
}

void tcpcrypt_rsakey_clear(struct tcpcrypt_net *tn)
{
	tcpcrypt_rsakey_replace(tn, NULL);
}

bool tcpcrypt_rsakey_info(struct tcpcrypt_net *tn, unsigned int *bits,
			  unsigned long *loaded)
{
	struct tcpcrypt_rsakey *rk;
	bool ret = false;

	rcu_read_lock();
	rk = rcu_dereference(tn->rsakey);
	if (rk) {
		/* set() takes 4096-bit keys only */
		*bits = TCPCRYPT_RSAKEY_BITS;
		*loaded = rk->loaded;
		ret = true;
	}
	rcu_read_unlock();
	return ret;
}

struct tcpcrypt_rsa_priv *tcpcrypt_rsakey_get(struct tcpcrypt_net *tn)
{
	struct tcpcrypt_rsa_priv *priv = NULL;
	struct tcpcrypt_rsakey *rk;

	rcu_read_lock();
	rk = rcu_dereference(tn->rsakey);
	/* A key being replaced right now may be past its last reference. */
	if (rk && tcpcrypt_rsa_priv_tryget(rk->priv))
		priv = rk->priv;
	rcu_read_unlock();
	return priv;
}

void tcpcrypt_rsakey_put(const void *key)
{
	/* Cast: the state keeps the key const, the count is not part of it. */
	tcpcrypt_rsa_priv_put((struct tcpcrypt_rsa_priv *)key);
}

int tcpcrypt_rsakey_init(struct tcpcrypt_net *tn)
{
	RCU_INIT_POINTER(tn->rsakey, NULL);
	return 0;
}

void tcpcrypt_rsakey_exit(struct tcpcrypt_net *tn)
{
	tcpcrypt_rsakey_clear(tn);
}
