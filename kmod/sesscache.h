/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session cache (wire-v02.md §6.1): after a handshake each end keeps
 * the *next* session of the NEXTK chain for its peer, so that the next
 * connection between the two hosts skips the public-key work. A client
 * finds its entries by peer address, a server by the 9-byte session-ID
 * prefix the client sends in NEXTK1. Per namespace, bounded in entries and
 * age; secrets are wiped when an entry goes.
 */
#ifndef _TCPCRYPT_SESSCACHE_H
#define _TCPCRYPT_SESSCACHE_H

#include <linux/types.h>

#include "proto/keysched.h"
#include "proto/wire.h"
#include "settings.h"

#define TCPCRYPT_NEXTK_PREFIX_LEN	9

/* The built-in defaults of the settings table (settings.h). */
#define TCPCRYPT_CACHE_MAX_DEFAULT	TCPCRYPT_DEFAULT(cache_max)
#define TCPCRYPT_CACHE_LIFETIME_DEFAULT	TCPCRYPT_DEFAULT(cache_lifetime)

struct tcpcrypt_net;

/* One cached next session, as stored and as taken out. */
struct tcpcrypt_cached {
	u8 family;		/* AF_INET or AF_INET6 */
	__be32 peer[4];		/* peer address (IPv4 in peer[0]) */
	bool is_client;		/* our role in the cached session */
	u32 sym;		/* suite of the cached session */
	struct tcpcrypt_session sess;	/* sid, mk, nk of the NEXT session */
};

/*
 * Process context. init sets tn->cache_max and tn->cache_lifetime to
 * their defaults: call it before anything else can set them. exit wipes
 * every entry; nothing may call into the cache any more by then.
 */
int tcpcrypt_cache_init(struct tcpcrypt_net *tn);
void tcpcrypt_cache_exit(struct tcpcrypt_net *tn);

/*
 * Every function below may be called from process context, softirq (the
 * hooks, timers) or the workqueue, but not with hard IRQs off. They take
 * the cache's spinlock with BH off, never sleep, and allocate only with
 * GFP_ATOMIC (store). peer is one word for AF_INET, four for AF_INET6.
 *
 * An entry taken out, like the session it came from, holds secrets: the
 * caller wipes its struct tcpcrypt_cached (memzero_explicit) when done.
 */

/*
 * After a handshake, full or resumed: derive the next session from cur
 * (tcpcrypt_session_next) and store it for this peer and role, replacing
 * an older entry with the same prefix and role, and evicting the oldest
 * entry when cache_max are stored. 0 (also when the cache
 * is off: cache_max or cache_lifetime 0), -ENOMEM (nothing stored: the
 * next connection does a full handshake), -EAFNOSUPPORT, or an error of
 * the key schedule.
 */
int tcpcrypt_cache_store(struct tcpcrypt_net *tn, u8 family,
			 const __be32 *peer, bool is_client, u32 sym,
			 const struct tcpcrypt_session *cur);

/*
 * Client, at its SYN: take (remove) the newest live entry in which we were
 * the client of a session with this peer. True if found. An entry is live
 * for cache_lifetime seconds (the value at the time of the lookup).
 */
bool tcpcrypt_cache_take_client(struct tcpcrypt_net *tn, u8 family,
				const __be32 *peer, struct tcpcrypt_cached *out);

/*
 * Server, at a SYN with NEXTK1: take the live entry in which we were the
 * server and whose next session ID starts with prefix. True if found.
 */
bool tcpcrypt_cache_take_server(struct tcpcrypt_net *tn,
				const u8 prefix[TCPCRYPT_NEXTK_PREFIX_LEN],
				struct tcpcrypt_cached *out);

/* Wipe every entry (tcpcryptctl flush); the count wiped. */
unsigned int tcpcrypt_cache_flush(struct tcpcrypt_net *tn);
/*
 * Wipe the entries for one peer, in either role (TCP_CRYPT_CACHE_FLUSH);
 * the count wiped.
 */
unsigned int tcpcrypt_cache_flush_peer(struct tcpcrypt_net *tn, u8 family,
				       const __be32 *peer);
/* Entries now (read without the lock). */
unsigned int tcpcrypt_cache_count(struct tcpcrypt_net *tn);
/*
 * Drop the entries past cache_lifetime or beyond cache_max now, rather
 * than at the next store or take; the count dropped. For a sysctl or
 * netlink write that lowers either bound. (The cache's own GC runs this
 * when the oldest entry expires.)
 */
unsigned int tcpcrypt_cache_expire(struct tcpcrypt_net *tn);

#if IS_ENABLED(CONFIG_KUNIT)
/* KUnit: make every entry delta jiffies older. */
void tcpcrypt_cache_test_age(struct tcpcrypt_net *tn, unsigned long delta);
/* KUnit: run the GC now and wait; true if it armed itself again. */
bool tcpcrypt_cache_test_gc(struct tcpcrypt_net *tn);
#endif

#endif /* _TCPCRYPT_SESSCACHE_H */
