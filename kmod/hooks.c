// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter entry points. Every TCP segment a namespace sends or receives
 * passes through here: it is classified, counted, matched to its
 * connection and handed to the handshake or the data path.
 *
 * Hook points and priorities:
 *  - LOCAL_OUT just before the raw table (NF_IP_PRI_RAW - 1): the tuple is
 *    still the socket's (no DNAT yet) and skb->sk is set, while raw,
 *    conntrack, filter and SNAT all see what goes on the wire.
 *  - LOCAL_IN just after source NAT (NF_IP_PRI_NAT_SRC + 1): only segments
 *    for local sockets, with their tuple already de-NATed back to the
 *    socket's; conntrack has tracked the wire view at PRE_ROUTING.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "engine.h"
#include "proto/tcpopt.h"

enum tcpcrypt_dir {
	TCPCRYPT_DIR_OUT,
	TCPCRYPT_DIR_IN,
};

void tcpcrypt_pkt_key(const struct tcpcrypt_pkt *p, bool out,
		      struct tcpcrypt_conn_key *key)
{
	const struct sk_buff *skb = p->skb;
	const struct tcphdr *th = tcpcrypt_pkt_th(p);

	memset(key, 0, sizeof(*key));
	key->family = p->seg.family;
	key->lport = out ? th->source : th->dest;
	key->rport = out ? th->dest : th->source;
	if (p->seg.family == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		key->laddr[0] = out ? iph->saddr : iph->daddr;
		key->raddr[0] = out ? iph->daddr : iph->saddr;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		memcpy(key->laddr, out ? &ip6h->saddr : &ip6h->daddr, 16);
		memcpy(key->raddr, out ? &ip6h->daddr : &ip6h->saddr, 16);
	}
}

static unsigned int tcpcrypt_in_v4(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state);
static unsigned int tcpcrypt_in_v6(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state);

/*
 * A segment we took (NF_STOLEN) goes on through the LOCAL_IN hooks after
 * ours, then to the stack, as nf_reinject() resumes a queued one: a hook of
 * a higher priority (conntrack's confirmation, a security module's) must
 * see it as it sees any other. If our hook is gone, none of them runs.
 * BHs off and under RCU, as in the hook itself.
 */
void tcpcrypt_in_resume(struct net *net, u8 pf, struct net_device *indev,
			struct sk_buff *skb,
			int (*okfn)(struct net *, struct sock *, struct sk_buff *))
{
	nf_hookfn *ours = pf == NFPROTO_IPV4 ? tcpcrypt_in_v4 : tcpcrypt_in_v6;
	const struct nf_hook_entries *e = NULL;
	struct nf_hook_state state;
	unsigned int i = 0;
	int ret = 1;

	nf_hook_state_init(&state, NF_INET_LOCAL_IN, pf, indev, NULL, NULL,
			   net, okfn);
	if (pf == NFPROTO_IPV4)
		e = rcu_dereference(net->nf.hooks_ipv4[NF_INET_LOCAL_IN]);
#if IS_ENABLED(CONFIG_IPV6)
	else
		e = rcu_dereference(net->nf.hooks_ipv6[NF_INET_LOCAL_IN]);
#endif
	if (e) {
		while (i < e->num_hook_entries && e->hooks[i].hook != ours)
			i++;
		ret = nf_hook_slow(skb, &state, e, i + 1);
	}
	if (ret == 1)
		okfn(net, NULL, skb);
}

/* A GSO skb of a protected connection: MAC each segment on its own. */
static unsigned int tcpcrypt_out_gso(struct tcpcrypt_net *tn,
				     struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs))
		return NF_DROP;
	consume_skb(skb);
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_GSO_SEGMENTED);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		/* Each segment passes the LOCAL_OUT hooks again, ours included. */
		if (state->pf == NFPROTO_IPV4)
			ip_local_out(state->net, seg->sk, seg);
		else
			ip6_local_out(state->net, seg->sk, seg);
	}
	return NF_STOLEN;
}

/*
 * A GRO skb of a protected connection. TCP's GRO never merges segments
 * whose option bytes differ, and every MAC differs, so this takes hardware
 * LRO or a future change; each segment is then checked on its own.
 */
static unsigned int tcpcrypt_in_gso(struct tcpcrypt_net *tn,
				    struct tcpcrypt_conn *conn,
				    struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs))
		return NF_DROP;
	consume_skb(skb);
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_GSO_SEGMENTED);
	skb_list_walk_safe(segs, seg, next) {
		struct tcpcrypt_pkt p = { .skb = seg, .state = state };

		skb_mark_not_on_list(seg);
		if (tcpcrypt_seg_parse(seg, conn->key.family, &p.seg) ||
		    !pskb_may_pull(seg, p.seg.thoff + p.seg.thlen) ||
		    tcpcrypt_in_verify(tn, conn, &p) != NF_ACCEPT) {
			kfree_skb(seg);
			continue;
		}
		tcpcrypt_in_resume(state->net, state->pf, state->in, seg,
				   state->okfn);
	}
	return NF_STOLEN;
}

/*
 * The connection of a segment that cannot be parsed in full (an IPv6 BIG
 * TCP jumbogram, a first fragment, a failed pull): the tuple from the IP
 * header and the ports alone. thoff is the TCP header's offset.
 */
static struct tcpcrypt_conn *tcpcrypt_conn_by_ports(struct tcpcrypt_net *tn,
						    struct sk_buff *skb,
						    u8 family, int thoff,
						    bool out)
{
	struct tcpcrypt_conn_key key = { .family = family };
	__be16 _ports[2];
	const __be16 *ports;

	ports = skb_header_pointer(skb, thoff, sizeof(_ports), _ports);
	if (!ports)
		return NULL;
	key.lport = out ? ports[0] : ports[1];
	key.rport = out ? ports[1] : ports[0];
	if (family == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		key.laddr[0] = out ? iph->saddr : iph->daddr;
		key.raddr[0] = out ? iph->daddr : iph->saddr;
	} else {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		memcpy(key.laddr, out ? &ip6h->saddr : &ip6h->daddr, 16);
		memcpy(key.raddr, out ? &ip6h->daddr : &ip6h->saddr, 16);
	}
	return tcpcrypt_conn_lookup(tn, &key);
}

/*
 * Only the connection's own socket, or TCP answering for it, may have a
 * segment of it protected: a raw socket or another socket with the same
 * tuple would otherwise get chosen plaintext encrypted at a sequence
 * number already used (keystream reuse) and MACed. TCP's control sockets
 * and netfilter's REJECT send no payload.
 */
static bool tcpcrypt_out_owner_ok(struct tcpcrypt_conn *conn,
				  const struct tcpcrypt_pkt *p)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct sock *sk = p->skb->sk;

	if (!sk)	/* a SYN cookie's SYN-ACK, a REJECT's RST */
		return !p->seg.paylen;
	if (sk_fullsock(sk) && sk->sk_kern_sock)
		return !p->seg.paylen && !th->syn;
	if (sk_fullsock(sk) && sk->sk_state == TCP_LISTEN)
		/* A Fast Open SYN-ACK is the listener's. */
		return th->syn && th->ack;
	return tcpcrypt_conn_owns(conn, sk);
}

/*
 * How long after a listener that requires tcpcrypt answered with a SYN
 * cookie TCP may still accept one: cookies live up to MAX_SYNCOOKIE_AGE
 * periods of 64 s past the minute they were made in; TCP checks them only
 * while the listener overflowed recently (TCP_SYNCOOKIE_VALID).
 */
#define TCPCRYPT_COOKIE_TRUST	(4 * 60 * HZ)

static bool tcpcrypt_required_cookies_live(const struct tcpcrypt_net *tn)
{
	unsigned long at = READ_ONCE(tn->required_cookie_at);

	return at && time_before(jiffies, at + TCPCRYPT_COOKIE_TRUST);
}

/*
 * A segment of a connection we do not know (not a SYN): usually a plain
 * connection's, which goes on untouched.
 * - MACed: ciphertext must not reach a socket as data; but with no socket
 *   at all TCP only answers it with a RST, which tells a peer whose
 *   connection is gone here (our entry left with our socket) to stop
 *   retransmitting.
 * - An ACK with no socket while a required listener's SYN cookies live:
 *   TCP would complete a cookie with it, whose handshake entry is gone
 *   (or never came, for a client that sent no INIT1), and the listener
 *   would accept a plain connection. It is refused as a plain SYN would
 *   have been.
 */
static unsigned int tcpcrypt_in_no_conn(struct tcpcrypt_net *tn,
					const struct tcpcrypt_pkt *p,
					const struct tcpcrypt_conn_key *key)
{
	const struct tcphdr *th = tcpcrypt_pkt_th(p);
	struct sk_buff *skb = p->skb;
	u8 tag[TCPCRYPT_TAG_LEN];
	bool mac, cookie;
	struct sock *sk;
	int dif, sdif;

	mac = !tcpcrypt_macopt_parse(tcpcrypt_pkt_opts(p),
				     tcpcrypt_pkt_optlen(p), tag);
	cookie = th->ack && !th->rst && tcpcrypt_required_cookies_live(tn);
	if (!mac && !cookie)
		return NF_ACCEPT;

	if (key->family == AF_INET) {
		dif = inet_iif(skb);
		sdif = inet_sdif(skb);
	} else {
		dif = inet6_iif(skb);
		sdif = inet6_sdif(skb);
	}
	sk = tcpcrypt_key_socket(tn->net, key, dif, sdif);
	if (sk) {
		sock_gen_put(sk);
		if (!mac)
			return NF_ACCEPT;
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_MAC_NO_CONN);
		return NF_DROP;
	}
	if (cookie && tcpcrypt_listener_requires(tn, skb, key)) {
		if (tcpcrypt_seg_csum_in(skb, &p->seg, p->state->hook)) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_CSUM_ERRORS);
			return NF_DROP;
		}
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_REFUSED_COOKIE);
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_REFUSED_REQUIRED);
		tcpcrypt_xmit_rst(tn->net, key,
				  tcpcrypt_xmit_reply_oif(skb, key->family),
				  ntohl(th->ack_seq), 0, false);
		return NF_DROP;
	}
	if (mac)
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_MAC_NO_SOCKET);
	return NF_ACCEPT;
}

static unsigned int tcpcrypt_tcp_segment(struct tcpcrypt_net *tn,
					 struct sk_buff *skb,
					 const struct nf_hook_state *state,
					 u8 family, enum tcpcrypt_dir dir,
					 int thoff)
{
	struct tcpcrypt_pkt p = { .skb = skb, .state = state };
	bool out = dir == TCPCRYPT_DIR_OUT;
	u64 t0 = tcpcrypt_prof_t();
	struct tcpcrypt_conn *conn;
	const struct tcphdr *th;
	unsigned int verdict;

	if (tcpcrypt_seg_parse(skb, family, &p.seg) ||
	    !pskb_may_pull(skb, p.seg.thoff + p.seg.thlen)) {
		/* A tracked connection's segment we cannot check is dropped. */
		if (tcpcrypt_conn_by_ports(tn, skb, family, thoff, out)) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_DROP_UNPARSABLE);
			return NF_DROP;
		}
		/* Not ours to judge: TCP itself drops and counts these. */
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_MALFORMED);
		return NF_ACCEPT;
	}
	th = tcpcrypt_pkt_th(&p);
	if (out) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_OUT_SEGS);
		if (th->syn)
			tcpcrypt_stat_inc(tn, th->ack ? TCPCRYPT_STAT_OUT_SYNACKS :
						      TCPCRYPT_STAT_OUT_SYNS);
	} else {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_SEGS);
		if (th->syn)
			tcpcrypt_stat_inc(tn, th->ack ? TCPCRYPT_STAT_IN_SYNACKS :
						      TCPCRYPT_STAT_IN_SYNS);
	}

	tcpcrypt_pkt_key(&p, out, &p.key);
	conn = tcpcrypt_conn_lookup(tn, &p.key);
	if (!conn) {
		/* A SYN still goes on: a socket that requires tcpcrypt is refused. */
		if (!READ_ONCE(tn->enabled) && !th->syn) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_DISABLED);
			return NF_ACCEPT;
		}
		if (out)
			return th->syn ? tcpcrypt_hs_new_output(tn, &p) : NF_ACCEPT;
		if (th->syn)
			return tcpcrypt_hs_new_input(tn, &p);
		return tcpcrypt_in_no_conn(tn, &p, &p.key);
	}

	if (out && !tcpcrypt_out_owner_ok(conn, &p)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_OUT_DROP_FOREIGN);
		return NF_DROP;
	}
	switch (READ_ONCE(conn->state)) {
	case TCPCRYPT_ENCRYPTING:
		if (skb_is_gso(skb))
			return out ? tcpcrypt_out_gso(tn, skb, state) :
				     tcpcrypt_in_gso(tn, conn, skb, state);
		tcpcrypt_prof_add(TCPCRYPT_PROF_LOOKUP, !out, p.seg.paylen, t0);
		t0 = tcpcrypt_prof_t();
		verdict = out ? tcpcrypt_out_protect(tn, conn, &p) :
				tcpcrypt_in_verify(tn, conn, &p);
		tcpcrypt_prof_add(TCPCRYPT_PROF_HOOK, !out, p.seg.paylen, t0);
		return verdict;
	case TCPCRYPT_FAILED:
		/* Our socket's RST carries nothing; it tells the peer at once. */
		if (out && th->rst && !p.seg.paylen)
			return NF_ACCEPT;
		return NF_DROP;
	default:
		if (!out && !th->syn && tcpcrypt_hs_awaits_mac(conn))
			return tcpcrypt_in_verify(tn, conn, &p);
		return out ? tcpcrypt_hs_output(tn, conn, &p) :
			     tcpcrypt_hs_input(tn, conn, &p);
	}
}

/*
 * An ICMP error quoting one of our protected segments quotes its wire
 * sequence number; TCP checks it against its own numbers (PMTU discovery
 * among others), so it is moved back into the local space.
 */
static unsigned int tcpcrypt_icmp_in(struct tcpcrypt_net *tn,
				     struct sk_buff *skb, u8 family)
{
	struct tcpcrypt_icmp_quote q;
	struct tcpcrypt_conn_key key = { .family = family };
	struct tcpcrypt_conn *conn;

	if (tcpcrypt_icmp_parse(skb, family, &q))
		return NF_ACCEPT;
	key.lport = q.sport;
	key.rport = q.dport;
	if (family == AF_INET) {
		key.laddr[0] = q.saddr.v4;
		key.raddr[0] = q.daddr.v4;
	} else {
		memcpy(key.laddr, &q.saddr.v6, sizeof(q.saddr.v6));
		memcpy(key.raddr, &q.daddr.v6, sizeof(q.daddr.v6));
	}
	conn = tcpcrypt_conn_lookup(tn, &key);
	if (!conn || READ_ONCE(conn->state) != TCPCRYPT_ENCRYPTING ||
	    !conn->seq_off)
		return NF_ACCEPT;
	if (tcpcrypt_icmp_set_seq(skb, &q, htonl(ntohl(q.seq) - conn->seq_off))) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_NOMEM);
		return NF_DROP;
	}
	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_ICMP_TRANSLATED);
	return NF_ACCEPT;
}

/*
 * LOCAL_OUT passes we leave alone: the module's own segments, complete
 * when they leave; and a VRF's first pass (its device as the output),
 * which a second one with the real device always follows: a segment is
 * protected once, on the pass that leads to the wire.
 */
static bool tcpcrypt_out_skip(const struct nf_hook_state *state)
{
	return this_cpu_read(tcpcrypt_emitting) ||
	       (state->out && netif_is_l3_master(state->out));
}

static unsigned int tcpcrypt_ipv4(struct sk_buff *skb,
				  const struct nf_hook_state *state,
				  enum tcpcrypt_dir dir)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(state->net);
	const struct iphdr *iph;
	struct iphdr _iph;

	if (dir == TCPCRYPT_DIR_OUT && tcpcrypt_out_skip(state))
		return NF_ACCEPT;
	iph = skb_header_pointer(skb, skb_network_offset(skb),
				 sizeof(_iph), &_iph);
	if (!iph)
		return NF_ACCEPT;
	if (iph->protocol == IPPROTO_ICMP && dir == TCPCRYPT_DIR_IN)
		return tcpcrypt_icmp_in(tn, skb, AF_INET);
	if (iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;

	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IPV4_SEGS);
	/* Only raw sockets send fragments this early; IPv4 input reassembles first. */
	if (ip_is_fragment(iph)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_FRAGMENTS_PASSED);
		return NF_ACCEPT;
	}
	return tcpcrypt_tcp_segment(tn, skb, state, AF_INET, dir,
				    skb_network_offset(skb) + iph->ihl * 4);
}

static unsigned int tcpcrypt_ipv6(struct sk_buff *skb,
				  const struct nf_hook_state *state,
				  enum tcpcrypt_dir dir)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(state->net);
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int thoff;

	if (dir == TCPCRYPT_DIR_OUT && tcpcrypt_out_skip(state))
		return NF_ACCEPT;
	ip6h = skb_header_pointer(skb, skb_network_offset(skb),
				  sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return NF_ACCEPT;

	nexthdr = ip6h->nexthdr;
	thoff = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(_ip6h),
				 &nexthdr, &frag_off);
	if (thoff >= 0 && nexthdr == IPPROTO_ICMPV6 && dir == TCPCRYPT_DIR_IN)
		return tcpcrypt_icmp_in(tn, skb, AF_INET6);
	if (thoff < 0 || nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;

	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IPV6_SEGS);
	/*
	 * Without nf_defrag_ipv6, IPv6 reassembles after LOCAL_IN, and the
	 * whole segment then reaches TCP without passing here: a tracked
	 * connection's first fragment (the only one with the ports; the
	 * kernel drops a first fragment without the TCP header) is dropped,
	 * so that nothing of it can be reassembled.
	 */
	if (frag_off & htons(IP6_OFFSET | IP6_MF)) {
		if (!(frag_off & htons(IP6_OFFSET)) &&
		    tcpcrypt_conn_by_ports(tn, skb, AF_INET6, thoff,
					   dir == TCPCRYPT_DIR_OUT)) {
			tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IN_DROP_FRAGMENT);
			return NF_DROP;
		}
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_FRAGMENTS_PASSED);
		return NF_ACCEPT;
	}
	return tcpcrypt_tcp_segment(tn, skb, state, AF_INET6, dir, thoff);
}

static unsigned int tcpcrypt_out_v4(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return tcpcrypt_ipv4(skb, state, TCPCRYPT_DIR_OUT);
}

static unsigned int tcpcrypt_in_v4(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	return tcpcrypt_ipv4(skb, state, TCPCRYPT_DIR_IN);
}

static unsigned int tcpcrypt_out_v6(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return tcpcrypt_ipv6(skb, state, TCPCRYPT_DIR_OUT);
}

static unsigned int tcpcrypt_in_v6(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	return tcpcrypt_ipv6(skb, state, TCPCRYPT_DIR_IN);
}

static const struct nf_hook_ops tcpcrypt_nf_ops[] = {
	{
		.hook		= tcpcrypt_out_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_RAW - 1,
	},
	{
		.hook		= tcpcrypt_in_v4,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_NAT_SRC + 1,
	},
	{
		.hook		= tcpcrypt_out_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_RAW - 1,
	},
	{
		.hook		= tcpcrypt_in_v6,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_NAT_SRC + 1,
	},
};

int tcpcrypt_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, tcpcrypt_nf_ops,
				     ARRAY_SIZE(tcpcrypt_nf_ops));
}

void tcpcrypt_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, tcpcrypt_nf_ops,
				ARRAY_SIZE(tcpcrypt_nf_ops));
	/*
	 * Unregistering only swaps the hooks out; an invocation already
	 * running (under RCU) goes on. Wait for it, before the caller frees
	 * what it uses (a connect() oopsed on the session cache during rmmod).
	 */
	synchronize_net();
}
