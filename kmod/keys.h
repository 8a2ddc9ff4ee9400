/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The namespace's short-lived client key pairs, one per public-key cipher.
 * They live in memory only, serve many connections and are replaced on a
 * schedule; the handshake reads the current pair under RCU.
 */
#ifndef _TCPCRYPT_KEYS_H
#define _TCPCRYPT_KEYS_H

#include <linux/rcupdate.h>

#include "tcpcrypt.h"
#include "proto/pubkey.h"
#include "proto/init_msg.h"

struct tcpcrypt_ckey {
	struct rcu_head rcu;
	const struct tcpcrypt_pubkey_ops *pk;
	struct tcpcrypt_pk_state st;
	u16 len;
	u8 key[TCPCRYPT_INIT_KEY_MAX];
};

/* Under rcu_read_lock(): the current pair for pk, or NULL. */
const struct tcpcrypt_ckey *tcpcrypt_ckey_get(struct tcpcrypt_net *tn,
					      const struct tcpcrypt_pubkey_ops *pk);
/* Replace every pair now (tcpcryptctl refresh); process context. */
void tcpcrypt_keys_rotate(struct tcpcrypt_net *tn);
int tcpcrypt_keys_init(struct tcpcrypt_net *tn);
void tcpcrypt_keys_exit(struct tcpcrypt_net *tn);

#endif /* _TCPCRYPT_KEYS_H */
