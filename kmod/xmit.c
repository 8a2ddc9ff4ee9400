// SPDX-License-Identifier: GPL-2.0
/*
 * Segments the module builds and sends itself: the server's INIT2 and the
 * client's acknowledgement of it. They are complete when they leave (the
 * ACK already MACed), so a per-CPU flag lets them through our own
 * LOCAL_OUT hook; BHs stay off from the flag being set to its clearing.
 */
#include <linux/error-injection.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/tcp.h>
#include <net/l3mdev.h>

#include "engine.h"

DEFINE_PER_CPU(bool, tcpcrypt_emitting);

static struct sk_buff *tcpcrypt_xmit_build_key(struct net *net,
					       const struct tcpcrypt_conn_key *k,
					       u8 flags, u32 seq, u32 ack,
					       u16 win, const u8 *opts,
					       unsigned int optlen,
					       const u8 *data, unsigned int len)
{
	bool v4 = k->family == AF_INET;
	unsigned int iplen = v4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	unsigned int thlen = sizeof(struct tcphdr) + optlen;
	struct sk_buff *skb;
	struct tcphdr *th;

	skb = alloc_skb(MAX_HEADER + iplen + thlen + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	skb_put(skb, iplen);
	skb_set_transport_header(skb, iplen);
	th = skb_put_zero(skb, thlen);
	th->source = k->lport;
	th->dest = k->rport;
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = thlen / 4;
	tcp_flag_byte(th) = flags;
	th->window = htons(win);
	if (optlen)
		memcpy(th + 1, opts, optlen);
	if (len)
		skb_put_data(skb, data, len);

	if (v4) {
		struct iphdr *iph = ip_hdr(skb);

		iph->version = 4;
		iph->ihl = 5;
		iph->tot_len = htons(skb->len);
		iph->frag_off = htons(IP_DF);
		iph->ttl = READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
		iph->protocol = IPPROTO_TCP;
		iph->saddr = k->laddr[0];
		iph->daddr = k->raddr[0];
		ip_send_check(iph);
		skb->protocol = htons(ETH_P_IP);
		th->check = tcp_v4_check(thlen + len, iph->saddr, iph->daddr,
					 skb_checksum(skb, iplen, thlen + len, 0));
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		ip6_flow_hdr(ip6h, 0, 0);
		ip6h->payload_len = htons(thlen + len);
		ip6h->nexthdr = IPPROTO_TCP;
		ip6h->hop_limit = 64;
		memcpy(&ip6h->saddr, k->laddr, sizeof(ip6h->saddr));
		memcpy(&ip6h->daddr, k->raddr, sizeof(ip6h->daddr));
		skb->protocol = htons(ETH_P_IPV6);
		th->check = tcp_v6_check(thlen + len, &ip6h->saddr, &ip6h->daddr,
					 skb_checksum(skb, iplen, thlen + len, 0));
	}
	skb->ip_summed = CHECKSUM_NONE;
	return skb;
}

struct sk_buff *tcpcrypt_xmit_build(struct tcpcrypt_conn *conn, u32 seq,
				    u32 ack, u16 win, const u8 *opts,
				    unsigned int optlen, const u8 *data,
				    unsigned int len)
{
	return tcpcrypt_xmit_build_key(conn->tn->net, &conn->key, TCPHDR_ACK,
				       seq, ack, win, opts, optlen, data, len);
}
ALLOW_ERROR_INJECTION(tcpcrypt_xmit_build, NULL);

/*
 * The route the connection's socket would take: @oif is the device it is
 * bound to (a VRF's routes are in its own table; a link-local address
 * needs its link), 0 for none.
 */
static int tcpcrypt_xmit_route(struct net *net, const struct tcpcrypt_conn_key *k,
			       int oif, struct sk_buff *skb)
{
	if (k->family == AF_INET) {
		struct flowi4 fl4 = {
			.flowi4_oif = oif,
			.daddr = k->raddr[0],
			.saddr = k->laddr[0],
			.flowi4_proto = IPPROTO_TCP,
			.fl4_sport = k->lport,
			.fl4_dport = k->rport,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (IS_ERR(rt))
			return PTR_ERR(rt);
		skb_dst_set(skb, &rt->dst);
	} else {
		struct flowi6 fl6 = {
			.flowi6_oif = oif,
			.flowi6_proto = IPPROTO_TCP,
			.fl6_sport = k->lport,
			.fl6_dport = k->rport,
		};
		struct dst_entry *dst;

		memcpy(&fl6.daddr, k->raddr, sizeof(fl6.daddr));
		memcpy(&fl6.saddr, k->laddr, sizeof(fl6.saddr));
		dst = ip6_route_output(net, NULL, &fl6);
		if (dst->error) {
			int err = dst->error;

			dst_release(dst);
			return err;
		}
		skb_dst_set(skb, dst);
	}
	return 0;
}

/* Consumes skb. */
static int tcpcrypt_xmit_send_key(struct net *net,
				  const struct tcpcrypt_conn_key *k, int oif,
				  struct sk_buff *skb)
{
	int err;

	err = tcpcrypt_xmit_route(net, k, oif, skb);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	local_bh_disable();
	this_cpu_write(tcpcrypt_emitting, true);
	if (k->family == AF_INET)
		err = ip_local_out(net, NULL, skb);
	else
		err = ip6_local_out(net, NULL, skb);
	this_cpu_write(tcpcrypt_emitting, false);
	local_bh_enable();
	return net_xmit_eval(err);
}

int tcpcrypt_xmit_send(struct tcpcrypt_conn *conn, struct sk_buff *skb)
{
	return tcpcrypt_xmit_send_key(conn->tn->net, &conn->key,
				      READ_ONCE(conn->bound_dev_if), skb);
}

/*
 * A RST for a connection we refuse (tcpcrypt required but impossible),
 * with or without an ACK as RFC 9293 3.10.7.1 asks for the segment it
 * answers. It leaves unprotected: there are no keys to protect it with.
 */
int tcpcrypt_xmit_rst(struct net *net, const struct tcpcrypt_conn_key *k,
		      int oif, u32 seq, u32 ack, bool with_ack)
{
	struct sk_buff *skb;

	skb = tcpcrypt_xmit_build_key(net, k,
				      TCPHDR_RST | (with_ack ? TCPHDR_ACK : 0),
				      seq, with_ack ? ack : 0, 0, NULL, 0,
				      NULL, 0);
	if (!skb)
		return -ENOMEM;
	return tcpcrypt_xmit_send_key(net, k, oif, skb);
}

/*
 * The device a reply to a received segment must name in its route: the
 * VRF it arrived in, or its link for a link-local IPv6 peer; else none,
 * and the routing tables decide.
 */
int tcpcrypt_xmit_reply_oif(const struct sk_buff *skb, u8 family)
{
	int l3 = l3mdev_master_ifindex_rcu(skb->dev);

	if (l3)
		return l3;
	if (family == AF_INET6 &&
	    ipv6_addr_type(&ipv6_hdr(skb)->saddr) & IPV6_ADDR_LINKLOCAL)
		return skb->dev->ifindex;
	return 0;
}
