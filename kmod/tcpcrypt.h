/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared declarations of the kernel side of tcpcrypt: per-namespace state,
 * counters and the entry points each file offers the others.
 */
#ifndef _TCPCRYPT_H
#define _TCPCRYPT_H

#include <linux/types.h>
#include "compat.h"
#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/tcpcrypt.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/rhashtable-types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>

#define TCPCRYPT_VERSION "0.1.0"

/*
 * Counters, in the order /proc/net/tcpcrypt_stat prints them. Each name
 * says which event it counts; append new ones at the end so that scripts
 * reading by position keep working.
 */
#define TCPCRYPT_STATS(X)						\
	X(OUT_SEGS,		"OutSegs")				\
	X(IN_SEGS,		"InSegs")				\
	X(OUT_SYNS,		"OutSyns")				\
	X(IN_SYNS,		"InSyns")				\
	X(OUT_SYNACKS,		"OutSynAcks")				\
	X(IN_SYNACKS,		"InSynAcks")				\
	X(IPV4_SEGS,		"Ipv4Segs")				\
	X(IPV6_SEGS,		"Ipv6Segs")				\
	X(MALFORMED,		"MalformedSegs")			\
	X(FRAGMENTS_PASSED,	"FragmentsPassed")			\
	X(SKIPPED_DISABLED,	"SkippedDisabled")			\
	X(CONNS_CREATED,	"ConnsCreated")				\
	X(CONN_LIMIT,		"ConnLimitReached")			\
	X(HANDSHAKE_LIMIT,	"HandshakeLimitReached")		\
	X(HANDSHAKES_DONE,	"HandshakesCompleted")			\
	X(HANDSHAKES_FAILED,	"HandshakesFailed")			\
	X(HANDSHAKE_TIMEOUTS,	"HandshakeTimeouts")			\
	X(FALLBACK_NO_HELLO,	"FallbackPeerNoHello")			\
	X(FALLBACK_NO_PKCONF,	"FallbackPeerNoPkconf")			\
	X(FALLBACK_NO_INIT1,	"FallbackPeerNoInit1")			\
	X(FALLBACK_NO_ROOM,	"FallbackNoOptionRoom")			\
	X(BAD_HANDSHAKE_MSG,	"BadHandshakeMessages")			\
	X(INIT1_RESENT,		"Init1Resent")				\
	X(INIT2_RETRANSMITS,	"Init2Retransmits")			\
	X(OUT_PROTECTED,	"OutProtectedSegs")			\
	X(IN_VERIFIED,		"InVerifiedSegs")			\
	X(IN_MAC_FAILED,	"InMacFailures")			\
	X(IN_NO_MAC,		"InDropNoMac")				\
	X(IN_MAC_NO_CONN,	"InDropMacNoConn")			\
	X(IN_CSUM_ERRORS,	"InChecksumErrors")			\
	X(IN_DROP_HANDSHAKE,	"InDropDuringHandshake")		\
	X(OUT_DROP_HANDSHAKE,	"OutDropDuringHandshake")		\
	X(OUT_DROP_NO_ROOM,	"OutDropNoOptionRoom")			\
	X(SACK_BLOCKS_TRIMMED,	"SackBlocksTrimmed")			\
	X(GSO_SEGMENTED,	"GsoSegmented")				\
	X(ICMP_TRANSLATED,	"IcmpTranslated")			\
	X(V02_INIT2_RETX_DROPPED, "V02Init2RetxDropped")		\
	X(NOMEM,		"DropNoMemory")				\
	X(ABORTED_ON_EXIT,	"AbortedOnExit")				\
	X(SKIPPED_EXCLUDED,	"SkippedExcluded")				\
	X(INIT_MARK_STRIPPED,	"InitMarkStripped")			\
	X(SKIPPED_BY_SOCKET,	"SkippedBySocket")			\
	X(REFUSED_REQUIRED,	"RefusedRequired")			\
	X(IN_DROP_UNAUTH_RST,	"InDropUnauthRst")				\
	X(HANDSHAKES_RESUMED,	"HandshakesResumed")			\
	X(RESUME_OFFERED,	"ResumeOffered")			\
	X(RESUME_UNKNOWN,	"ResumeUnknown")			\
	X(PUBLIC_KEY_OPS,	"PublicKeyOps")				\
	X(FALLBACK_NO_KEY_PAIR,	"FallbackNoKeyPair")			\
	X(KEY_PAIRS_MADE,	"KeyPairsMade")			\
	X(HELD_SEGS,		"HeldSegs")				\
	X(IN_DROP_BAD_SEQ,	"InDropHandshakeBadSeq")		\
	X(OUT_DROP_FOREIGN,	"OutDropForeignSocket")			\
	X(IN_DROP_FRAGMENT,	"InDropFragment")			\
	X(DROP_UNPARSABLE,	"DropUnparsable")			\
	X(IN_UNAUTH_RST_PASSED,	"InUnauthRstPassed")			\
	X(IN_MAC_NO_SOCKET,	"InMacNoSocketToTcp")		\
	X(IN_REFUSED_COOKIE,	"InRefusedPlainCookie")			\
	X(LEGACY_PAST_16MIB,	"LegacyPast16MiB")

#define TCPCRYPT_STAT_ENUM(id, name) TCPCRYPT_STAT_##id,
enum tcpcrypt_stat {
	TCPCRYPT_STATS(TCPCRYPT_STAT_ENUM)
	TCPCRYPT_STAT_NUM
};
#undef TCPCRYPT_STAT_ENUM

struct tcpcrypt_stats {
	/* unsigned long as in the SNMP MIBs: a single-word per-CPU increment */
	unsigned long cnt[TCPCRYPT_STAT_NUM];
	/*
	 * Handshake latency, first SYN to ENCRYPTING, in log2 buckets of
	 * milliseconds (TCPCRYPT_HS_LATENCY_BUCKETS in the uapi header).
	 * Per CPU for the same reason as the counters: handshakes finish
	 * on every CPU's workqueue at once.
	 */
	unsigned long hs_latency[TCPCRYPT_HS_LATENCY_BUCKETS];
};

struct tcpcrypt_ckey;
struct tcpcrypt_cfg;
struct tcpcrypt_exclude;
struct tcpcrypt_conn_key;
struct tcpcrypt_cache;
struct tcpcrypt_rsakey;

/* Per network namespace state, reached through net_generic(). */
struct tcpcrypt_net {
	struct net *net;
	/*
	 * The numeric settings (settings.h): enabled, max_conns, ...
	 * Read locklessly; only new connections look at them.
	 */
#define TCPCRYPT_NET_FIELD(name, attr, type, ...) type name;
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NET_FIELD)
#undef TCPCRYPT_NET_FIELD
	bool dying;
	unsigned long handshake_timeout;	/* jiffies */
	atomic_t nconns;
	atomic_t nhandshakes;
	struct rhashtable conns;
	/*
	 * TCP_CRYPT_SESSID callers waiting for a handshake to settle, for
	 * every connection of the namespace: rare enough that one queue
	 * serves them all, instead of one in each connection.
	 */
	wait_queue_head_t settle_wq;
	struct delayed_work gc_work;
	/* Short-lived client key pairs, one per public-key cipher. */
	struct tcpcrypt_ckey __rcu *ckeys[2];
	struct delayed_work key_work;
	/* Ciphers and suites negotiated, replaced whole (config.c). */
	struct tcpcrypt_cfg __rcu *cfg;
	/* Ports excluded from tcpcrypt (a 65536-bit map), or NULL. */
	unsigned long __rcu *exclude_ports;
	/* Address prefixes excluded from tcpcrypt (exclude.c), or NULL. */
	struct tcpcrypt_exclude __rcu *exclude_addrs;
	struct mutex cfg_lock;
	struct ctl_table_header *sysctl;
	struct tcpcrypt_stats __percpu *stats;
	/* Segments handshakes hold now (stats.c: tcpcrypt_held_inc/dec). */
	atomic_t nheld;
	/* Bytes held for connections now (stats.c: tcpcrypt_mem_charge). */
	atomic_long_t mem;
	/* TCP_CRYPT_CMODE_* for sockets that did not choose one. */
	u16 default_cmode;
	/*
	 * When a listener that requires tcpcrypt last answered with a SYN
	 * cookie (jiffies; 0: never): until such cookies expire, a segment
	 * with no entry may complete one (hooks.c).
	 */
	unsigned long required_cookie_at;
	struct tcpcrypt_cache *cache;
	/* OAEP-RSA-3 key loaded by tcpcryptctl (rsakey.c), or NULL. */
	struct tcpcrypt_rsakey __rcu *rsakey;
};

extern unsigned int tcpcrypt_net_id;
extern bool tcpcrypt_param_full_csum;
extern struct workqueue_struct *tcpcrypt_wq;

/* prof.c: stage timing of the data path, off until debugfs switches it on. */
int tcpcrypt_prof_init(void);
void tcpcrypt_prof_exit(void);

static inline struct tcpcrypt_net *tcpcrypt_pernet(const struct net *net)
{
	return net_generic(net, tcpcrypt_net_id);
}

static inline void tcpcrypt_stat_inc(struct tcpcrypt_net *tn,
				     enum tcpcrypt_stat id)
{
	this_cpu_inc(tn->stats->cnt[id]);
}

static inline void tcpcrypt_stat_add(struct tcpcrypt_net *tn,
				     enum tcpcrypt_stat id, unsigned long n)
{
	this_cpu_add(tn->stats->cnt[id], n);
}

/* netns.c */
int tcpcrypt_netns_register(void);
void tcpcrypt_netns_unregister(void);

/* stats.c */
int tcpcrypt_stats_init(struct tcpcrypt_net *tn);
void tcpcrypt_stats_free(struct tcpcrypt_net *tn);
/*
 * A handshake reached ENCRYPTING jiffies_elapsed after its first SYN.
 * Any context.
 */
void tcpcrypt_stats_hs_latency(struct tcpcrypt_net *tn,
			       unsigned long jiffies_elapsed);
/*
 * A handshake holds a segment back (inc, which also counts it in
 * TcpcryptHeldSegs) or lets it go, delivered or dropped (dec). Any
 * context; one dec per inc.
 */
void tcpcrypt_held_inc(struct tcpcrypt_net *tn);
void tcpcrypt_held_dec(struct tcpcrypt_net *tn);
/*
 * Account bytes the module holds for a connection (negative: they were
 * freed). Any context. Uncharge before the namespace can go, that is not
 * from an RCU callback: the gauge lives in the namespace's state.
 */
void tcpcrypt_mem_charge(struct tcpcrypt_net *tn, long bytes);
int tcpcrypt_proc_init(struct net *net);
void tcpcrypt_proc_exit(struct net *net);

/* sysctl.c */
bool tcpcrypt_port_excluded(struct tcpcrypt_net *tn, __be16 a, __be16 b);
/* "always-nk" for TCP_CRYPT_CMODE_ALWAYS_NK; NULL if not a valid mode. */
const char *tcpcrypt_cmode_name(u16 cmode);

/* exclude.c */
void tcpcrypt_exclude_exit(struct tcpcrypt_net *tn);
bool tcpcrypt_addr_excluded(struct tcpcrypt_net *tn,
			    const struct tcpcrypt_conn_key *key);

/* hooks.c */
int tcpcrypt_hooks_register(struct net *net);
void tcpcrypt_hooks_unregister(struct net *net);

/* Per-CPU flag: segments the module sends itself pass its own hooks. */
DECLARE_PER_CPU(bool, tcpcrypt_emitting);

struct tcpcrypt_conn;

/* handshake.c */
void tcpcrypt_handshake_conn_init(struct tcpcrypt_conn *conn);
void tcpcrypt_handshake_conn_stop(struct tcpcrypt_conn *conn);
void tcpcrypt_hs_timeout(struct tcpcrypt_conn *conn);

#endif /* _TCPCRYPT_H */
