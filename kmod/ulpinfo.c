// SPDX-License-Identifier: GPL-2.0
/*
 * What inet_diag shows of a socket with the "tcpcrypt" ULP (ss -tie, as
 * an administrator): the state of its connection and, once encrypting,
 * the ciphers, whether it was resumed, and the first bytes of the session
 * ID, enough to match it with the peer's or with tcpcryptctl's. The
 * attributes are in include/uapi/linux/tcpcrypt.h, "ULP diagnostics".
 */
#include <net/netlink.h>
#include <net/tcp.h>

#include "conn.h"
#include "ulp.h"

static int tcpcrypt_ulp_put_conn(struct sk_buff *skb,
				 const struct tcpcrypt_conn *conn)
{
	enum tcpcrypt_state state = READ_ONCE(conn->state);
	/* Chosen by now on both ends; absent after resumption (no key). */
	const struct tcpcrypt_pubkey_ops *pk = READ_ONCE(conn->pk);

	if (nla_put_u8(skb, TCPCRYPT_ULP_INFO_A_STATE, state) ||
	    nla_put_u8(skb, TCPCRYPT_ULP_INFO_A_ROLE,
		       conn->is_client ? TCPCRYPT_ROLE_CLIENT :
					 TCPCRYPT_ROLE_SERVER))
		return -EMSGSIZE;
	if (state != TCPCRYPT_ENCRYPTING)
		return 0;
	/* Settled once encrypting: the handshake wrote them before. */
	if (!conn->resumed && pk &&
	    nla_put_u32(skb, TCPCRYPT_ULP_INFO_A_PUBKEY, pk->spec))
		return -EMSGSIZE;
	if (nla_put_u32(skb, TCPCRYPT_ULP_INFO_A_SUITE, conn->sym) ||
	    nla_put_u8(skb, TCPCRYPT_ULP_INFO_A_RESUMED, conn->resumed) ||
	    nla_put(skb, TCPCRYPT_ULP_INFO_A_SID_PREFIX,
		    TCPCRYPT_ULP_INFO_SID_PREFIX_LEN, conn->sess.sid))
		return -EMSGSIZE;
	return 0;
}

/* Inside INET_DIAG_ULP_INFO, after the ULP's name; process context. */
int tcpcrypt_ulp_get_info(struct sock *sk, struct sk_buff *skb)
{
	struct tcpcrypt_conn *conn;
	struct nlattr *nest;
	int err = 0;

	nest = nla_nest_start_noflag(skb, TCPCRYPT_INET_ULP_INFO);
	if (!nest)
		return -EMSGSIZE;
	/* No entry: plain, not connected yet, or listening; say nothing. */
	conn = tcpcrypt_sk_conn(sk);
	if (conn) {
		err = tcpcrypt_ulp_put_conn(skb, conn);
		tcpcrypt_conn_put(conn);
	}
	if (err) {
		nla_nest_cancel(skb, nest);
		return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

size_t tcpcrypt_ulp_get_info_size(const struct sock *sk)
{
	return nla_total_size(0) +			/* the nest */
	       2 * nla_total_size(sizeof(u8)) +		/* state, role */
	       2 * nla_total_size(sizeof(u32)) +	/* pubkey, suite */
	       nla_total_size(sizeof(u8)) +		/* resumed */
	       nla_total_size(TCPCRYPT_ULP_INFO_SID_PREFIX_LEN);
}
