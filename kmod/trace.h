/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the "tcpcrypt" trace system (docs/OBSERVABILITY.md):
 * handshakes done, fallbacks to plain TCP, MAC failures and sockets the
 * module resets. Addresses are stored as IPv6, IPv4 ones v4-mapped, so
 * that one format serves both families.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tcpcrypt

#if !defined(_TCPCRYPT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TCPCRYPT_TRACE_H

#include <linux/tracepoint.h>
#include <linux/in6.h>
#include <net/ipv6.h>

#include "conn.h"

#ifndef _TCPCRYPT_TRACE_HELPERS
#define _TCPCRYPT_TRACE_HELPERS
static inline void tcpcrypt_trace_addr(u8 dst[16], const __be32 *a, u8 family)
{
	if (family == AF_INET)
		ipv6_addr_set_v4mapped(a[0], (struct in6_addr *)dst);
	else
		memcpy(dst, a, 16);
}
#endif

/* The connection as the local socket sees it: both ends. */
#define TCPCRYPT_TP_KEY_FIELDS				\
	__array(u8, laddr, 16)				\
	__array(u8, raddr, 16)				\
	__field(u16, lport)				\
	__field(u16, rport)

#define TCPCRYPT_TP_KEY_ASSIGN(k)					\
	do {								\
		tcpcrypt_trace_addr(__entry->laddr, (k)->laddr, (k)->family); \
		tcpcrypt_trace_addr(__entry->raddr, (k)->raddr, (k)->family); \
		__entry->lport = ntohs((k)->lport);			\
		__entry->rport = ntohs((k)->rport);			\
	} while (0)

#define TCPCRYPT_TP_KEY_FMT "%pI6c:%u > %pI6c:%u "
#define TCPCRYPT_TP_KEY_ARGS \
	__entry->laddr, __entry->lport, __entry->raddr, __entry->rport

/* Cipher names, copied: the event outlives nothing it points to. */
#define TCPCRYPT_TP_NAME_LEN	24

TRACE_EVENT(tcpcrypt_handshake_done,
	TP_PROTO(const struct tcpcrypt_conn *conn),
	TP_ARGS(conn),
	TP_STRUCT__entry(
		TCPCRYPT_TP_KEY_FIELDS
		__field(u8, client)
		__field(u8, resumed)
		__field(u32, pubkey)
		__field(u32, suite)
		__array(char, pubkey_name, TCPCRYPT_TP_NAME_LEN)
		__array(char, suite_name, TCPCRYPT_TP_NAME_LEN)
	),
	TP_fast_assign(
		TCPCRYPT_TP_KEY_ASSIGN(&conn->key);
		__entry->client = conn->is_client;
		__entry->resumed = conn->resumed;
		/* A resumed session did no public-key work. */
		__entry->pubkey = conn->resumed || !conn->pk ? 0 : conn->pk->spec;
		__entry->suite = conn->sym;
		strscpy(__entry->pubkey_name, __entry->pubkey ? conn->pk->name : "-",
			TCPCRYPT_TP_NAME_LEN);
		strscpy(__entry->suite_name, conn->tx.ops ? conn->tx.ops->name : "-",
			TCPCRYPT_TP_NAME_LEN);
	),
	TP_printk(TCPCRYPT_TP_KEY_FMT "role=%s pubkey=%s suite=%s resumed=%u",
		  TCPCRYPT_TP_KEY_ARGS, __entry->client ? "client" : "server",
		  __entry->pubkey_name, __entry->suite_name, __entry->resumed)
);

TRACE_EVENT(tcpcrypt_fallback,
	TP_PROTO(const struct tcpcrypt_conn_key *key, bool client,
		 const char *reason),
	TP_ARGS(key, client, reason),
	TP_STRUCT__entry(
		TCPCRYPT_TP_KEY_FIELDS
		__field(u8, client)
		__array(char, reason, 32)
	),
	TP_fast_assign(
		TCPCRYPT_TP_KEY_ASSIGN(key);
		__entry->client = client;
		strscpy(__entry->reason, reason, sizeof(__entry->reason));
	),
	TP_printk(TCPCRYPT_TP_KEY_FMT "role=%s reason=%s", TCPCRYPT_TP_KEY_ARGS,
		  __entry->client ? "client" : "server", __entry->reason)
);

TRACE_EVENT(tcpcrypt_mac_failure,
	TP_PROTO(const struct tcpcrypt_conn *conn),
	TP_ARGS(conn),
	TP_STRUCT__entry(
		TCPCRYPT_TP_KEY_FIELDS
		__field(u64, failures)
	),
	TP_fast_assign(
		TCPCRYPT_TP_KEY_ASSIGN(&conn->key);
		__entry->failures = READ_ONCE(conn->mac_failures);
	),
	TP_printk(TCPCRYPT_TP_KEY_FMT "failures=%llu", TCPCRYPT_TP_KEY_ARGS,
		  __entry->failures)
);

TRACE_EVENT(tcpcrypt_reset,
	TP_PROTO(const struct tcpcrypt_conn *conn, int err),
	TP_ARGS(conn, err),
	TP_STRUCT__entry(
		TCPCRYPT_TP_KEY_FIELDS
		__field(u8, client)
		__field(u8, state)
		__field(int, err)
	),
	TP_fast_assign(
		TCPCRYPT_TP_KEY_ASSIGN(&conn->key);
		__entry->client = conn->is_client;
		__entry->state = READ_ONCE(conn->state);
		__entry->err = err;
	),
	TP_printk(TCPCRYPT_TP_KEY_FMT "role=%s state=%u err=%d",
		  TCPCRYPT_TP_KEY_ARGS, __entry->client ? "client" : "server",
		  __entry->state, __entry->err)
);

#endif /* _TCPCRYPT_TRACE_H */

/* Out of tree: define_trace.h finds this file through -I$(src). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
