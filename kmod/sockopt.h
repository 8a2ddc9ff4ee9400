/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-socket settings of the "tcpcrypt" TCP ULP (the TCP_CRYPT_* socket
 * options of include/uapi/linux/tcpcrypt.h). The engine never looks at a
 * socket after the first SYN: a connection takes a copy of its socket's
 * settings (or its listener's) when it is created, resolved against the
 * namespace's defaults.
 */
#ifndef _TCPCRYPT_SOCKOPT_H
#define _TCPCRYPT_SOCKOPT_H

#include <linux/types.h>
#include <linux/tcpcrypt.h>

#include "config.h"

#define TCPCRYPT_CMODE_MODE(c)	((c) & ~TCP_CRYPT_CMODE_NK)

struct tcpcrypt_sockopts {
	u16 cmode;		/* TCP_CRYPT_CMODE_* */
	u8 securst;		/* ignore RSTs without a MAC */
	u8 support;		/* 0, 1 aware, 2 aware and require the peer's */
	/* Cipher lists; a count of 0 means the namespace's list. */
	u8 npk;
	u8 ncc;
	u8 nsc;
	u32 pk[TCPCRYPT_CFG_MAX];
	u32 cc[TCPCRYPT_CFG_MAX];
	u32 sc[TCPCRYPT_CFG_MAX];
};

static inline bool tcpcrypt_opts_required(const struct tcpcrypt_sockopts *o)
{
	return TCPCRYPT_CMODE_MODE(o->cmode) == TCP_CRYPT_CMODE_ALWAYS ||
	       o->support >= 2;
}

struct sock;
struct sk_buff;
struct tcpcrypt_net;
struct tcpcrypt_conn_key;

int tcpcrypt_sockopt_register(void);
void tcpcrypt_sockopt_unregister(void);

/*
 * The settings a new connection of sk takes: the ULP's if sk has it, the
 * namespace's defaults otherwise (sk may be NULL); DEFAULT is resolved.
 */
void tcpcrypt_sockopts_of(struct tcpcrypt_net *tn, const struct sock *sk,
			  struct tcpcrypt_sockopts *o);
/*
 * Server side, for a SYN in LOCAL_IN (before TCP's demux): the settings of
 * the listener it will reach. key is the connection as the server sees it.
 * Under rcu_read_lock().
 */
void tcpcrypt_sockopts_listener(struct tcpcrypt_net *tn, struct sk_buff *skb,
				const struct tcpcrypt_conn_key *key,
				struct tcpcrypt_sockopts *o);
/* Does that listener require tcpcrypt? Under rcu_read_lock(). */
bool tcpcrypt_listener_requires(struct tcpcrypt_net *tn, struct sk_buff *skb,
				const struct tcpcrypt_conn_key *key);

#endif /* _TCPCRYPT_SOCKOPT_H */
