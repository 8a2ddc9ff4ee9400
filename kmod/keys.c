// SPDX-License-Identifier: GPL-2.0
/*
 * Short-lived client key pairs: made in process context (P-256 key
 * generation sleeps), published with RCU, freed with kfree_sensitive so no
 * copy of a private key outlives its pair.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/workqueue.h>

#include "keys.h"

static const struct tcpcrypt_pubkey_ops *const tcpcrypt_ckey_ops[2] = {
	&tcpcrypt_pubkey_p256, &tcpcrypt_pubkey_x25519,
};

const struct tcpcrypt_ckey *tcpcrypt_ckey_get(struct tcpcrypt_net *tn,
					      const struct tcpcrypt_pubkey_ops *pk)
{
	return rcu_dereference(tn->ckeys[pk == &tcpcrypt_pubkey_x25519]);
}



static void tcpcrypt_ckey_free_rcu(struct rcu_head *rcu)
{
	struct tcpcrypt_ckey *ck = container_of(rcu, struct tcpcrypt_ckey, rcu);

	kfree_sensitive(ck);
}

/* Process context: P-256 key generation sleeps. */
static void tcpcrypt_keys_refresh(struct tcpcrypt_net *tn)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_ckey_ops); i++) {
		struct tcpcrypt_ckey *ck, *old;
		int len;

		ck = kzalloc(sizeof(*ck), GFP_KERNEL);
		if (!ck)
			continue;	/* keep the old pair a while longer */
		ck->pk = tcpcrypt_ckey_ops[i];
		len = ck->pk->client_key(&ck->st, ck->key, sizeof(ck->key));
		if (len <= 0) {
			pr_warn_ratelimited("cannot make a %s key pair: %d\n",
					    ck->pk->name, len);
			kfree_sensitive(ck);
			continue;
		}
		ck->len = len;
		old = rcu_replace_pointer(tn->ckeys[i], ck, true);
		if (old)
			call_rcu(&old->rcu, tcpcrypt_ckey_free_rcu);
	}
}

static void tcpcrypt_keys_work(struct work_struct *work)
{
	struct tcpcrypt_net *tn = container_of(to_delayed_work(work),
					       struct tcpcrypt_net, key_work);

	tcpcrypt_keys_refresh(tn);
	if (!READ_ONCE(tn->dying))
		queue_delayed_work(tcpcrypt_wq, &tn->key_work,
				   READ_ONCE(tcpcrypt_param_key_lifetime) * HZ);
}

/*
 * Rotate now (tcpcryptctl refresh). Through the work item, which never
 * runs twice at once, so that two refreshes cannot replace a pair under
 * each other; the next rotation is then a full lifetime away.
 */
void tcpcrypt_keys_rotate(struct tcpcrypt_net *tn)
{
	mod_delayed_work(tcpcrypt_wq, &tn->key_work, 0);
	flush_delayed_work(&tn->key_work);
}

int tcpcrypt_keys_init(struct tcpcrypt_net *tn)
{
	INIT_DELAYED_WORK(&tn->key_work, tcpcrypt_keys_work);
	tcpcrypt_keys_refresh(tn);
	queue_delayed_work(tcpcrypt_wq, &tn->key_work,
			   READ_ONCE(tcpcrypt_param_key_lifetime) * HZ);
	return 0;
}

void tcpcrypt_keys_exit(struct tcpcrypt_net *tn)
{
	int i;

	WRITE_ONCE(tn->dying, true);
	cancel_delayed_work_sync(&tn->key_work);
	for (i = 0; i < ARRAY_SIZE(tn->ckeys); i++) {
		struct tcpcrypt_ckey *ck = rcu_replace_pointer(tn->ckeys[i], NULL, true);

		if (ck)
			call_rcu(&ck->rcu, tcpcrypt_ckey_free_rcu);
	}
}
