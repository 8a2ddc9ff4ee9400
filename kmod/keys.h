/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The namespace's short-lived client key pairs, one per public-key cipher.
 * They live in memory only, serve a bounded number of connections for a
 * bounded time, and are replaced ahead of both bounds; the handshake reads
 * the current pair under RCU.
 */
#ifndef _TCPCRYPT_KEYS_H
#define _TCPCRYPT_KEYS_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>

#include "tcpcrypt.h"
#include "settings.h"
#include "proto/pubkey.h"
#include "proto/init_msg.h"

/* Connections one pair serves when tn->key_max_uses is 0. */
#define TCPCRYPT_KEY_MAX_USES_DEFAULT	TCPCRYPT_DEFAULT(key_max_uses)

/* Bits of tcpcrypt_ckey.flags */
enum {
	TCPCRYPT_CKEY_RETIRING,		/* its replacement has been asked for */
};

struct tcpcrypt_ckey {
	struct rcu_head rcu;
	const struct tcpcrypt_pubkey_ops *pk;
	unsigned long born;		/* jiffies */
	unsigned long flags;
	/* Connections served; racing uses may count a few past the limit. */
	atomic_t uses;
	struct tcpcrypt_pk_state st;
	u16 len;
	u8 key[TCPCRYPT_INIT_KEY_MAX];
};

/*
 * Under rcu_read_lock(), any context (the hooks call it in softirq): the
 * current pair for pk, counted as serving one more connection, or NULL.
 * NULL when there is no pair for pk, or when the current one has served
 * key_max_uses connections or lived key_lifetime seconds and its
 * replacement is not published yet (the connection falls back). The
 * replacement is started well before either limit, so NULL is rare.
 */
const struct tcpcrypt_ckey *tcpcrypt_ckey_use(struct tcpcrypt_net *tn,
					      const struct tcpcrypt_pubkey_ops *pk);
/*
 * Under rcu_read_lock(): the current pair for pk, or NULL, without
 * counting a use; for showing it. Connections use tcpcrypt_ckey_use().
 */
const struct tcpcrypt_ckey *tcpcrypt_ckey_get(struct tcpcrypt_net *tn,
					      const struct tcpcrypt_pubkey_ops *pk);
/* Replace every pair now (tcpcryptctl refresh); process context. */
void tcpcrypt_keys_rotate(struct tcpcrypt_net *tn);
/* Process context; at exit, nothing may call tcpcrypt_ckey_use() any more. */
int tcpcrypt_keys_init(struct tcpcrypt_net *tn);
void tcpcrypt_keys_exit(struct tcpcrypt_net *tn);

#if IS_ENABLED(CONFIG_KUNIT)
bool tcpcrypt_ckey_try_use(struct tcpcrypt_ckey *ck, unsigned int max_uses,
			   unsigned long lifetime, unsigned long now,
			   bool *kick);
#endif

#endif /* _TCPCRYPT_KEYS_H */
