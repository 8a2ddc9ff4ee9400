// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter entry points. Every TCP segment a namespace sends or receives
 * passes through here, is classified and counted, and is handed on.
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

#include "tcpcrypt.h"

enum tcpcrypt_dir {
	TCPCRYPT_DIR_OUT,
	TCPCRYPT_DIR_IN,
};

static unsigned int tcpcrypt_tcp_segment(struct tcpcrypt_net *tn,
					 struct sk_buff *skb,
					 unsigned int thoff,
					 enum tcpcrypt_dir dir)
{
	const struct tcphdr *th;
	struct tcphdr _th;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->doff < sizeof(_th) / 4 ||
	    thoff + th->doff * 4 > skb->len) {
		/* Not ours to judge: TCP itself drops and counts these. */
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_MALFORMED);
		return NF_ACCEPT;
	}

	if (!READ_ONCE(tn->enabled)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_SKIPPED_DISABLED);
		return NF_ACCEPT;
	}

	if (dir == TCPCRYPT_DIR_OUT) {
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
	return NF_ACCEPT;
}

static unsigned int tcpcrypt_ipv4(struct sk_buff *skb,
				  const struct nf_hook_state *state,
				  enum tcpcrypt_dir dir)
{
	struct tcpcrypt_net *tn = tcpcrypt_pernet(state->net);
	const struct iphdr *iph;
	struct iphdr _iph;
	unsigned int ihl;

	iph = skb_header_pointer(skb, skb_network_offset(skb),
				 sizeof(_iph), &_iph);
	if (!iph || iph->protocol != IPPROTO_TCP)
		return NF_ACCEPT;

	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IPV4_SEGS);
	/* Only raw sockets send fragments this early; IPv4 input reassembles first. */
	if (ip_is_fragment(iph)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_FRAGMENTS_PASSED);
		return NF_ACCEPT;
	}
	ihl = iph->ihl * 4;
	if (ihl < sizeof(*iph)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_MALFORMED);
		return NF_ACCEPT;
	}
	return tcpcrypt_tcp_segment(tn, skb, skb_network_offset(skb) + ihl,
				    dir);
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

	ip6h = skb_header_pointer(skb, skb_network_offset(skb),
				  sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return NF_ACCEPT;

	nexthdr = ip6h->nexthdr;
	thoff = ipv6_skip_exthdr(skb, skb_network_offset(skb) + sizeof(_ip6h),
				 &nexthdr, &frag_off);
	if (thoff < 0 || nexthdr != IPPROTO_TCP)
		return NF_ACCEPT;

	tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_IPV6_SEGS);
	/* IPv6 reassembles after LOCAL_IN, so fragments do reach us there. */
	if (frag_off & htons(~0x7)) {
		tcpcrypt_stat_inc(tn, TCPCRYPT_STAT_FRAGMENTS_PASSED);
		return NF_ACCEPT;
	}
	return tcpcrypt_tcp_segment(tn, skb, thoff, dir);
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
}
