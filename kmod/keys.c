// SPDX-License-Identifier: GPL-2.0
/*
 * Short-lived client key pairs: made in process context (P-256 key
 * generation sleeps), published with RCU, freed with kfree_sensitive so no
 * copy of a private key outlives its pair.
 *
 * A pair serves at most key_max_uses connections for at most key_lifetime
 * seconds; both limits are hard: a pair past either is not handed out.
 * Making a pair takes a work item's time, and a connection that finds no
 * pair goes unencrypted, so the replacement is started ahead of both
 * limits: when a quarter of the uses (rounded up) or an eighth of the
 * lifetime is left. An eighth also covers the timer wheel, which may fire
 * a long timer up to an eighth of its delay late. Within those margins the
 * new pair is normally published before the old one runs out; only a
 * burst of connections larger than the margin within the milliseconds key
 * generation takes, or a failed allocation, finds none. Rotation publishes
 * the new pair before it retires the old one, so there is no moment
 * without a pair otherwise.
 *
 * Both limits are read at every use: a lowered limit applies at once to
 * the current pair (which is then replaced), a raised one lets it serve on.
 */
#include <kunit/visibility.h>
#include <linux/error-injection.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "keys.h"

/* How soon to try again when a pair could not be made. */
#define TCPCRYPT_KEY_RETRY	HZ

static const struct tcpcrypt_pubkey_ops *const tcpcrypt_ckey_ops[2] = {
	&tcpcrypt_pubkey_p256, &tcpcrypt_pubkey_x25519,
};

static_assert(ARRAY_SIZE(tcpcrypt_ckey_ops) ==
	      ARRAY_SIZE(((struct tcpcrypt_net *)NULL)->ckeys));

/* Jiffies a pair may serve: the namespace's setting, else the parameter. */
static unsigned long tcpcrypt_key_lifetime(struct tcpcrypt_net *tn)
{
	unsigned long secs = READ_ONCE(tn->key_lifetime);

	if (!secs)
		secs = READ_ONCE(tcpcrypt_param_key_lifetime);
	/* The parameter is writable: 0 there must not mean "expired at birth". */
	secs = clamp_t(unsigned long, secs, 1, MAX_JIFFY_OFFSET / HZ);
	return secs * HZ;
}

static unsigned int tcpcrypt_key_max_uses(struct tcpcrypt_net *tn)
{
	unsigned int max = READ_ONCE(tn->key_max_uses);

	if (!max)
		max = TCPCRYPT_KEY_MAX_USES_DEFAULT;
	/* The counter is an atomic_t: stay clear of its sign bit. */
	return min_t(unsigned int, max, INT_MAX / 2);
}

/* Age at which the replacement is made. */
static unsigned long tcpcrypt_key_renew_age(unsigned long lifetime)
{
	return lifetime - lifetime / 8;
}

/* The use that starts the replacement: a quarter of them is left. */
static unsigned int tcpcrypt_key_renew_uses(unsigned int max)
{
	return max - DIV_ROUND_UP(max, 4);
}

static int tcpcrypt_ckey_index(const struct tcpcrypt_pubkey_ops *pk)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_ckey_ops); i++)
		if (tcpcrypt_ckey_ops[i] == pk)
			return i;
	return -1;
}

/*
 * Count one use of ck if it is within its limits. *kick is set once per
 * pair: by the first use that finds it due for replacement.
 */
VISIBLE_IF_KUNIT bool tcpcrypt_ckey_try_use(struct tcpcrypt_ckey *ck,
					    unsigned int max_uses,
					    unsigned long lifetime,
					    unsigned long now, bool *kick)
{
	bool ok = time_before(now, ck->born + lifetime);
	bool due = !time_before(now, ck->born + tcpcrypt_key_renew_age(lifetime));
	unsigned int n = 0;

	/* Read first: a refused pair's counter does not grow without bound. */
	if (ok && (unsigned int)atomic_read(&ck->uses) < max_uses) {
		n = atomic_inc_return(&ck->uses);
		/* Others may have taken the last uses since the read. */
		ok = n <= max_uses;
	} else {
		ok = false;
	}
	due = due || !ok || n >= tcpcrypt_key_renew_uses(max_uses);
	*kick = due && !test_and_set_bit(TCPCRYPT_CKEY_RETIRING, &ck->flags);
	return ok;
}

const struct tcpcrypt_ckey *tcpcrypt_ckey_use(struct tcpcrypt_net *tn,
					      const struct tcpcrypt_pubkey_ops *pk)
{
	int i = tcpcrypt_ckey_index(pk);
	struct tcpcrypt_ckey *ck;
	bool kick, ok;

	if (i < 0)
		return NULL;
	ck = rcu_dereference(tn->ckeys[i]);
	if (!ck)
		return NULL;
	ok = tcpcrypt_ckey_try_use(ck, tcpcrypt_key_max_uses(tn),
				   tcpcrypt_key_lifetime(tn), jiffies, &kick);
	if (kick)
		mod_delayed_work(tcpcrypt_wq, &tn->key_work, 0);
	return ok ? ck : NULL;
}

const struct tcpcrypt_ckey *tcpcrypt_ckey_get(struct tcpcrypt_net *tn,
					      const struct tcpcrypt_pubkey_ops *pk)
{
	int i = tcpcrypt_ckey_index(pk);

	return i < 0 ? NULL : rcu_dereference(tn->ckeys[i]);
}

static void tcpcrypt_ckey_free_rcu(struct rcu_head *rcu)
{
	struct tcpcrypt_ckey *ck = container_of(rcu, struct tcpcrypt_ckey, rcu);

	kfree_sensitive(ck);
}

/*
 * Process context: P-256 key generation sleeps. noinline: a target of
 * fault injection (tests/vm/tests/faultinject.sh).
 */
static noinline __noclone int tcpcrypt_ckey_replace(struct tcpcrypt_net *tn, int i)
{
	struct tcpcrypt_ckey *ck, *old;
	int len;

	ck = kzalloc(sizeof(*ck), GFP_KERNEL);
	if (!ck)
		return -ENOMEM;
	ck->pk = tcpcrypt_ckey_ops[i];
	len = ck->pk->client_key(&ck->st, ck->key, sizeof(ck->key));
	if (len <= 0) {
		pr_warn_ratelimited("cannot make a %s key pair: %d\n",
				    ck->pk->name, len);
		kfree_sensitive(ck);
		return len ? len : -EINVAL;
	}
	ck->len = len;
	ck->born = jiffies;
	/* The new pair first, then the old one goes: never a moment with none. */
	old = rcu_replace_pointer(tn->ckeys[i], ck, true);
	if (old)
		call_rcu(&old->rcu, tcpcrypt_ckey_free_rcu);
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_KEY_PAIRS_MADE);
	return 0;
}
ALLOW_ERROR_INJECTION(tcpcrypt_ckey_replace, ERRNO);

/*
 * The only writer of tn->ckeys (besides init and exit, when it cannot
 * run), and a work item never runs twice at once, so that no two
 * replacements of one pair race. Replaces the pairs that are missing,
 * due by age, or asked to retire (by use counts or tcpcrypt_keys_rotate),
 * then sleeps until the next one is due.
 */
static void tcpcrypt_keys_work(struct work_struct *work)
{
	struct tcpcrypt_net *tn = container_of(to_delayed_work(work),
					       struct tcpcrypt_net, key_work);
	unsigned long renew = tcpcrypt_key_renew_age(tcpcrypt_key_lifetime(tn));
	unsigned long now = jiffies, next = now + renew;
	bool retry = false;
	int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_ckey_ops); i++) {
		struct tcpcrypt_ckey *ck = rcu_dereference_protected(tn->ckeys[i], true);

		if (ck && !test_bit(TCPCRYPT_CKEY_RETIRING, &ck->flags) &&
		    time_before(now, ck->born + renew)) {
			if (time_before(ck->born + renew, next))
				next = ck->born + renew;
			continue;
		}
		if (tcpcrypt_ckey_replace(tn, i))
			retry = true;
	}
	if (READ_ONCE(tn->dying))
		return;
	/* Does nothing if a use asked for a run meanwhile: that run re-arms. */
	queue_delayed_work(tcpcrypt_wq, &tn->key_work,
			   retry ? min(next - now, (unsigned long)TCPCRYPT_KEY_RETRY) :
				   next - now);
}

/*
 * Rotate now (tcpcryptctl refresh): mark every pair for retirement and run
 * the work item, which alone replaces pairs, and wait for it.
 */
void tcpcrypt_keys_rotate(struct tcpcrypt_net *tn)
{
	int i;

	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(tn->ckeys); i++) {
		struct tcpcrypt_ckey *ck = rcu_dereference(tn->ckeys[i]);

		if (ck)
			set_bit(TCPCRYPT_CKEY_RETIRING, &ck->flags);
	}
	rcu_read_unlock();
	mod_delayed_work(tcpcrypt_wq, &tn->key_work, 0);
	flush_delayed_work(&tn->key_work);
}

int tcpcrypt_keys_init(struct tcpcrypt_net *tn)
{
	INIT_DELAYED_WORK(&tn->key_work, tcpcrypt_keys_work);
	/* The first pairs at once, here; the run arms the next one. */
	tcpcrypt_keys_work(&tn->key_work.work);
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
