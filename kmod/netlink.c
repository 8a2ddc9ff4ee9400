// SPDX-License-Identifier: GPL-2.0
/*
 * The "tcpcrypt" generic netlink family: sessions, counters and settings
 * of the caller's network namespace, key refresh, RSA key loading, session
 * cache flush, and an event group.
 * The attribute tree is documented in include/uapi/linux/tcpcrypt.h;
 * tools/tcpcryptctl speaks it.
 *
 * Settings are the very state the sysctls show (sysctl.c, config.c), so
 * both views always agree. Reading is open to everyone, as the sysctls
 * and /proc/net/tcpcrypt_stat are; sessions, changes and events need
 * CAP_NET_ADMIN over the namespace, as /proc/net/tcpcrypt_conns does.
 */
#include <linux/bitmap.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "tcpcrypt.h"
#include "conn.h"
#include "config.h"
#include "exclude.h"
#include "netlink.h"
#include "keys.h"
#include "rsakey.h"
#include "sesscache.h"
#include "settings.h"

static struct genl_family tcpcrypt_genl_family;

enum {
	TCPCRYPT_MCGRP_EVENTS,
};

/* Set while the family is registered; events check it under RCU. */
static bool tcpcrypt_nl_ready;

#define TCPCRYPT_NPORTS		65536
#define TCPCRYPT_NAME_MAX	15

/* ---- connections -------------------------------------------------------- */

/* What a message says of a connection, copied under its lock. */
struct tcpcrypt_nl_conn {
	struct tcpcrypt_conn_key key;
	enum tcpcrypt_state state;
	bool is_client;
	bool legacy;
	u8 app;
	const char *pk;
	const char *suite;
	u8 sid[TCP_CRYPT_SESSID_LEN];
	unsigned long started;
	u64 segs_out, segs_in, bytes_out, bytes_in, mac_failures;
};

static void tcpcrypt_nl_snapshot(struct tcpcrypt_conn *conn,
				 struct tcpcrypt_nl_conn *s)
{
	s->key = conn->key;
	s->is_client = conn->is_client;
	s->started = conn->started;
	spin_lock_bh(&conn->lock);
	/*
	 * The state goes to ENCRYPTING under this lock after the session
	 * exists, so seeing it here means the session ID is complete.
	 */
	s->state = READ_ONCE(conn->state);
	s->legacy = conn->legacy_peer;
	s->pk = conn->pk ? conn->pk->name : NULL;
	s->suite = NULL;
	if (s->state == TCPCRYPT_ENCRYPTING) {
		s->suite = conn->tx.ops ? conn->tx.ops->name : NULL;
		memcpy(s->sid, conn->sess.sid, sizeof(s->sid));
		s->app = conn->sess.app;
	}
	spin_lock(&conn->tx_lock);
	s->segs_out = conn->segs_out;
	s->bytes_out = conn->bytes_out;
	spin_unlock(&conn->tx_lock);
	spin_lock(&conn->rx_lock);
	s->segs_in = conn->segs_in;
	s->bytes_in = conn->bytes_in;
	s->mac_failures = conn->mac_failures;
	spin_unlock(&conn->rx_lock);
	spin_unlock_bh(&conn->lock);
}

static size_t tcpcrypt_nl_conn_size(const struct tcpcrypt_nl_conn *s)
{
	return nla_total_size(0) +			/* the nest */
		nla_total_size(sizeof(u16)) +		/* family */
		2 * nla_total_size(16) +		/* addresses */
		2 * nla_total_size(sizeof(u16)) +	/* ports */
		2 * nla_total_size(sizeof(u8)) +	/* role, state */
		(s->pk ? nla_total_size(strlen(s->pk) + 1) : 0) +
		(s->suite ? nla_total_size(strlen(s->suite) + 1) +
		 nla_total_size(TCP_CRYPT_SESSID_LEN) +
		 nla_total_size(sizeof(u8)) : 0) +
		nla_total_size(0) +			/* legacy */
		6 * nla_total_size_64bit(sizeof(u64));	/* age, counters */
}

static int tcpcrypt_nl_put_conn(struct sk_buff *skb,
				const struct tcpcrypt_nl_conn *s)
{
	const struct tcpcrypt_conn_key *k = &s->key;
	unsigned int alen = k->family == AF_INET ? 4 : 16;
	u64 age = jiffies_to_msecs(jiffies - s->started);
	struct nlattr *nest;

	nest = nla_nest_start(skb, TCPCRYPT_A_CONN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, TCPCRYPT_CONN_A_FAMILY, k->family) ||
	    nla_put(skb, TCPCRYPT_CONN_A_LOCAL_ADDR, alen, k->laddr) ||
	    nla_put(skb, TCPCRYPT_CONN_A_REMOTE_ADDR, alen, k->raddr) ||
	    nla_put_u16(skb, TCPCRYPT_CONN_A_LOCAL_PORT, ntohs(k->lport)) ||
	    nla_put_u16(skb, TCPCRYPT_CONN_A_REMOTE_PORT, ntohs(k->rport)) ||
	    nla_put_u8(skb, TCPCRYPT_CONN_A_ROLE, s->is_client ?
		       TCP_CRYPT_ROLE_CLIENT : TCP_CRYPT_ROLE_SERVER) ||
	    nla_put_u8(skb, TCPCRYPT_CONN_A_STATE, s->state) ||
	    (s->pk && nla_put_string(skb, TCPCRYPT_CONN_A_PUBKEY, s->pk)) ||
	    (s->legacy && nla_put_flag(skb, TCPCRYPT_CONN_A_LEGACY)) ||
	    nla_put_u64_64bit(skb, TCPCRYPT_CONN_A_AGE_MS, age,
			      TCPCRYPT_CONN_A_PAD) ||
	    nla_put_u64_64bit(skb, TCPCRYPT_CONN_A_SEGS_OUT, s->segs_out,
			      TCPCRYPT_CONN_A_PAD) ||
	    nla_put_u64_64bit(skb, TCPCRYPT_CONN_A_SEGS_IN, s->segs_in,
			      TCPCRYPT_CONN_A_PAD) ||
	    nla_put_u64_64bit(skb, TCPCRYPT_CONN_A_BYTES_OUT, s->bytes_out,
			      TCPCRYPT_CONN_A_PAD) ||
	    nla_put_u64_64bit(skb, TCPCRYPT_CONN_A_BYTES_IN, s->bytes_in,
			      TCPCRYPT_CONN_A_PAD) ||
	    nla_put_u64_64bit(skb, TCPCRYPT_CONN_A_MAC_FAILURES,
			      s->mac_failures, TCPCRYPT_CONN_A_PAD))
		goto cancel;
	if (s->suite &&
	    (nla_put_string(skb, TCPCRYPT_CONN_A_SUITE, s->suite) ||
	     nla_put(skb, TCPCRYPT_CONN_A_SID, TCP_CRYPT_SESSID_LEN, s->sid) ||
	     nla_put_u8(skb, TCPCRYPT_CONN_A_APP, s->app)))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * A dump walks the table afresh for each message and skips the entries
 * earlier messages carried (cb->args[0]): the table may change between
 * messages, and an rhashtable walker cannot be kept across them without
 * pinning the table. cb->args[1] counts the resizes seen, which flag
 * the following messages NLM_F_DUMP_INTR.
 */
static int tcpcrypt_nl_dump_sessions(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(sock_net(skb->sk));
	unsigned long skip = cb->args[0], idx = 0;
	struct rhashtable_iter iter;
	struct tcpcrypt_conn *conn;
	struct tcpcrypt_nl_conn s;
	unsigned int n = 0;
	bool full = false;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &tcpcrypt_genl_family, NLM_F_MULTI,
			  TCPCRYPT_CMD_GET_SESSIONS);
	if (!hdr)
		return -EMSGSIZE;
	cb->seq = cb->args[1] + 1;
	genl_dump_check_consistent(cb, hdr);

	rhashtable_walk_enter(&tn->conns, &iter);
	rhashtable_walk_start(&iter);
	while ((conn = rhashtable_walk_next(&iter)) != NULL) {
		if (IS_ERR(conn)) {
			/* -EAGAIN: resized, the walk starts over. */
			cb->args[1]++;
			idx = 0;
			n = 0;
			continue;
		}
		if (idx < skip) {
			idx++;
			continue;
		}
		tcpcrypt_nl_snapshot(conn, &s);
		if (tcpcrypt_nl_put_conn(skb, &s)) {
			full = true;
			break;
		}
		idx++;
		n++;
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	memzero_explicit(&s, sizeof(s));

	cb->seq = cb->args[1] + 1;
	genl_dump_check_consistent(cb, hdr);
	cb->args[0] = idx;
	if (!n) {
		genlmsg_cancel(skb, hdr);
		/* One connection larger than a whole message cannot be. */
		return full ? -EMSGSIZE : 0;
	}
	genlmsg_end(skb, hdr);
	return skb->len;
}

/* ---- counters ----------------------------------------------------------- */

static int tcpcrypt_nl_put_latency(struct sk_buff *msg,
				   const struct tcpcrypt_net *tn)
{
	struct nlattr *hist, *bucket;
	unsigned int i;

	hist = nla_nest_start(msg, TCPCRYPT_A_HS_LATENCY);
	if (!hist)
		return -EMSGSIZE;
	for (i = 0; i < TCPCRYPT_HS_LATENCY_BUCKETS; i++) {
		u32 below = tcpcrypt_hs_latency_below_ms(i);

		bucket = nla_nest_start(msg, TCPCRYPT_HIST_A_BUCKET);
		if (!bucket ||
		    (below && nla_put_u32(msg, TCPCRYPT_BUCKET_A_BELOW_MS, below)) ||
		    nla_put_u64_64bit(msg, TCPCRYPT_BUCKET_A_COUNT,
				      tcpcrypt_hs_latency_sum(tn, i),
				      TCPCRYPT_BUCKET_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, bucket);
	}
	nla_nest_end(msg, hist);
	return 0;
}

static int tcpcrypt_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(genl_info_net(info));
	struct nlattr *stats, *ctr;
	struct sk_buff *msg;
	size_t size;
	void *hdr;
	int i;

	/* Conns, handshakes, held, cache entries, and the three bounds. */
	size = 7 * nla_total_size(sizeof(u32)) +
	       nla_total_size_64bit(sizeof(u64)) +		/* memory */
	       nla_total_size(0) +				/* histogram */
	       TCPCRYPT_HS_LATENCY_BUCKETS * (nla_total_size(0) +
		       nla_total_size(sizeof(u32)) +
		       nla_total_size_64bit(sizeof(u64))) +
	       nla_total_size(0);				/* counters */
	for (i = 0; i < TCPCRYPT_STAT_NUM; i++)
		size += nla_total_size(0) +
			nla_total_size(strlen(tcpcrypt_stat_name(i)) + 1) +
			nla_total_size_64bit(sizeof(u64));
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &tcpcrypt_genl_family, 0,
				TCPCRYPT_CMD_GET_STATS);
	if (!hdr)
		goto nospace;
	if (nla_put_u32(msg, TCPCRYPT_A_CONNS, atomic_read(&tn->nconns)) ||
	    nla_put_u32(msg, TCPCRYPT_A_MAX_CONNS, READ_ONCE(tn->max_conns)) ||
	    nla_put_u32(msg, TCPCRYPT_A_HANDSHAKES,
			atomic_read(&tn->nhandshakes)) ||
	    nla_put_u32(msg, TCPCRYPT_A_MAX_HANDSHAKES,
			READ_ONCE(tn->max_handshakes)) ||
	    nla_put_u32(msg, TCPCRYPT_A_HELD, tcpcrypt_held_now(tn)) ||
	    nla_put_u64_64bit(msg, TCPCRYPT_A_MEMORY, tcpcrypt_mem_now(tn),
			      TCPCRYPT_A_PAD) ||
	    nla_put_u32(msg, TCPCRYPT_A_CACHE_ENTRIES, tcpcrypt_cache_count(tn)) ||
	    nla_put_u32(msg, TCPCRYPT_A_CACHE_MAX, READ_ONCE(tn->cache_max)) ||
	    tcpcrypt_nl_put_latency(msg, tn))
		goto nospace;
	stats = nla_nest_start(msg, TCPCRYPT_A_STATS);
	if (!stats)
		goto nospace;
	for (i = 0; i < TCPCRYPT_STAT_NUM; i++) {
		ctr = nla_nest_start(msg, TCPCRYPT_STATS_A_COUNTER);
		if (!ctr ||
		    nla_put_string(msg, TCPCRYPT_COUNTER_A_NAME,
				   tcpcrypt_stat_name(i)) ||
		    nla_put_u64_64bit(msg, TCPCRYPT_COUNTER_A_VALUE,
				      tcpcrypt_stat_sum(tn, i),
				      TCPCRYPT_COUNTER_A_PAD))
			goto nospace;
		nla_nest_end(msg, ctr);
	}
	nla_nest_end(msg, stats);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	/* The size above counts every attribute: a bug if it is short. */
	WARN_ON_ONCE(1);
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ---- settings ----------------------------------------------------------- */

static int tcpcrypt_nl_put_list(struct sk_buff *msg, int type, const u32 *ids,
				unsigned int n, bool sym)
{
	struct nlattr *nest = nla_nest_start(msg, type);
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		const char *name = sym ? tcpcrypt_sym_name(ids[i]) :
					 tcpcrypt_pk_name(ids[i]);

		if (name && nla_put_string(msg, TCPCRYPT_LIST_A_NAME, name))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Ranges of set bits in the exclusion map; calls put for each. */
static unsigned int tcpcrypt_nl_port_ranges(const unsigned long *bits,
					    struct sk_buff *msg, int *err)
{
	unsigned long first = 0, last;
	unsigned int n = 0;

	while (bits) {
		struct tcpcrypt_port_range r;

		first = find_next_bit(bits, TCPCRYPT_NPORTS, first);
		if (first >= TCPCRYPT_NPORTS)
			break;
		last = find_next_zero_bit(bits, TCPCRYPT_NPORTS, first) - 1;
		r.first = first;
		r.last = last;
		if (msg && !*err)
			*err = nla_put(msg, TCPCRYPT_PORTS_A_RANGE, sizeof(r), &r);
		n++;
		first = last + 1;
	}
	return n;
}

static int tcpcrypt_nl_put_addrs(struct sk_buff *msg,
				 const struct tcpcrypt_exclude *ex)
{
	struct nlattr *list, *pfx;
	unsigned int i;

	list = nla_nest_start(msg, TCPCRYPT_A_EXCLUDE_ADDRS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; ex && i < ex->n; i++) {
		const struct tcpcrypt_prefix *p = &ex->p[i];

		pfx = nla_nest_start(msg, TCPCRYPT_ADDRS_A_PREFIX);
		if (!pfx ||
		    nla_put_u16(msg, TCPCRYPT_PREFIX_A_FAMILY, p->family) ||
		    nla_put(msg, TCPCRYPT_PREFIX_A_ADDR,
			    p->family == AF_INET ? 4 : 16, p->addr) ||
		    nla_put_u8(msg, TCPCRYPT_PREFIX_A_LEN, p->plen))
			return -EMSGSIZE;
		nla_nest_end(msg, pfx);
	}
	nla_nest_end(msg, list);
	return 0;
}

/* The RSA key as tcpcrypt_rsakey_info() described it. */
struct tcpcrypt_nl_rsakey {
	bool loaded;
	unsigned int bits;
	unsigned long since;	/* jiffies */
};

static int tcpcrypt_nl_put_rsakey(struct sk_buff *msg,
				  const struct tcpcrypt_nl_rsakey *rk)
{
	if (!rk->loaded)
		return nla_put_u8(msg, TCPCRYPT_A_RSA_KEY_LOADED, 0);
	if (nla_put_u8(msg, TCPCRYPT_A_RSA_KEY_LOADED, 1) ||
	    nla_put_u32(msg, TCPCRYPT_A_RSA_KEY_BITS, rk->bits) ||
	    nla_put_u64_64bit(msg, TCPCRYPT_A_RSA_KEY_AGE_MS,
			      jiffies_to_msecs(jiffies - rk->since),
			      TCPCRYPT_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/* Every numeric setting of the table, each as its attribute. */
static int tcpcrypt_nl_put_num_settings(struct sk_buff *msg,
					const struct tcpcrypt_net *tn)
{
#define TCPCRYPT_NL_PUT(name, attr, type, ...)				\
	if (nla_put_##type(msg, TCPCRYPT_A_##attr,			\
			   tcpcrypt_setting_get(tn, TCPCRYPT_SET_##name)))	\
		return -EMSGSIZE;
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NL_PUT)
#undef TCPCRYPT_NL_PUT
	return 0;
}

static int tcpcrypt_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(genl_info_net(info));
	const struct tcpcrypt_exclude *ex;
	const struct tcpcrypt_cfg *cfg;
	struct tcpcrypt_nl_rsakey rk;
	const unsigned long *bits;
	struct nlattr *ports;
	struct sk_buff *msg;
	int err = 0;
	size_t size;
	void *hdr;

	/* Before cfg_lock: the key has locking of its own (rsakey.c). */
	rk.loaded = tcpcrypt_rsakey_info(tn, &rk.bits, &rk.since);
	/* The lists cannot change while we size and fill the message. */
	mutex_lock(&tn->cfg_lock);
	bits = rcu_dereference_protected(tn->exclude_ports,
					 lockdep_is_held(&tn->cfg_lock));
	ex = rcu_dereference_protected(tn->exclude_addrs,
				       lockdep_is_held(&tn->cfg_lock));
	/*
	 * The numeric settings (at most a u32 each); legacy, RSA key loaded;
	 * RSA bits; cmode; RSA key age.
	 */
	size = TCPCRYPT_NUM_SETTINGS_COUNT * nla_total_size(sizeof(u32)) +
	       2 * nla_total_size(sizeof(u8)) + nla_total_size(sizeof(u32)) +
	       nla_total_size(sizeof(u16)) + nla_total_size_64bit(sizeof(u64)) +
	       2 * nla_total_size(0) +
	       2 * TCPCRYPT_CFG_MAX * nla_total_size(TCPCRYPT_NAME_MAX + 1) +
	       nla_total_size(0) +
	       tcpcrypt_nl_port_ranges(bits, NULL, NULL) *
	       nla_total_size(sizeof(struct tcpcrypt_port_range)) +
	       nla_total_size(0) +
	       TCPCRYPT_EXCLUDE_ADDRS_MAX * (nla_total_size(0) +
		       nla_total_size(sizeof(u16)) + nla_total_size(16) +
		       nla_total_size(sizeof(u8)));
	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg) {
		mutex_unlock(&tn->cfg_lock);
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &tcpcrypt_genl_family, 0,
				TCPCRYPT_CMD_GET_CONFIG);
	if (!hdr)
		goto nospace;
	if (tcpcrypt_nl_put_num_settings(msg, tn) ||
	    nla_put_u16(msg, TCPCRYPT_A_DEFAULT_CMODE,
			READ_ONCE(tn->default_cmode)))
		goto nospace;
	cfg = rcu_dereference_protected(tn->cfg, lockdep_is_held(&tn->cfg_lock));
	if (tcpcrypt_nl_put_list(msg, TCPCRYPT_A_PUBKEYS, cfg->pk, cfg->npk,
				 false) ||
	    tcpcrypt_nl_put_list(msg, TCPCRYPT_A_SUITES, cfg->sym, cfg->nsym,
				 true) ||
	    nla_put_u8(msg, TCPCRYPT_A_LEGACY,
		       tcpcrypt_cfg_has_sym(cfg, TCPCRYPT_SYM_AES128_HMAC)))
		goto nospace;
	ports = nla_nest_start(msg, TCPCRYPT_A_EXCLUDE_PORTS);
	if (!ports)
		goto nospace;
	tcpcrypt_nl_port_ranges(bits, msg, &err);
	if (err)
		goto nospace;
	nla_nest_end(msg, ports);
	if (tcpcrypt_nl_put_addrs(msg, ex) || tcpcrypt_nl_put_rsakey(msg, &rk))
		goto nospace;
	mutex_unlock(&tn->cfg_lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

nospace:
	mutex_unlock(&tn->cfg_lock);
	WARN_ON_ONCE(1);
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * A list of cipher or suite names into ids. The messages name the valid
 * values; they must be literals, so they repeat config.c's names.
 */
static int tcpcrypt_nl_parse_list(const struct nlattr *list, bool sym,
				  u32 *ids, struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	unsigned int n = 0, j;
	int rem;

	nla_for_each_nested(a, list, rem) {
		u32 id;

		if (n == TCPCRYPT_CFG_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a, "at most 4 names");
			return -EINVAL;
		}
		if (tcpcrypt_cfg_parse(nla_data(a), sym, &id, 1) != 1) {
			if (sym)
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "unknown suite; valid: chacha20, aes128");
			else
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "unknown public-key cipher; valid: p256, x25519, rsa3");
			return -EINVAL;
		}
		for (j = 0; j < n; j++) {
			if (ids[j] == id) {
				NL_SET_ERR_MSG_ATTR(extack, a, "name given twice");
				return -EINVAL;
			}
		}
		ids[n++] = id;
	}
	if (!n) {
		if (sym)
			NL_SET_ERR_MSG_ATTR(extack, list,
					    "no suite given; valid: chacha20, aes128");
		else
			NL_SET_ERR_MSG_ATTR(extack, list,
					    "no public-key cipher given; valid: p256, x25519, rsa3");
		return -EINVAL;
	}
	return n;
}

static int tcpcrypt_nl_parse_ports(const struct nlattr *list,
				   unsigned long **bitsp,
				   struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	unsigned long *bits;
	int rem;

	bits = bitmap_zalloc(TCPCRYPT_NPORTS, GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	nla_for_each_nested(a, list, rem) {
		const struct tcpcrypt_port_range *r = nla_data(a);

		if (r->first > r->last) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "port range ends before it starts");
			bitmap_free(bits);
			return -EINVAL;
		}
		bitmap_set(bits, r->first, r->last - r->first + 1);
	}
	if (bitmap_empty(bits, TCPCRYPT_NPORTS)) {
		bitmap_free(bits);
		bits = NULL;
	}
	*bitsp = bits;
	return 0;
}

static const struct nla_policy tcpcrypt_prefix_policy[TCPCRYPT_PREFIX_A_MAX + 1] = {
	[TCPCRYPT_PREFIX_A_FAMILY] = { .type = NLA_U16 },
	[TCPCRYPT_PREFIX_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[TCPCRYPT_PREFIX_A_LEN] = { .type = NLA_U8 },
};

/* A list of prefixes into a new exclusion list, each checked and masked. */
static int tcpcrypt_nl_parse_addrs(const struct nlattr *list,
				   struct tcpcrypt_exclude **exp,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[TCPCRYPT_PREFIX_A_MAX + 1];
	struct tcpcrypt_exclude *ex;
	const struct nlattr *a;
	int rem, err = -EINVAL;

	ex = kzalloc(sizeof(*ex), GFP_KERNEL);
	if (!ex)
		return -ENOMEM;
	nla_for_each_nested(a, list, rem) {
		struct tcpcrypt_prefix *p = &ex->p[ex->n];
		unsigned int alen;

		if (ex->n == TCPCRYPT_EXCLUDE_ADDRS_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a, "at most 16 prefixes");
			goto bad;
		}
		/* Validated by the policy already; this only splits it up. */
		err = nla_parse_nested(tb, TCPCRYPT_PREFIX_A_MAX, a,
				       tcpcrypt_prefix_policy, extack);
		if (err)
			goto bad;
		err = -EINVAL;
		if (!tb[TCPCRYPT_PREFIX_A_FAMILY] || !tb[TCPCRYPT_PREFIX_A_ADDR] ||
		    !tb[TCPCRYPT_PREFIX_A_LEN]) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a prefix needs a family, an address and a length");
			goto bad;
		}
		p->family = nla_get_u16(tb[TCPCRYPT_PREFIX_A_FAMILY]);
		if (p->family != AF_INET && p->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[TCPCRYPT_PREFIX_A_FAMILY],
					    "unknown address family; valid: AF_INET, AF_INET6");
			goto bad;
		}
		alen = p->family == AF_INET ? 4 : 16;
		if (nla_len(tb[TCPCRYPT_PREFIX_A_ADDR]) != alen) {
			NL_SET_ERR_MSG_ATTR(extack, tb[TCPCRYPT_PREFIX_A_ADDR],
					    "address length does not match the family; valid: 4 bytes for AF_INET, 16 for AF_INET6");
			goto bad;
		}
		memcpy(p->addr, nla_data(tb[TCPCRYPT_PREFIX_A_ADDR]), alen);
		p->plen = nla_get_u8(tb[TCPCRYPT_PREFIX_A_LEN]);
		if (tcpcrypt_prefix_mask(p)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[TCPCRYPT_PREFIX_A_LEN],
					    "prefix length longer than the address; valid: 0 to 32 for IPv4, 0 to 128 for IPv6");
			goto bad;
		}
		ex->n++;
	}
	*exp = ex;
	return 0;

bad:
	kfree(ex);
	return err;
}

/* Whether aes128 is the namespace's only suite: legacy off must fail. */
static bool tcpcrypt_nl_legacy_only(struct tcpcrypt_net *tn)
{
	const struct tcpcrypt_cfg *cfg;
	bool only;

	rcu_read_lock();
	cfg = tcpcrypt_cfg_get(tn);
	only = cfg->nsym == 1 && cfg->sym[0] == TCPCRYPT_SYM_AES128_HMAC;
	rcu_read_unlock();
	return only;
}

/* A refusal whose message is not a literal (NL_SET_ERR_MSG wants one). */
static void tcpcrypt_nl_err(struct netlink_ext_ack *extack,
			    const struct nlattr *attr, const char *msg)
{
	if (extack && msg) {
		extack->_msg = msg;
		extack->bad_attr = attr;
	}
}

static int tcpcrypt_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	u32 pk[TCPCRYPT_CFG_MAX], sym[TCPCRYPT_CFG_MAX];
	struct tcpcrypt_exclude *addrs = NULL;
	int npk = 0, nsym = 0, err;
	unsigned long *ports = NULL;
	const struct nlattr *a;

	/* Check everything first, so that a refused request changes nothing. */
	if (attrs[TCPCRYPT_A_SUITES] && attrs[TCPCRYPT_A_LEGACY]) {
		/* Which would win is arbitrary: ask for one or the other. */
		NL_SET_ERR_MSG_ATTR(extack, attrs[TCPCRYPT_A_LEGACY],
				    "legacy and suites together; give the suites alone, with or without aes128");
		return -EINVAL;
	}
	a = attrs[TCPCRYPT_A_LEGACY];
	if (a && !nla_get_u8(a) && tcpcrypt_nl_legacy_only(tn)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "aes128 is the only suite; valid: legacy off once the suites list chacha20 too");
		return -EINVAL;
	}
	if (attrs[TCPCRYPT_A_PUBKEYS]) {
		npk = tcpcrypt_nl_parse_list(attrs[TCPCRYPT_A_PUBKEYS], false,
					     pk, extack);
		if (npk < 0)
			return npk;
	}
	if (attrs[TCPCRYPT_A_SUITES]) {
		nsym = tcpcrypt_nl_parse_list(attrs[TCPCRYPT_A_SUITES], true,
					      sym, extack);
		if (nsym < 0)
			return nsym;
	}
	if (attrs[TCPCRYPT_A_EXCLUDE_PORTS]) {
		err = tcpcrypt_nl_parse_ports(attrs[TCPCRYPT_A_EXCLUDE_PORTS],
					      &ports, extack);
		if (err)
			return err;
	}
	if (attrs[TCPCRYPT_A_EXCLUDE_ADDRS]) {
		err = tcpcrypt_nl_parse_addrs(attrs[TCPCRYPT_A_EXCLUDE_ADDRS],
					      &addrs, extack);
		if (err)
			goto out;
	}

	/*
	 * The key is checked as it is loaded, so it goes first: when it is
	 * refused nothing else has changed. Only allocation can fail after.
	 */
	a = attrs[TCPCRYPT_A_RSA_KEY];
	if (a && nla_len(a)) {
		const char *msg = NULL;

		err = tcpcrypt_rsakey_set(tn, nla_data(a), nla_len(a), &msg);
		if (err) {
			tcpcrypt_nl_err(extack, a, msg);
			goto out;
		}
	} else if (a) {
		tcpcrypt_rsakey_clear(tn);
	}
	if (attrs[TCPCRYPT_A_LEGACY]) {
		/* -EINVAL only if the suites changed since the check above. */
		err = tcpcrypt_cfg_set_legacy(tn, nla_get_u8(attrs[TCPCRYPT_A_LEGACY]));
		if (err)
			goto out;
	}
	if (npk) {
		err = tcpcrypt_cfg_set_pk(tn, pk, npk);
		if (err)
			goto out;
	}
	if (nsym) {
		err = tcpcrypt_cfg_set_sym(tn, sym, nsym);
		if (err)
			goto out;
	}
	if (attrs[TCPCRYPT_A_EXCLUDE_PORTS]) {
		tcpcrypt_exclude_ports_replace(tn, ports);
		ports = NULL;
	}
	/* In range already: the policy checked the table's bounds. */
#define TCPCRYPT_NL_SET(name, attr, type, ...)				\
	if (attrs[TCPCRYPT_A_##attr])					\
		tcpcrypt_setting_set(tn, TCPCRYPT_SET_##name,		\
				     nla_get_##type(attrs[TCPCRYPT_A_##attr]));
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NL_SET)
#undef TCPCRYPT_NL_SET
	if (attrs[TCPCRYPT_A_EXCLUDE_ADDRS]) {
		tcpcrypt_exclude_addrs_replace(tn, addrs);
		addrs = NULL;
	}
	if (attrs[TCPCRYPT_A_DEFAULT_CMODE])
		WRITE_ONCE(tn->default_cmode,
			   nla_get_u16(attrs[TCPCRYPT_A_DEFAULT_CMODE]));
	err = 0;
out:
	bitmap_free(ports);
	kfree(addrs);
	return err;
}

static int tcpcrypt_nl_refresh_keys(struct sk_buff *skb, struct genl_info *info)
{
	tcpcrypt_keys_rotate(tcpcrypt_pernet(genl_info_net(info)));
	return 0;
}

static int tcpcrypt_nl_flush_cache(struct sk_buff *skb, struct genl_info *info)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(genl_info_net(info));
	struct sk_buff *msg;
	unsigned int n;
	void *hdr;

	/* Allocate first: once wiped, the count must reach the caller. */
	msg = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &tcpcrypt_genl_family, 0,
				TCPCRYPT_CMD_FLUSH_CACHE);
	n = tcpcrypt_cache_flush(tn);
	if (!hdr || nla_put_u32(msg, TCPCRYPT_A_CACHE_FLUSHED, n)) {
		WARN_ON_ONCE(1);
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---- events ------------------------------------------------------------- */

/*
 * MAC failures come in floods when someone tampers with a connection:
 * at most one event a second per slot, connections hashed into slots.
 * Sharing a slot only delays an event; each carries the running total.
 */
#define TCPCRYPT_NL_MAC_SLOTS_BITS	8
static unsigned long tcpcrypt_nl_mac_last[1 << TCPCRYPT_NL_MAC_SLOTS_BITS];

static bool tcpcrypt_nl_mac_event_due(const struct tcpcrypt_conn *conn)
{
	unsigned long *slot = &tcpcrypt_nl_mac_last[hash_ptr(conn,
					TCPCRYPT_NL_MAC_SLOTS_BITS)];
	unsigned long last = READ_ONCE(*slot), now = jiffies | 1;

	if (last && time_before(now, last + HZ))
		return false;
	return cmpxchg(slot, last, now) == last;
}

void tcpcrypt_nl_event(struct tcpcrypt_conn *conn, int event)
{
	struct net *net = conn->tn->net;
	struct tcpcrypt_nl_conn s;
	struct sk_buff *msg;
	void *hdr;

	rcu_read_lock();
	if (!READ_ONCE(tcpcrypt_nl_ready) ||
	    !genl_has_listeners(&tcpcrypt_genl_family, net,
				TCPCRYPT_MCGRP_EVENTS))
		goto out;
	if (event == TCPCRYPT_EVENT_MAC_FAILURE &&
	    !tcpcrypt_nl_mac_event_due(conn))
		goto out;
	tcpcrypt_nl_snapshot(conn, &s);
	msg = genlmsg_new(nla_total_size(sizeof(u8)) + tcpcrypt_nl_conn_size(&s),
			  GFP_ATOMIC);
	if (!msg)
		goto out;
	hdr = genlmsg_put(msg, 0, 0, &tcpcrypt_genl_family, 0,
			  TCPCRYPT_CMD_EVENT);
	if (!hdr || nla_put_u8(msg, TCPCRYPT_A_EVENT, event) ||
	    tcpcrypt_nl_put_conn(msg, &s)) {
		WARN_ON_ONCE(1);
		nlmsg_free(msg);
		goto out;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&tcpcrypt_genl_family, net, msg, 0,
				TCPCRYPT_MCGRP_EVENTS, GFP_ATOMIC);
out:
	rcu_read_unlock();
}

/* ---- the family --------------------------------------------------------- */

static const struct nla_policy tcpcrypt_list_policy[TCPCRYPT_LIST_A_MAX + 1] = {
	[TCPCRYPT_LIST_A_NAME] = { .type = NLA_NUL_STRING,
				   .len = TCPCRYPT_NAME_MAX },
};

static const struct nla_policy tcpcrypt_ports_policy[TCPCRYPT_PORTS_A_MAX + 1] = {
	[TCPCRYPT_PORTS_A_RANGE] =
		NLA_POLICY_EXACT_LEN(sizeof(struct tcpcrypt_port_range)),
};

static const struct nla_policy tcpcrypt_addrs_policy[TCPCRYPT_ADDRS_A_MAX + 1] = {
	[TCPCRYPT_ADDRS_A_PREFIX] = NLA_POLICY_NESTED(tcpcrypt_prefix_policy),
};

/* The ranges of the numeric settings, from the table. */
#define TCPCRYPT_NL_RANGE(name, attr, type, lo, hi, def)		\
	static struct netlink_range_validation tcpcrypt_nl_range_##name = {	\
		.min = (lo),						\
		.max = (hi),						\
	};
TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NL_RANGE)
#undef TCPCRYPT_NL_RANGE

#define TCPCRYPT_NLA_u8		NLA_U8
#define TCPCRYPT_NLA_u32	NLA_U32

/* The modes are a value and a flag: a range cannot say which are valid. */
static int tcpcrypt_nl_check_cmode(const struct nlattr *attr,
				   struct netlink_ext_ack *extack)
{
	if (tcpcrypt_cmode_name(nla_get_u16(attr)))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "unknown connection mode; valid: TCP_CRYPT_CMODE_DEFAULT, _ALWAYS or _NEVER, each optionally | TCP_CRYPT_CMODE_NK");
	return -EINVAL;
}

static const struct nla_policy tcpcrypt_set_policy[TCPCRYPT_A_MAX + 1] = {
#define TCPCRYPT_NL_POLICY(name, attr, type, ...)			\
	[TCPCRYPT_A_##attr] = NLA_POLICY_FULL_RANGE(TCPCRYPT_NLA_##type,	\
						    &tcpcrypt_nl_range_##name),
	TCPCRYPT_NUM_SETTINGS(TCPCRYPT_NL_POLICY)
#undef TCPCRYPT_NL_POLICY
	[TCPCRYPT_A_PUBKEYS] = NLA_POLICY_NESTED(tcpcrypt_list_policy),
	[TCPCRYPT_A_SUITES] = NLA_POLICY_NESTED(tcpcrypt_list_policy),
	[TCPCRYPT_A_EXCLUDE_PORTS] = NLA_POLICY_NESTED(tcpcrypt_ports_policy),
	[TCPCRYPT_A_EXCLUDE_ADDRS] = NLA_POLICY_NESTED(tcpcrypt_addrs_policy),
	[TCPCRYPT_A_DEFAULT_CMODE] = NLA_POLICY_VALIDATE_FN(NLA_U16,
							    tcpcrypt_nl_check_cmode),
	[TCPCRYPT_A_LEGACY] = NLA_POLICY_MAX(NLA_U8, 1),
	[TCPCRYPT_A_RSA_KEY] = { .type = NLA_BINARY, .len = TCPCRYPT_RSA_KEY_MAX },
};

/*
 * Commands without a policy of their own accept no attributes at all
 * (strict validation from command 0 on: resv_start_op).
 */
static const struct genl_ops tcpcrypt_genl_ops[] = {
	{
		.cmd = TCPCRYPT_CMD_GET_SESSIONS,
		.dumpit = tcpcrypt_nl_dump_sessions,
		/* Session IDs, as /proc/net/tcpcrypt_conns (0400). */
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCPCRYPT_CMD_GET_STATS,
		.doit = tcpcrypt_nl_get_stats,
	},
	{
		.cmd = TCPCRYPT_CMD_GET_CONFIG,
		.doit = tcpcrypt_nl_get_config,
	},
	{
		.cmd = TCPCRYPT_CMD_SET_CONFIG,
		.doit = tcpcrypt_nl_set_config,
		.policy = tcpcrypt_set_policy,
		.maxattr = TCPCRYPT_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCPCRYPT_CMD_REFRESH_KEYS,
		.doit = tcpcrypt_nl_refresh_keys,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = TCPCRYPT_CMD_FLUSH_CACHE,
		.doit = tcpcrypt_nl_flush_cache,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group tcpcrypt_genl_mcgrps[] = {
	[TCPCRYPT_MCGRP_EVENTS] = {
		.name = TCPCRYPT_GENL_MCGRP_EVENTS,
		/* Events carry session IDs too. */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

static struct genl_family tcpcrypt_genl_family __ro_after_init = {
	.name = TCPCRYPT_GENL_NAME,
	.version = TCPCRYPT_GENL_VERSION,
	.maxattr = TCPCRYPT_A_MAX,
	.netnsok = true,
	/* Each command locks what it touches; no need for genl_mutex. */
	.parallel_ops = true,
	.ops = tcpcrypt_genl_ops,
	.n_ops = ARRAY_SIZE(tcpcrypt_genl_ops),
	.resv_start_op = TCPCRYPT_CMD_UNSPEC,
	.mcgrps = tcpcrypt_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(tcpcrypt_genl_mcgrps),
	.module = THIS_MODULE,
};

int __init tcpcrypt_genl_init(void)
{
	int err;

	/* The uapi states mirror the kernel's; the tool names them. */
	BUILD_BUG_ON((int)TCPCRYPT_NSTATES != (int)__TCPCRYPT_CONN_STATE_MAX);
	BUILD_BUG_ON((int)TCPCRYPT_ENCRYPTING != (int)TCPCRYPT_CONN_ENCRYPTING);
	BUILD_BUG_ON((int)TCPCRYPT_FAILED != (int)TCPCRYPT_CONN_FAILED);
	BUILD_BUG_ON(TCP_CRYPT_SESSID_LEN != sizeof_field(struct tcpcrypt_session, sid));

	err = genl_register_family(&tcpcrypt_genl_family);
	if (err)
		return err;
	WRITE_ONCE(tcpcrypt_nl_ready, true);
	return 0;
}

void tcpcrypt_genl_exit(void)
{
	/* No event may be built against a family on its way out. */
	WRITE_ONCE(tcpcrypt_nl_ready, false);
	synchronize_rcu();
	genl_unregister_family(&tcpcrypt_genl_family);
}

/*
 * No MODULE_ALIAS_GENL_FAMILY: genetlink resolves a family name for any
 * user and would load us on demand, and loading switches tcpcrypt on for
 * every connection of the host. That is an administrator's decision
 * (modprobe, modules-load.d); tcpcryptctl says so when we are absent.
 */
