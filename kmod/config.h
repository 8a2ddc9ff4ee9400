/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a namespace negotiates: its public-key ciphers and symmetric suites,
 * in order. The hooks read the current set under RCU; the sysctls and
 * netlink replace it whole.
 */
#ifndef _TCPCRYPT_CONFIG_H
#define _TCPCRYPT_CONFIG_H

#include <linux/types.h>
#include <linux/rcupdate.h>

#define TCPCRYPT_CFG_MAX	4

struct tcpcrypt_cfg {
	struct rcu_head rcu;
	/*
	 * Public-key ciphers: the server offers them in this order in PKCONF
	 * (a v0.2 client takes the first); the client accepts them, and
	 * prefers X25519 when both sides have it.
	 */
	u8 npk;
	u32 pk[TCPCRYPT_CFG_MAX];
	/* Symmetric suites, most preferred first; legacy only if listed. */
	u8 nsym;
	u32 sym[TCPCRYPT_CFG_MAX];
};

struct tcpcrypt_net;

int tcpcrypt_cfg_init(struct tcpcrypt_net *tn);
void tcpcrypt_cfg_exit(struct tcpcrypt_net *tn);
/* Under rcu_read_lock() (netfilter hooks hold it). */
const struct tcpcrypt_cfg *tcpcrypt_cfg_get(struct tcpcrypt_net *tn);
/* Replace one list; -EINVAL if empty, too long, repeated or unknown ids. */
int tcpcrypt_cfg_set_pk(struct tcpcrypt_net *tn, const u32 *ids, unsigned int n);
int tcpcrypt_cfg_set_sym(struct tcpcrypt_net *tn, const u32 *ids, unsigned int n);
/*
 * Allow the v0.2 legacy suite (aes128) by appending it to the suites, or
 * forbid it by removing it. 0 (also when it already was as asked),
 * -EINVAL if it is the only suite and would be removed, -ENOMEM.
 */
int tcpcrypt_cfg_set_legacy(struct tcpcrypt_net *tn, bool allow);
/* Whether a suite is in the list. */
bool tcpcrypt_cfg_has_sym(const struct tcpcrypt_cfg *cfg, u32 id);

/* Names as the sysctls and tcpcryptctl spell them ("p256", "chacha20"). */
const char *tcpcrypt_pk_name(u32 id);
const char *tcpcrypt_sym_name(u32 id);
/* Parse "name name ..." (spaces or commas) into ids; count or -EINVAL. */
int tcpcrypt_cfg_parse(const char *s, bool sym, u32 *ids, unsigned int max);
/* Write the names of a list into buf, space separated. */
int tcpcrypt_cfg_format(char *buf, size_t len, const u32 *ids, unsigned int n,
			bool sym);

#endif /* _TCPCRYPT_CONFIG_H */
