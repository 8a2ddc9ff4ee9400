/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the ULP's store (ulp.c) and the TCP_CRYPT_* handlers
 * (sockopt.c): the per-socket context and the handlers the ULP's proto
 * copies call.
 */
#ifndef _TCPCRYPT_ULP_H
#define _TCPCRYPT_ULP_H

#include <net/sock.h>
#include "sockopt.h"

struct tcpcrypt_sock {
	struct proto *base;		/* the proto this socket had */
	spinlock_t lock;		/* opts: softirq readers copy them */
	struct tcpcrypt_sockopts opts;
	struct rcu_head rcu;
};

/* Under RCU, or by the socket's owner: the context, or NULL. */
struct tcpcrypt_sock *tcpcrypt_sk_ctx(const struct sock *sk);
const struct proto *tcpcrypt_base_prot(const struct sock *sk);

/* sockopt.c: the connection of sk, referenced, or NULL (plain, none yet). */
struct tcpcrypt_conn *tcpcrypt_sk_conn(struct sock *sk);

/* ulpinfo.c: the ULP's part of inet_diag (ss -tie), INET_DIAG_ULP_INFO. */
int tcpcrypt_ulp_get_info(struct sock *sk, struct sk_buff *skb);
size_t tcpcrypt_ulp_get_info_size(const struct sock *sk);

int tcpcrypt_setsockopt(struct sock *sk, int level, int optname,
			sockptr_t optval, unsigned int optlen);
int tcpcrypt_getsockopt(struct sock *sk, int level, int optname,
			char __user *optval, int __user *optlen);

#endif /* _TCPCRYPT_ULP_H */
