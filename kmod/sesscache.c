// SPDX-License-Identifier: GPL-2.0
/*
 * The session cache of a namespace (sesscache.h).
 *
 * Stores and takes come from the netfilter hooks, timers and the handshake
 * workqueue, so one spinlock taken with BH off guards everything. Every
 * entry is in two hash tables, by peer address (client lookups, flushes of
 * one peer) and by session-ID prefix (server lookups, replacing a stored
 * entry), and on one list in the order stored. Entries never change once
 * stored - a take removes them - so that list is oldest first: eviction
 * takes its head, and expiry stops at the first entry still live.
 *
 * Entries are allocated before the lock is taken and wiped after it is
 * dropped; under the lock only pointers move. Expired entries are dropped
 * by every store and take, and by a work item armed for the moment the
 * oldest entry expires, so that no secret outlives cache_lifetime by long
 * even when the cache goes idle.
 */
#include <linux/error-injection.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "tcpcrypt.h"
#include "sesscache.h"

/*
 * Buckets per table. Both tables fill one 4 KiB allocation; at the
 * default of 1024 entries a chain is 4 entries long on average.
 */
#define TCPCRYPT_CACHE_HASH_BITS	8
#define TCPCRYPT_CACHE_HASH_SIZE	BIT(TCPCRYPT_CACHE_HASH_BITS)

struct tcpcrypt_cache_entry {
	struct hlist_node by_peer;
	struct hlist_node by_prefix;
	struct list_head age;		/* on cache->lru, or a list to free */
	unsigned long stored;		/* jiffies */
	struct tcpcrypt_cached c;
};

struct tcpcrypt_cache {
	spinlock_t lock;		/* count, dead, lru, both tables */
	unsigned int count;
	bool dead;			/* exit started: store nothing more */
	struct list_head lru;		/* oldest first */
	struct hlist_head *by_peer;
	struct hlist_head *by_prefix;
	/* Peers and prefixes come from the network: keep chains unguessable. */
	siphash_key_t seed;
	struct delayed_work gc_work;
	struct tcpcrypt_net *tn;
};

/*
 * Seconds to jiffies, bounded so that time_after() on stored + ttl stays
 * meaningful whatever the sysctl holds.
 */
static unsigned long tcpcrypt_cache_ttl(struct tcpcrypt_net *tn)
{
	unsigned long secs = READ_ONCE(tn->cache_lifetime);

	return min_t(unsigned long, secs, MAX_JIFFY_OFFSET / HZ) * HZ;
}

/* An IPv4 caller may pass a pointer to one word: read no more than that. */
static void tcpcrypt_cache_addr(u8 family, const __be32 *peer, __be32 addr[4])
{
	memset(addr, 0, 4 * sizeof(__be32));
	memcpy(addr, peer, family == AF_INET ? sizeof(__be32) : 4 * sizeof(__be32));
}

static struct hlist_head *tcpcrypt_cache_peer_bucket(struct tcpcrypt_cache *c,
						     u8 family,
						     const __be32 addr[4])
{
	struct {
		__be32 addr[4];
		u32 family;
	} k;

	memcpy(k.addr, addr, sizeof(k.addr));
	k.family = family;
	return &c->by_peer[siphash(&k, sizeof(k), &c->seed) &
			   (TCPCRYPT_CACHE_HASH_SIZE - 1)];
}

static struct hlist_head *tcpcrypt_cache_prefix_bucket(struct tcpcrypt_cache *c,
						       const u8 *prefix)
{
	return &c->by_prefix[siphash(prefix, TCPCRYPT_NEXTK_PREFIX_LEN, &c->seed) &
			     (TCPCRYPT_CACHE_HASH_SIZE - 1)];
}

static bool tcpcrypt_cache_expired(const struct tcpcrypt_cache_entry *e,
				   unsigned long ttl, unsigned long now)
{
	return !time_before(now, e->stored + ttl);
}

/* Under the lock: out of the cache, onto the caller's list to wipe. */
static void tcpcrypt_cache_unlink(struct tcpcrypt_cache *c,
				  struct tcpcrypt_cache_entry *e,
				  struct list_head *victims)
{
	hlist_del(&e->by_peer);
	hlist_del(&e->by_prefix);
	list_move_tail(&e->age, victims);
	WRITE_ONCE(c->count, c->count - 1);
}

/* After the lock: wipe and free; the count freed. */
static unsigned int tcpcrypt_cache_free(struct list_head *victims)
{
	struct tcpcrypt_cache_entry *e, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(e, tmp, victims, age) {
		kfree_sensitive(e);
		n++;
	}
	return n;
}

/*
 * Under the lock: drop the expired entries and those beyond max (the
 * sysctls may have been lowered since they were stored), oldest first.
 * Everything left is then live and within bounds.
 */
static void tcpcrypt_cache_tidy(struct tcpcrypt_cache *c, unsigned int max,
				unsigned long ttl, unsigned long now,
				struct list_head *victims)
{
	struct tcpcrypt_cache_entry *e;

	while ((e = list_first_entry_or_null(&c->lru, struct tcpcrypt_cache_entry,
					     age)) &&
	       (c->count > max || tcpcrypt_cache_expired(e, ttl, now)))
		tcpcrypt_cache_unlink(c, e, victims);
}

/* Under the lock: arm the GC for the oldest entry's expiry, if any. */
static void tcpcrypt_cache_arm_gc(struct tcpcrypt_cache *c, unsigned long ttl,
				  unsigned long now)
{
	struct tcpcrypt_cache_entry *e;

	e = list_first_entry_or_null(&c->lru, struct tcpcrypt_cache_entry, age);
	if (!e || c->dead)
		return;
	/* Does nothing when already pending: that run re-arms itself. */
	queue_delayed_work(tcpcrypt_wq, &c->gc_work, e->stored + ttl - now);
}

unsigned int tcpcrypt_cache_expire(struct tcpcrypt_net *tn)
{
	struct tcpcrypt_cache *c = tn->cache;
	unsigned int max = READ_ONCE(tn->cache_max);
	unsigned long ttl = tcpcrypt_cache_ttl(tn);
	unsigned long now;
	LIST_HEAD(victims);

	spin_lock_bh(&c->lock);
	now = jiffies;
	tcpcrypt_cache_tidy(c, max, ttl, now, &victims);
	tcpcrypt_cache_arm_gc(c, ttl, now);
	spin_unlock_bh(&c->lock);
	return tcpcrypt_cache_free(&victims);
}

static void tcpcrypt_cache_gc(struct work_struct *work)
{
	struct tcpcrypt_cache *c = container_of(to_delayed_work(work),
						struct tcpcrypt_cache, gc_work);

	tcpcrypt_cache_expire(c->tn);
}

int tcpcrypt_cache_store(struct tcpcrypt_net *tn, u8 family,
			 const __be32 *peer, bool is_client, u32 sym,
			 const struct tcpcrypt_session *cur)
{
	struct tcpcrypt_cache *c = tn->cache;
	unsigned int max = READ_ONCE(tn->cache_max);
	unsigned long ttl = tcpcrypt_cache_ttl(tn);
	struct tcpcrypt_cache_entry *e, *old;
	struct hlist_head *ph, *xh;
	unsigned long now;
	LIST_HEAD(victims);
	int err;

	if (family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	/* Switched off, or nothing would live long enough to be taken. */
	if (!max || !ttl)
		return 0;

	e = kzalloc(sizeof(*e), GFP_ATOMIC);
	if (!e)
		return -ENOMEM;
	err = tcpcrypt_session_next(cur, &e->c.sess);
	if (err) {
		kfree_sensitive(e);
		return err;
	}
	e->c.family = family;
	tcpcrypt_cache_addr(family, peer, e->c.peer);
	e->c.is_client = is_client;
	e->c.sym = sym;
	ph = tcpcrypt_cache_peer_bucket(c, family, e->c.peer);
	xh = tcpcrypt_cache_prefix_bucket(c, e->c.sess.sid);

	spin_lock_bh(&c->lock);
	if (c->dead) {
		spin_unlock_bh(&c->lock);
		kfree_sensitive(e);
		return 0;
	}
	now = jiffies;
	/*
	 * The same session stored twice in the same role leaves one entry.
	 * Both roles may hold one prefix: a host talking to itself.
	 */
	hlist_for_each_entry(old, xh, by_prefix) {
		if (old->c.is_client == is_client &&
		    !memcmp(old->c.sess.sid, e->c.sess.sid,
			    TCPCRYPT_NEXTK_PREFIX_LEN)) {
			tcpcrypt_cache_unlink(c, old, &victims);
			break;
		}
	}
	/* Room for one more: evict the oldest. */
	tcpcrypt_cache_tidy(c, max - 1, ttl, now, &victims);
	e->stored = now;
	/* Head of the chain: a client's lookup meets the newest entry first. */
	hlist_add_head(&e->by_peer, ph);
	hlist_add_head(&e->by_prefix, xh);
	list_add_tail(&e->age, &c->lru);
	WRITE_ONCE(c->count, c->count + 1);
	tcpcrypt_cache_arm_gc(c, ttl, now);
	spin_unlock_bh(&c->lock);

	tcpcrypt_cache_free(&victims);
	return 0;
}
ALLOW_ERROR_INJECTION(tcpcrypt_cache_store, ERRNO);

bool tcpcrypt_cache_take_client(struct tcpcrypt_net *tn, u8 family,
				const __be32 *peer, struct tcpcrypt_cached *out)
{
	struct tcpcrypt_cache *c = tn->cache;
	unsigned int max = READ_ONCE(tn->cache_max);
	unsigned long ttl = tcpcrypt_cache_ttl(tn);
	struct tcpcrypt_cache_entry *e;
	struct hlist_head *ph;
	LIST_HEAD(victims);
	__be32 addr[4];
	bool found = false;

	if (family != AF_INET && family != AF_INET6)
		return false;
	tcpcrypt_cache_addr(family, peer, addr);
	ph = tcpcrypt_cache_peer_bucket(c, family, addr);

	spin_lock_bh(&c->lock);
	tcpcrypt_cache_tidy(c, max, ttl, jiffies, &victims);
	hlist_for_each_entry(e, ph, by_peer) {
		if (e->c.is_client && e->c.family == family &&
		    !memcmp(e->c.peer, addr, sizeof(addr))) {
			*out = e->c;
			tcpcrypt_cache_unlink(c, e, &victims);
			found = true;
			break;
		}
	}
	spin_unlock_bh(&c->lock);

	tcpcrypt_cache_free(&victims);
	return found;
}

bool tcpcrypt_cache_take_server(struct tcpcrypt_net *tn,
				const u8 prefix[TCPCRYPT_NEXTK_PREFIX_LEN],
				struct tcpcrypt_cached *out)
{
	struct tcpcrypt_cache *c = tn->cache;
	unsigned int max = READ_ONCE(tn->cache_max);
	unsigned long ttl = tcpcrypt_cache_ttl(tn);
	struct hlist_head *xh = tcpcrypt_cache_prefix_bucket(c, prefix);
	struct tcpcrypt_cache_entry *e;
	LIST_HEAD(victims);
	bool found = false;

	spin_lock_bh(&c->lock);
	tcpcrypt_cache_tidy(c, max, ttl, jiffies, &victims);
	hlist_for_each_entry(e, xh, by_prefix) {
		if (!e->c.is_client &&
		    !memcmp(e->c.sess.sid, prefix, TCPCRYPT_NEXTK_PREFIX_LEN)) {
			*out = e->c;
			tcpcrypt_cache_unlink(c, e, &victims);
			found = true;
			break;
		}
	}
	spin_unlock_bh(&c->lock);

	tcpcrypt_cache_free(&victims);
	return found;
}

unsigned int tcpcrypt_cache_flush(struct tcpcrypt_net *tn)
{
	struct tcpcrypt_cache *c = tn->cache;
	struct tcpcrypt_cache_entry *e;
	LIST_HEAD(victims);

	spin_lock_bh(&c->lock);
	while ((e = list_first_entry_or_null(&c->lru,
					     struct tcpcrypt_cache_entry, age)))
		tcpcrypt_cache_unlink(c, e, &victims);
	spin_unlock_bh(&c->lock);
	return tcpcrypt_cache_free(&victims);
}

unsigned int tcpcrypt_cache_flush_peer(struct tcpcrypt_net *tn, u8 family,
				       const __be32 *peer)
{
	struct tcpcrypt_cache *c = tn->cache;
	struct tcpcrypt_cache_entry *e;
	struct hlist_node *tmp;
	struct hlist_head *ph;
	LIST_HEAD(victims);
	__be32 addr[4];

	if (family != AF_INET && family != AF_INET6)
		return 0;
	tcpcrypt_cache_addr(family, peer, addr);
	ph = tcpcrypt_cache_peer_bucket(c, family, addr);

	spin_lock_bh(&c->lock);
	hlist_for_each_entry_safe(e, tmp, ph, by_peer)
		if (e->c.family == family &&
		    !memcmp(e->c.peer, addr, sizeof(addr)))
			tcpcrypt_cache_unlink(c, e, &victims);
	spin_unlock_bh(&c->lock);
	return tcpcrypt_cache_free(&victims);
}

unsigned int tcpcrypt_cache_count(struct tcpcrypt_net *tn)
{
	return READ_ONCE(tn->cache->count);
}

int tcpcrypt_cache_init(struct tcpcrypt_net *tn)
{
	struct tcpcrypt_cache *c;
	unsigned int i;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->by_peer = kcalloc(2 * TCPCRYPT_CACHE_HASH_SIZE, sizeof(*c->by_peer),
			     GFP_KERNEL);
	if (!c->by_peer) {
		kfree(c);
		return -ENOMEM;
	}
	c->by_prefix = c->by_peer + TCPCRYPT_CACHE_HASH_SIZE;
	for (i = 0; i < 2 * TCPCRYPT_CACHE_HASH_SIZE; i++)
		INIT_HLIST_HEAD(&c->by_peer[i]);
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->lru);
	get_random_bytes(&c->seed, sizeof(c->seed));
	INIT_DELAYED_WORK(&c->gc_work, tcpcrypt_cache_gc);
	c->tn = tn;

	/*
	 * The defaults, set whatever the fields hold: netns.c calls this
	 * before the sysctls and netlink can reach them, and from then on 0
	 * in cache_max is a setting (caching off), not "unset".
	 */
	tn->cache_max = TCPCRYPT_CACHE_MAX_DEFAULT;
	tn->cache_lifetime = TCPCRYPT_CACHE_LIFETIME_DEFAULT;
	tn->cache = c;
	return 0;
}

/* Nothing may store or take any more: the hooks and handshakes are gone. */
void tcpcrypt_cache_exit(struct tcpcrypt_net *tn)
{
	struct tcpcrypt_cache *c = tn->cache;

	if (!c)
		return;
	/* Under the lock, so that no store re-arms the GC after the cancel. */
	spin_lock_bh(&c->lock);
	c->dead = true;
	spin_unlock_bh(&c->lock);
	cancel_delayed_work_sync(&c->gc_work);
	tcpcrypt_cache_flush(tn);
	tn->cache = NULL;
	kfree(c->by_peer);
	kfree(c);
}

#if IS_ENABLED(CONFIG_KUNIT)
void tcpcrypt_cache_test_age(struct tcpcrypt_net *tn, unsigned long delta)
{
	struct tcpcrypt_cache *c = tn->cache;
	struct tcpcrypt_cache_entry *e;

	/* All by the same amount: the list stays oldest first. */
	spin_lock_bh(&c->lock);
	list_for_each_entry(e, &c->lru, age)
		e->stored -= delta;
	spin_unlock_bh(&c->lock);
}

bool tcpcrypt_cache_test_gc(struct tcpcrypt_net *tn)
{
	struct delayed_work *gc = &tn->cache->gc_work;

	/* Whether or not its timer is due: the result must not hang on timing. */
	mod_delayed_work(tcpcrypt_wq, gc, 0);
	flush_delayed_work(gc);
	return delayed_work_pending(gc);
}
#endif
