// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the skb surgery of kmod/skbopt.c on synthetic IPv4 and IPv6 TCP
 * segments, linear and paged, owned and cloned (plain clones, the TCP
 * write-queue pattern of header-released originals, pskb_copy()s sharing
 * frags, and shared-frag pages), and on ICMP/ICMPv6 errors quoting TCP.
 * Every case checks lengths and checksums against an independent
 * computation, and that no byte another owner can see was changed.
 * Every skb and page is a test resource, freed even when a case aborts.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "../compat.h"
#include "../skbopt.h"

/* 6.1's KUnit has no memory comparison assertions yet. */
#define TCPCRYPT_EXPECT_MEMEQ(test, a, b, n) KUNIT_EXPECT_EQ(test, memcmp(a, b, n), 0)

#define TCPCRYPT_TEST_HEADROOM	64
#define TCPCRYPT_TEST_PAGEOFF	100	/* frags start off page boundaries */
#define TCPCRYPT_TEST_SEQ	0x11223344u
#define TCPCRYPT_TEST_ACK	0x55667788u
#define TCPCRYPT_TEST_MAXPKT	2048

static const __be32 tcpcrypt_test_v4src = cpu_to_be32(0xc0000201); /* 192.0.2.1 */
static const __be32 tcpcrypt_test_v4dst = cpu_to_be32(0xc6336402); /* 198.51.100.2 */
static const struct in6_addr tcpcrypt_test_v6src = {
	{ { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 } } };	/* 2001:db8::1 */
static const struct in6_addr tcpcrypt_test_v6dst = {
	{ { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x02 } } };	/* 2001:db8::2 */

/* What a synthetic segment looks like. */
struct tcpcrypt_test_pkt {
	u8 family;
	u8 flags;		/* TCP flags byte */
	unsigned int ext;	/* IPv4 option / IPv6 hop-by-hop bytes */
	const u8 *opts;
	unsigned int optlen;
	unsigned int paylen;
};

/* --- resources: skbs and pages freed at the end of each case --- */

static int tcpcrypt_test_res_init(struct kunit_resource *res, void *ctx)
{
	res->data = ctx;
	return 0;
}

static void tcpcrypt_test_skb_free(struct kunit_resource *res)
{
	kfree_skb(res->data);
}

static void tcpcrypt_test_page_free(struct kunit_resource *res)
{
	put_page(res->data);
}

static struct sk_buff *tcpcrypt_test_track(struct kunit *test,
					   struct sk_buff *skb)
{
	KUNIT_ASSERT_NOT_NULL(test, skb);
	if (!kunit_alloc_resource(test, tcpcrypt_test_res_init,
				  tcpcrypt_test_skb_free, GFP_KERNEL, skb)) {
		kfree_skb(skb);
		KUNIT_ASSERT_FAILURE(test, "no memory for a test resource");
	}
	return skb;
}

/* Holds a page reference until the case ends. */
static void tcpcrypt_test_hold_page(struct kunit *test, struct page *page)
{
	get_page(page);
	if (!kunit_alloc_resource(test, tcpcrypt_test_res_init,
				  tcpcrypt_test_page_free, GFP_KERNEL, page)) {
		put_page(page);
		KUNIT_ASSERT_FAILURE(test, "no memory for a test resource");
	}
}

/* --- building packets --- */

static u8 tcpcrypt_test_paybyte(unsigned int i)
{
	return i * 7 + 3;
}

/* A whole segment into @buf, with a correct TCP checksum; its length. */
static unsigned int tcpcrypt_test_build(const struct tcpcrypt_test_pkt *p,
					u8 *buf)
{
	unsigned int iphlen, thlen = sizeof(struct tcphdr) + p->optlen;
	unsigned int tcplen = thlen + p->paylen, i;
	struct tcphdr *th;
	__wsum csum;

	if (p->family == AF_INET) {
		struct iphdr *iph = (struct iphdr *)buf;

		iphlen = sizeof(*iph) + p->ext;
		memset(buf, 0, iphlen);
		iph->version = 4;
		iph->ihl = iphlen / 4;
		iph->tot_len = htons(iphlen + tcplen);
		iph->id = htons(0x1234);
		iph->frag_off = htons(IP_DF);
		iph->ttl = 64;
		iph->protocol = IPPROTO_TCP;
		iph->saddr = tcpcrypt_test_v4src;
		iph->daddr = tcpcrypt_test_v4dst;
		memset(iph + 1, IPOPT_NOOP, p->ext);
		ip_send_check(iph);
	} else {
		struct ipv6hdr *ip6h = (struct ipv6hdr *)buf;
		u8 *hbh = (u8 *)(ip6h + 1);

		iphlen = sizeof(*ip6h) + p->ext;
		memset(buf, 0, iphlen);
		ip6h->version = 6;
		ip6h->payload_len = htons(p->ext + tcplen);
		ip6h->nexthdr = p->ext ? NEXTHDR_HOP : IPPROTO_TCP;
		ip6h->hop_limit = 64;
		ip6h->saddr = tcpcrypt_test_v6src;
		ip6h->daddr = tcpcrypt_test_v6dst;
		if (p->ext) {
			/* Hop-by-hop header holding one PadN option. */
			hbh[0] = IPPROTO_TCP;
			hbh[1] = p->ext / 8 - 1;
			hbh[2] = IPV6_TLV_PADN;
			hbh[3] = p->ext - 4;
		}
	}

	th = (struct tcphdr *)(buf + iphlen);
	memset(th, 0, sizeof(*th));
	th->source = htons(40000);
	th->dest = htons(443);
	th->seq = htonl(TCPCRYPT_TEST_SEQ);
	th->ack_seq = htonl(TCPCRYPT_TEST_ACK);
	th->doff = thlen / 4;
	((u8 *)th)[13] = p->flags;
	th->window = htons(512);
	memcpy(th + 1, p->opts, p->optlen);
	for (i = 0; i < p->paylen; i++)
		buf[iphlen + thlen + i] = tcpcrypt_test_paybyte(i);

	csum = csum_partial(th, tcplen, 0);
	if (p->family == AF_INET)
		th->check = csum_tcpudp_magic(tcpcrypt_test_v4src,
					      tcpcrypt_test_v4dst, tcplen,
					      IPPROTO_TCP, csum);
	else
		th->check = csum_ipv6_magic(&tcpcrypt_test_v6src,
					    &tcpcrypt_test_v6dst, tcplen,
					    IPPROTO_TCP, csum);
	return iphlen + tcplen;
}

/*
 * An skb holding @len bytes of @pkt: the first @linear in the head after
 * @headroom bytes, the rest in one page frag. Returns the page in @pagep
 * if there is one.
 */
static struct sk_buff *tcpcrypt_test_skb_raw(struct kunit *test, u8 family,
					     const u8 *pkt, unsigned int len,
					     unsigned int linear,
					     unsigned int headroom,
					     struct page **pagep)
{
	struct sk_buff *skb;
	struct page *page;

	linear = min(linear, len);
	skb = alloc_skb(headroom + linear, GFP_KERNEL);
	tcpcrypt_test_track(test, skb);
	skb_reserve(skb, headroom);
	skb_put_data(skb, pkt, linear);
	if (len > linear) {
		KUNIT_ASSERT_LE(test, len - linear,
				PAGE_SIZE - TCPCRYPT_TEST_PAGEOFF);
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page) + TCPCRYPT_TEST_PAGEOFF, pkt + linear,
		       len - linear);
		/* The skb owns this reference and drops it when freed. */
		skb_fill_page_desc(skb, 0, page, TCPCRYPT_TEST_PAGEOFF,
				   len - linear);
		skb->len += len - linear;
		skb->data_len += len - linear;
		skb->truesize += PAGE_SIZE;
		if (pagep)
			*pagep = page;
	}
	skb_reset_network_header(skb);
	skb->protocol = family == AF_INET ? htons(ETH_P_IP) : htons(ETH_P_IPV6);
	return skb;
}

/* Header length of @p: IP, extension and TCP headers. */
static unsigned int tcpcrypt_test_hdrlen(const struct tcpcrypt_test_pkt *p)
{
	return (p->family == AF_INET ? sizeof(struct iphdr) :
		sizeof(struct ipv6hdr)) + p->ext + sizeof(struct tcphdr) +
	       p->optlen;
}

/*
 * The segment @p as an skb: headers linear, and payload linear too unless
 * @paged (then in a frag).
 */
static struct sk_buff *tcpcrypt_test_skb(struct kunit *test,
					 const struct tcpcrypt_test_pkt *p,
					 bool paged, struct page **pagep)
{
	u8 *buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	struct sk_buff *skb;
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = tcpcrypt_test_build(p, buf);
	skb = tcpcrypt_test_skb_raw(test, p->family, buf, len,
				    paged ? tcpcrypt_test_hdrlen(p) : len,
				    TCPCRYPT_TEST_HEADROOM, pagep);
	/* As both TCP output and IP input leave it. */
	skb_set_transport_header(skb, tcpcrypt_test_hdrlen(p) -
				 sizeof(struct tcphdr) - p->optlen);
	return skb;
}

/* A copy of all of @skb's bytes, to compare later. */
static u8 *tcpcrypt_test_snapshot(struct kunit *test, struct sk_buff *skb)
{
	u8 *buf = kunit_kmalloc(test, skb->len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, skb->len), 0);
	return buf;
}

static void tcpcrypt_test_expect_bytes(struct kunit *test, struct sk_buff *skb,
				       const u8 *want, unsigned int len)
{
	u8 *now;

	KUNIT_ASSERT_EQ(test, skb->len, len);
	now = tcpcrypt_test_snapshot(test, skb);
	TCPCRYPT_EXPECT_MEMEQ(test, now, want, len);
}

/* --- checking segments --- */

/*
 * The IP header agrees with @seg (a fresh parse gives the same), the IPv4
 * header checksum is right, and the payload is the builder's pattern.
 */
static void tcpcrypt_test_expect_seg(struct kunit *test, struct sk_buff *skb,
				     const struct tcpcrypt_seg *seg,
				     unsigned int optlen, unsigned int paylen)
{
	struct tcpcrypt_seg again;
	u8 *buf;
	unsigned int i, bad = 0;

	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, seg->family, &again), 0);
	KUNIT_EXPECT_EQ(test, again.thoff, seg->thoff);
	KUNIT_EXPECT_EQ(test, again.thlen, seg->thlen);
	KUNIT_EXPECT_EQ(test, again.paylen, seg->paylen);
	KUNIT_EXPECT_EQ(test, seg->thlen, (unsigned int)sizeof(struct tcphdr) + optlen);
	KUNIT_EXPECT_EQ(test, seg->paylen, paylen);
	KUNIT_EXPECT_EQ(test, skb_network_offset(skb), 0);
	KUNIT_EXPECT_EQ(test, skb_transport_offset(skb), (int)seg->thoff);

	buf = tcpcrypt_test_snapshot(test, skb);
	if (seg->family == AF_INET)
		KUNIT_EXPECT_EQ(test, (__force u16)ip_fast_csum(buf, buf[0] & 0xf), 0);
	for (i = 0; i < paylen; i++)
		bad += buf[seg->thoff + seg->thlen + i] != tcpcrypt_test_paybyte(i);
	KUNIT_EXPECT_EQ(test, bad, 0u);
}

/* The TCP checksum over the segment, computed from scratch, verifies. */
static bool tcpcrypt_test_tcp_csum_ok(struct sk_buff *skb,
				      const struct tcpcrypt_seg *seg)
{
	unsigned int len = seg->thlen + seg->paylen;
	__wsum csum = skb_checksum(skb, seg->thoff, len, 0);

	if (seg->family == AF_INET) {
		struct iphdr iph;

		if (skb_copy_bits(skb, 0, &iph, sizeof(iph)))
			return false;
		return !csum_tcpudp_magic(iph.saddr, iph.daddr, len,
					  IPPROTO_TCP, csum);
	} else {
		struct ipv6hdr ip6h;

		if (skb_copy_bits(skb, 0, &ip6h, sizeof(ip6h)))
			return false;
		return !csum_ipv6_magic(&ip6h.saddr, &ip6h.daddr, len,
					IPPROTO_TCP, csum);
	}
}

/* ip_summed is a bit-field, which KUnit's typeof() cannot take. */
static u8 tcpcrypt_test_summed(const struct sk_buff *skb)
{
	return skb->ip_summed;
}

static u32 tcpcrypt_test_get32(struct sk_buff *skb, unsigned int off)
{
	__be32 v = 0;

	if (skb_copy_bits(skb, off, &v, sizeof(v)))
		return 0xdeadbeef;
	return ntohl(v);
}

static u8 tcpcrypt_test_get8(struct sk_buff *skb, unsigned int off)
{
	u8 v = 0;

	skb_copy_bits(skb, off, &v, 1);
	return v;
}

static void tcpcrypt_test_put8(struct sk_buff *skb, unsigned int off, u8 v)
{
	/* Test packets are built with linear headers. */
	skb->data[off] = v;
}

/* --- parse --- */

static void tcpcrypt_test_parse_v4(struct kunit *test)
{
	static const u8 mss[4] = { TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4 };
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .opts = mss,
		.optlen = sizeof(mss), .paylen = 100, .ext = 4,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.family, (u8)AF_INET);
	KUNIT_EXPECT_EQ(test, seg.thoff, 24u);
	KUNIT_EXPECT_EQ(test, seg.thlen, 24u);
	KUNIT_EXPECT_EQ(test, seg.paylen, 100u);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
}

static void tcpcrypt_test_parse_v6(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 33, .ext = 8,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.family, (u8)AF_INET6);
	KUNIT_EXPECT_EQ(test, seg.thoff, 48u);
	KUNIT_EXPECT_EQ(test, seg.thlen, 20u);
	KUNIT_EXPECT_EQ(test, seg.paylen, 33u);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
	/* Wrong or unknown family: not something to handle. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_parse(skb, AF_UNSPEC, &seg),
			-EPROTONOSUPPORT);
}

/* Only the IP header in the head: TCP header and payload in a frag. */
static void tcpcrypt_test_parse_split_header(struct kunit *test)
{
	static const u8 opts[8] = { 1, 1, 1, 1, 1, 1, 1, 0 };
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .opts = opts,
		.optlen = sizeof(opts), .paylen = 50,
	};
	u8 *buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = tcpcrypt_test_build(&p, buf);
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len, 20,
				    TCPCRYPT_TEST_HEADROOM, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.thlen, 28u);
	KUNIT_EXPECT_EQ(test, seg.paylen, 50u);
	/* Parsing read through the frag without pulling anything. */
	KUNIT_EXPECT_EQ(test, skb_headlen(skb), 20u);

	/* Rewriting options pulls the headers it needs. */
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, NULL, 0), 0);
	tcpcrypt_test_expect_seg(test, skb, &seg, 0, 50);
}

/* Builds a good IPv4 segment, breaks byte @off with @val, parses. */
static int tcpcrypt_test_parse_mangled(struct kunit *test, u8 family,
				       unsigned int off, u8 val)
{
	struct tcpcrypt_test_pkt p = {
		.family = family, .flags = TCPHDR_ACK, .paylen = 10,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	tcpcrypt_test_put8(skb, off, val);
	return tcpcrypt_seg_parse(skb, family, &seg);
}

static void tcpcrypt_test_parse_bad_v4(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 10,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	u8 *buf;

	/* version 5; ihl 4; ihl 15 (> tot_len 50) */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 0, 0x55), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 0, 0x44), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 0, 0x4f), -EINVAL);
	/* tot_len 51 > skb->len; tot_len 19 < ihl; tot_len 30: TCP truncated */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 3, 51), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 3, 19), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 3, 30), -EINVAL);
	/* doff 4; doff 8 (32 bytes > 30 left) */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 32, 0x40), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 32, 0x80), -EINVAL);
	/* UDP; MF set; fragment offset 8 */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 9, IPPROTO_UDP),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 6, 0x20),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 7, 0x01),
			-EPROTONOSUPPORT);
	/* A 10-byte IPv4 packet. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET, 3, 10), -EINVAL);

	/* Link-layer padding after tot_len is ignored. */
	buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf,
				    tcpcrypt_test_build(&p, buf) + 6, 200,
				    TCPCRYPT_TEST_HEADROOM, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.paylen, 10u);
	KUNIT_EXPECT_EQ(test, skb->len, 56u);
}

static void tcpcrypt_test_parse_bad_v6(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 10, .ext = 8,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;

	/* version 4; payload_len 39 > what is there; TCP truncated (len 20) */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET6, 0, 0x40), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET6, 5, 31), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET6, 5, 19), -EINVAL);
	/* doff 15 */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET6, 52, 0xf0), -EINVAL);
	/* UDP; no next header */
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET6, 6, IPPROTO_UDP),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_parse_mangled(test, AF_INET6, 6, NEXTHDR_NONE),
			-EINVAL);

	/* Extension headers: TCP after hop-by-hop... */
	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg), 0);
	KUNIT_EXPECT_EQ(test, seg.thoff, 48u);
	/* ...hop-by-hop length running past the packet... */
	tcpcrypt_test_put8(skb, 41, 200);
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg), -EINVAL);
	/* ...and the same 8 bytes turned into a fragment header. */
	tcpcrypt_test_put8(skb, 6, NEXTHDR_FRAGMENT);
	tcpcrypt_test_put8(skb, 40, IPPROTO_TCP);
	tcpcrypt_test_put8(skb, 41, 0);
	tcpcrypt_test_put8(skb, 42, 0);
	tcpcrypt_test_put8(skb, 43, 0);		/* atomic fragment: whole */
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg), 0);
	tcpcrypt_test_put8(skb, 43, 1);		/* first fragment, M set */
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg),
			-EPROTONOSUPPORT);
	tcpcrypt_test_put8(skb, 43, 8);		/* offset 8: a later one */
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg),
			-EPROTONOSUPPORT);
}

/* --- set_options --- */

static const u8 tcpcrypt_test_opts40[40] = {
	1, 1, 8, 10, 0xa1, 0xa2, 0xa3, 0xa4, 0xb1, 0xb2, 0xb3, 0xb4,
	69, 18, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
	0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
};

/*
 * 0 -> 20 -> 40 -> 12 -> 0 option bytes on @skb, checking the whole
 * segment after each step.
 */
static void tcpcrypt_test_resize_walk(struct kunit *test, struct sk_buff *skb,
				      u8 family, unsigned int paylen)
{
	static const unsigned int steps[] = { 20, 40, 12, 0 };
	struct tcpcrypt_seg seg;
	u8 opts[TCPCRYPT_SEG_MAX_OPTLEN];
	unsigned int i, j;

	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, family, &seg), 0);
	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		for (j = 0; j < steps[i]; j++)
			opts[j] = tcpcrypt_test_opts40[j] ^ i;
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, opts,
							       steps[i]), 0);
		tcpcrypt_test_expect_seg(test, skb, &seg, steps[i], paylen);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get8(skb, seg.thoff + 12),
				(u8)((5 + steps[i] / 4) << 4));
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 4),
				TCPCRYPT_TEST_SEQ);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 8),
				TCPCRYPT_TEST_ACK);
		for (j = 0; j < steps[i]; j++)
			KUNIT_EXPECT_EQ(test, tcpcrypt_test_get8(skb, seg.thoff + 20 + j),
					opts[j]);
		/* Only the TCP checksum is left to the caller. */
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, true), 0);
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
	}
}

static void tcpcrypt_test_options_v4_linear(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK | TCPHDR_PSH,
		.paylen = 300, .ext = 8,
	};

	tcpcrypt_test_resize_walk(test, tcpcrypt_test_skb(test, &p, false, NULL),
				  AF_INET, 300);
}

static void tcpcrypt_test_options_v4_paged(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 1200,
	};

	tcpcrypt_test_resize_walk(test, tcpcrypt_test_skb(test, &p, true, NULL),
				  AF_INET, 1200);
}

static void tcpcrypt_test_options_v6_linear(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 77, .ext = 16,
	};

	tcpcrypt_test_resize_walk(test, tcpcrypt_test_skb(test, &p, false, NULL),
				  AF_INET6, 77);
}

static void tcpcrypt_test_options_v6_paged(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 1400,
	};

	tcpcrypt_test_resize_walk(test, tcpcrypt_test_skb(test, &p, true, NULL),
				  AF_INET6, 1400);
}

/* No headroom at all: growing must reallocate the head. */
static void tcpcrypt_test_options_no_headroom(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 64,
	};
	u8 *buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf,
				    tcpcrypt_test_build(&p, buf), 40, 0, NULL);
	KUNIT_EXPECT_EQ(test, skb_headroom(skb), 0u);
	tcpcrypt_test_resize_walk(test, skb, AF_INET, 64);
}

static void tcpcrypt_test_options_bad(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 16,
	};
	struct tcpcrypt_seg seg, big;
	struct sk_buff *skb;
	u8 *before;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	before = tcpcrypt_test_snapshot(test, skb);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 3),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 44),
			-EINVAL);
	/* A segment that would outgrow the 16-bit length. */
	big = seg;
	big.paylen = 65535 - 40;
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_set_options(skb, &big, tcpcrypt_test_opts40, 4),
			-EMSGSIZE);
	tcpcrypt_test_expect_bytes(test, skb, before, 56);
	KUNIT_EXPECT_EQ(test, seg.thlen, 20u);
}

/* A plain clone: the original keeps every byte. */
static void tcpcrypt_test_options_clone(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 500,
	};
	struct sk_buff *orig, *clone;
	unsigned int len;
	u8 *before;

	orig = tcpcrypt_test_skb(test, &p, true, NULL);
	len = orig->len;
	before = tcpcrypt_test_snapshot(test, orig);
	clone = tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL));
	tcpcrypt_test_resize_walk(test, clone, AF_INET6, 500);
	tcpcrypt_test_expect_bytes(test, orig, before, len);
}

/*
 * The write-queue pattern: the original holds payload only and released
 * its headroom (__skb_header_release()); TCP's clone pushes the headers
 * into that headroom. The clone may rewrite its headers without a copy,
 * the original's payload must not change.
 */
static struct sk_buff *tcpcrypt_test_wq_clone(struct kunit *test,
					      const struct tcpcrypt_test_pkt *p,
					      bool paged,
					      struct sk_buff **origp)
{
	u8 *buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	unsigned int len, hdrlen = tcpcrypt_test_hdrlen(p);
	struct sk_buff *orig, *clone;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = tcpcrypt_test_build(p, buf);
	/* Payload only, after room for headers (+ 40 for growing options). */
	orig = tcpcrypt_test_skb_raw(test, p->family, buf + hdrlen,
				     len - hdrlen, paged ? 0 : len,
				     hdrlen + 40 + TCPCRYPT_TEST_HEADROOM, NULL);
	__skb_header_release(orig);
	clone = tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL));
	memcpy(skb_push(clone, hdrlen), buf, hdrlen);
	skb_reset_network_header(clone);
	skb_set_transport_header(clone, hdrlen - sizeof(struct tcphdr) -
				 p->optlen);
	*origp = orig;
	return clone;
}

static void tcpcrypt_test_options_wq_clone(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 900,
	};
	struct sk_buff *orig, *clone;
	unsigned char *head;
	unsigned int i;
	u8 *before;

	for (i = 0; i < 2; i++) {
		clone = tcpcrypt_test_wq_clone(test, &p, i, &orig);
		before = tcpcrypt_test_snapshot(test, orig);
		head = clone->head;
		tcpcrypt_test_resize_walk(test, clone, AF_INET, 900);
		/* The headers were ours to write: no copy was needed. */
		KUNIT_EXPECT_PTR_EQ(test, clone->head, head);
		KUNIT_EXPECT_TRUE(test, skb_cloned(clone));
		tcpcrypt_test_expect_bytes(test, orig, before, 900);
	}
}

/* On input the Ethernet header moves along with the IP header. */
static void tcpcrypt_test_options_mac_header(struct kunit *test)
{
	static const u8 eth[ETH_HLEN] = {
		2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x86, 0xdd,
	};
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 40,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	memcpy(skb->data - ETH_HLEN, eth, ETH_HLEN);
	skb_set_mac_header(skb, -ETH_HLEN);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg), 0);

	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 40), 0);
	KUNIT_EXPECT_EQ(test, skb_mac_offset(skb), -ETH_HLEN);
	TCPCRYPT_EXPECT_MEMEQ(test, skb_mac_header(skb), eth, ETH_HLEN);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 8), 0);
	KUNIT_EXPECT_EQ(test, skb_mac_offset(skb), -ETH_HLEN);
	TCPCRYPT_EXPECT_MEMEQ(test, skb_mac_header(skb), eth, ETH_HLEN);
	tcpcrypt_test_expect_seg(test, skb, &seg, 8, 40);

	/* No link-layer header (tun): it stays empty, at the IP header. */
	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	skb_reset_mac_header(skb);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET6, &seg), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 24), 0);
	KUNIT_EXPECT_EQ(test, skb_mac_offset(skb), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 4), 0);
	KUNIT_EXPECT_EQ(test, skb_mac_offset(skb), 0);
	tcpcrypt_test_expect_seg(test, skb, &seg, 4, 40);
}

/* A stale CHECKSUM_COMPLETE is dropped; PARTIAL follows the TCP header. */
static void tcpcrypt_test_options_csum_state(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 20,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = skb_checksum(skb, 0, skb->len, 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 12), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_summed(skb), (u8)CHECKSUM_NONE);

	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, false), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg, tcpcrypt_test_opts40, 32), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_summed(skb), (u8)CHECKSUM_PARTIAL);
	KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb), (int)seg.thoff);
}

/* --- payload length --- */

static void tcpcrypt_test_trim(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 117,
		.opts = tcpcrypt_test_opts40, .optlen = 12,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *orig, *skb;
	unsigned int i, len;
	u8 *before;

	for (i = 0; i < 2; i++) {
		p.family = i ? AF_INET6 : AF_INET;
		orig = tcpcrypt_test_skb(test, &p, i, NULL);
		len = orig->len;
		before = tcpcrypt_test_snapshot(test, orig);
		skb = tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, p.family, &seg), 0);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_trim_payload(skb, &seg), 0);
		KUNIT_EXPECT_EQ(test, skb->len, seg.thoff + seg.thlen);
		tcpcrypt_test_expect_seg(test, skb, &seg, 12, 0);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get8(skb, seg.thoff + 22), (u8)8);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, true), 0);
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
		tcpcrypt_test_expect_bytes(test, orig, before, len);
	}
}

/* INIT1 on a bare ACK, for both families, owned and cloned. */
static void tcpcrypt_test_append(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = { .flags = TCPHDR_ACK };
	struct tcpcrypt_seg seg;
	struct sk_buff *orig, *skb;
	unsigned int i, len;
	u8 *data, *before;

	data = kunit_kmalloc(test, 1000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (i = 0; i < 1000; i++)
		data[i] = tcpcrypt_test_paybyte(i);

	for (i = 0; i < 4; i++) {
		p.family = i & 1 ? AF_INET6 : AF_INET;
		orig = tcpcrypt_test_skb(test, &p, false, NULL);
		len = orig->len;
		before = tcpcrypt_test_snapshot(test, orig);
		skb = i & 2 ? tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL)) : orig;
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, p.family, &seg), 0);
		/* Far beyond the tailroom: the head has to grow. */
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_append_payload(skb, &seg, data, 117), 0);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_append_payload(skb, &seg, data + 117, 883), 0);
		KUNIT_EXPECT_EQ(test, skb->len, seg.thoff + 20 + 1000);
		tcpcrypt_test_expect_seg(test, skb, &seg, 0, 1000);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, true), 0);
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
		if (skb != orig)
			tcpcrypt_test_expect_bytes(test, orig, before, len);
	}
}

/* Appending after paged payload, with padding to drop first. */
static void tcpcrypt_test_append_paged(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 200,
	};
	u8 *buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	u8 more[56];
	unsigned int i, len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < sizeof(more); i++)
		more[i] = tcpcrypt_test_paybyte(200 + i);
	len = tcpcrypt_test_build(&p, buf);
	/* Four bytes of padding after the IP packet. */
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len + 4, 40,
				    TCPCRYPT_TEST_HEADROOM, NULL);
	skb_set_transport_header(skb, sizeof(struct iphdr));
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_append_payload(skb, &seg, more, sizeof(more)), 0);
	KUNIT_EXPECT_EQ(test, skb->len, len + (unsigned int)sizeof(more));
	tcpcrypt_test_expect_seg(test, skb, &seg, 0, 256);
	/* Nothing to add is fine, and too much is refused. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_append_payload(skb, &seg, more, 0), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_append_payload(skb, &seg, more, 65535),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, seg.paylen, 256u);
}

/* --- payload ownership --- */

/*
 * Writes over the payload through tcpcrypt_seg_payload(), after checking
 * it reads as the builder's pattern.
 */
static void tcpcrypt_test_scribble(struct kunit *test, struct sk_buff *skb,
				   u8 family, unsigned int paylen)
{
	struct tcpcrypt_seg seg;
	unsigned int i, bad = 0;
	u8 *pay;

	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, family, &seg), 0);
	pay = tcpcrypt_seg_payload(skb, &seg);
	KUNIT_ASSERT_NOT_NULL(test, pay);
	KUNIT_EXPECT_FALSE(test, skb_is_nonlinear(skb));
	KUNIT_EXPECT_FALSE(test, skb_cloned(skb));
	KUNIT_EXPECT_PTR_EQ(test, pay, skb->data + seg.thoff + seg.thlen);
	for (i = 0; i < paylen; i++)
		bad += pay[i] != tcpcrypt_test_paybyte(i);
	KUNIT_EXPECT_EQ(test, bad, 0u);
	memset(pay, 0xee, paylen);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_get8(skb, seg.thoff + seg.thlen), (u8)0xee);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, true), 0);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
}

static void tcpcrypt_test_payload_clone(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 600,
	};
	struct sk_buff *orig, *clone;
	unsigned int i, len;
	u8 *before;

	for (i = 0; i < 2; i++) {
		orig = tcpcrypt_test_skb(test, &p, i, NULL);
		len = orig->len;
		before = tcpcrypt_test_snapshot(test, orig);
		clone = tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL));
		tcpcrypt_test_scribble(test, clone, AF_INET, 600);
		tcpcrypt_test_expect_bytes(test, orig, before, len);
	}
}

static void tcpcrypt_test_payload_wq_clone(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 1000,
	};
	struct sk_buff *orig, *clone;
	unsigned int i;
	u8 *before;

	for (i = 0; i < 2; i++) {
		clone = tcpcrypt_test_wq_clone(test, &p, i, &orig);
		before = tcpcrypt_test_snapshot(test, orig);
		tcpcrypt_test_scribble(test, clone, AF_INET6, 1000);
		tcpcrypt_test_expect_bytes(test, orig, before, 1000);
	}
}

/* A page flagged shared (sendfile, vmsplice): its bytes never change. */
static void tcpcrypt_test_payload_shared_frag(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 1300,
	};
	struct sk_buff *skb;
	struct page *page = NULL;
	u8 *before;

	skb = tcpcrypt_test_skb(test, &p, true, &page);
	KUNIT_ASSERT_NOT_NULL(test, page);
	skb_shinfo(skb)->flags |= SKBFL_SHARED_FRAG;
	tcpcrypt_test_hold_page(test, page);
	before = kunit_kmalloc(test, 1300, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	memcpy(before, page_address(page) + TCPCRYPT_TEST_PAGEOFF, 1300);
	tcpcrypt_test_scribble(test, skb, AF_INET, 1300);
	TCPCRYPT_EXPECT_MEMEQ(test, page_address(page) + TCPCRYPT_TEST_PAGEOFF,
			      before, 1300);
}

/*
 * pskb_copy(), as TCP retransmits while a clone is in flight: a private
 * head, uncloned, but its frags are the write queue's pages.
 */
static void tcpcrypt_test_payload_pskb_copy(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET6, .flags = TCPHDR_ACK, .paylen = 700,
	};
	struct sk_buff *orig, *copy;
	unsigned int len;
	u8 *before;

	orig = tcpcrypt_test_skb(test, &p, true, NULL);
	len = orig->len;
	before = tcpcrypt_test_snapshot(test, orig);
	copy = tcpcrypt_test_track(test, pskb_copy(orig, GFP_KERNEL));
	KUNIT_EXPECT_FALSE(test, skb_cloned(copy));
	KUNIT_EXPECT_TRUE(test, skb_is_nonlinear(copy));
	tcpcrypt_test_scribble(test, copy, AF_INET6, 700);
	tcpcrypt_test_expect_bytes(test, orig, before, len);
}

/* An owned linear skb is used in place. */
static void tcpcrypt_test_payload_owned(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 0,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	unsigned char *head;

	skb = tcpcrypt_test_skb(test, &p, false, NULL);
	head = skb->head;
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	KUNIT_EXPECT_PTR_EQ(test, tcpcrypt_seg_payload(skb, &seg), skb->data + 40);
	KUNIT_EXPECT_PTR_EQ(test, skb->head, head);
	p.paylen = 100;
	tcpcrypt_test_scribble(test, tcpcrypt_test_skb(test, &p, false, NULL),
			       AF_INET, 100);
}

/* --- sequence shifts --- */

/* NOP NOP TS? NOP NOP SACK(@n blocks); every edge and TS value near 2^32. */
static unsigned int tcpcrypt_test_sack_opts(u8 *o, unsigned int n, bool ts)
{
	unsigned int len = 0, i;

	if (ts) {
		o[len++] = TCPOPT_NOP;
		o[len++] = TCPOPT_NOP;
		o[len++] = TCPOPT_TIMESTAMP;
		o[len++] = TCPOLEN_TIMESTAMP;
		put_unaligned_be32(0xfffffff0, o + len);
		put_unaligned_be32(0xfffffff1, o + len + 4);
		len += 8;
	}
	o[len++] = TCPOPT_NOP;
	o[len++] = TCPOPT_NOP;
	o[len++] = TCPOPT_SACK;
	o[len++] = TCPOLEN_SACK_BASE + n * TCPOLEN_SACK_PERBLOCK;
	for (i = 0; i < 2 * n; i++) {
		put_unaligned_be32(0xffffff00 + 0x20 * i, o + len);
		len += 4;
	}
	return len;
}

static void tcpcrypt_test_shift_sack(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = { .flags = TCPHDR_ACK, .paylen = 10 };
	unsigned int n, i, sackoff;
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	const u32 d = 0x1000;	/* carries every edge across 2^32 */
	u8 opts[40];
	bool ts;

	for (n = 1; n <= 4; n++) {
		ts = n < 4;
		p.family = n & 1 ? AF_INET : AF_INET6;
		p.opts = opts;
		p.optlen = tcpcrypt_test_sack_opts(opts, n, ts);
		skb = tcpcrypt_test_skb(test, &p, n == 2, NULL);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, p.family, &seg), 0);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_writable_headers(skb, &seg), 0);
		tcpcrypt_seg_shift(skb, &seg, 0xf0000000, 0x7, d);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 4),
				TCPCRYPT_TEST_SEQ + 0xf0000000);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 8),
				TCPCRYPT_TEST_ACK + 7);
		sackoff = seg.thoff + 20 + (ts ? 12 : 0) + 4;
		for (i = 0; i < 2 * n; i++)
			KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, sackoff + 4 * i),
					(u32)(0xffffff00 + 0x20 * i + d));
		if (ts) {
			KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 24),
					0xfffffff0u);
			KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 28),
					0xfffffff1u);
		}
		/* And back: subtracting is adding the complement. */
		tcpcrypt_seg_shift(skb, &seg, 0x10000000, -7u, -d);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 4),
				TCPCRYPT_TEST_SEQ);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, sackoff),
				0xffffff00u);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, true), 0);
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
	}
}

/* No ACK flag: ack_seq stays; malformed options stop the walk safely. */
static void tcpcrypt_test_shift_edge(struct kunit *test)
{
	static const u8 bad_len0[12] = {
		TCPOPT_NOP, 0x22, 0, TCPOPT_SACK, 10, 0, 0, 0, 1, 0, 0, 0,
	};
	static const u8 bad_long[12] = {
		TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK, 18, 0, 0, 0, 1, 0, 0, 0, 2,
	};
	static const u8 bad_sacklen[12] = {
		TCPOPT_NOP, TCPOPT_NOP, TCPOPT_SACK, 6, 0, 0, 0, 1, 1, 1, 1, 0,
	};
	const u8 *cases[] = { bad_len0, bad_long, bad_sacklen };
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_SYN, .optlen = 12,
	};
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	unsigned int i;
	u8 *before;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		p.opts = cases[i];
		skb = tcpcrypt_test_skb(test, &p, false, NULL);
		before = tcpcrypt_test_snapshot(test, skb);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_writable_headers(skb, &seg), 0);
		tcpcrypt_seg_shift(skb, &seg, 1, 100, 1000);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 4),
				TCPCRYPT_TEST_SEQ + 1);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, seg.thoff + 8),
				TCPCRYPT_TEST_ACK);
		/* Everything but seq unchanged. */
		TCPCRYPT_EXPECT_MEMEQ(test, skb->data + seg.thoff + 8,
				      before + seg.thoff + 8, seg.thlen - 8);
	}
}

/* --- checksums --- */

static void tcpcrypt_test_csum_out(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = { .flags = TCPHDR_ACK, .paylen = 999 };
	struct tcpcrypt_seg seg;
	struct sk_buff *skb, *orig;
	unsigned int i;
	bool full;

	for (i = 0; i < 8; i++) {
		p.family = i & 1 ? AF_INET6 : AF_INET;
		full = i & 4;
		orig = tcpcrypt_test_skb(test, &p, i & 2, NULL);
		skb = tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL));
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, p.family, &seg), 0);
		/* Change the header so that the old checksum is wrong. */
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_set_options(skb, &seg,
							       tcpcrypt_test_opts40, 20), 0);
		KUNIT_EXPECT_FALSE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_csum_out(skb, &seg, full), 0);
		if (full) {
			KUNIT_EXPECT_EQ(test, tcpcrypt_test_summed(skb), (u8)CHECKSUM_NONE);
		} else {
			KUNIT_EXPECT_EQ(test, tcpcrypt_test_summed(skb), (u8)CHECKSUM_PARTIAL);
			KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb),
					(int)seg.thoff);
			KUNIT_EXPECT_EQ(test, skb->csum_offset,
					(u16)offsetof(struct tcphdr, check));
			/* What a device without offload would do. */
			KUNIT_ASSERT_EQ(test, skb_checksum_help(skb), 0);
		}
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_tcp_csum_ok(skb, &seg));
	}
}

static void tcpcrypt_test_csum_in(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = { .flags = TCPHDR_ACK, .paylen = 321 };
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		p.family = i & 1 ? AF_INET6 : AF_INET;
		skb = tcpcrypt_test_skb(test, &p, i & 2, NULL);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, p.family, &seg), 0);
		skb->ip_summed = CHECKSUM_NONE;
		KUNIT_EXPECT_EQ(test, tcpcrypt_seg_csum_in(skb, &seg, NF_INET_LOCAL_IN), 0);

		/* One payload bit flipped: refused. */
		skb = tcpcrypt_test_skb(test, &p, i & 2, NULL);
		KUNIT_ASSERT_EQ(test, skb_ensure_writable(skb, skb->len), 0);
		skb->data[skb->len - 5] ^= 0x10;
		skb->ip_summed = CHECKSUM_NONE;
		KUNIT_EXPECT_EQ(test, tcpcrypt_seg_csum_in(skb, &seg, NF_INET_LOCAL_IN),
				-EBADMSG);
		/* The same with a (correct) CHECKSUM_COMPLETE sum. */
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum_valid = 0;
		skb->csum_complete_sw = 0;
		skb->csum = skb_checksum(skb, 0, skb->len, 0);
		KUNIT_EXPECT_EQ(test, tcpcrypt_seg_csum_in(skb, &seg, NF_INET_LOCAL_IN),
				-EBADMSG);
		/* A device that vouched for it is believed. */
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		KUNIT_EXPECT_EQ(test, tcpcrypt_seg_csum_in(skb, &seg, NF_INET_LOCAL_IN), 0);
	}
}

/* A good COMPLETE sum verifies; after changes, csum_in_done() vouches. */
static void tcpcrypt_test_csum_in_complete(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = { .flags = TCPHDR_ACK, .paylen = 64 };
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	unsigned int i;
	u8 *pay;

	for (i = 0; i < 2; i++) {
		p.family = i ? AF_INET6 : AF_INET;
		skb = tcpcrypt_test_skb(test, &p, false, NULL);
		KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, p.family, &seg), 0);
		skb->ip_summed = CHECKSUM_COMPLETE;
		skb->csum = skb_checksum(skb, 0, skb->len, 0);
		KUNIT_EXPECT_EQ(test, tcpcrypt_seg_csum_in(skb, &seg, NF_INET_LOCAL_IN), 0);
		pay = tcpcrypt_seg_payload(skb, &seg);
		KUNIT_ASSERT_NOT_NULL(test, pay);
		pay[0] ^= 0xff;
		KUNIT_EXPECT_NE(test, tcpcrypt_test_summed(skb), (u8)CHECKSUM_COMPLETE);
		tcpcrypt_seg_csum_in_done(skb);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_summed(skb), (u8)CHECKSUM_UNNECESSARY);
		KUNIT_EXPECT_TRUE(test, skb_csum_unnecessary(skb));
	}
}

/* Padding after the packet is not summed (and is dropped). */
static void tcpcrypt_test_csum_in_padding(struct kunit *test)
{
	struct tcpcrypt_test_pkt p = {
		.family = AF_INET, .flags = TCPHDR_ACK, .paylen = 3,
	};
	u8 *buf = kunit_kzalloc(test, TCPCRYPT_TEST_MAXPKT, GFP_KERNEL);
	struct tcpcrypt_seg seg;
	struct sk_buff *skb;
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = tcpcrypt_test_build(&p, buf);
	buf[len] = 0x5a;	/* non-zero padding would spoil the sum */
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len + 3, 100,
				    TCPCRYPT_TEST_HEADROOM, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_seg_parse(skb, AF_INET, &seg), 0);
	skb->ip_summed = CHECKSUM_NONE;
	KUNIT_EXPECT_EQ(test, tcpcrypt_seg_csum_in(skb, &seg, NF_INET_LOCAL_IN), 0);
	KUNIT_EXPECT_EQ(test, skb->len, len);
}

/* --- ICMP errors --- */

/* Frag-needed from a router, quoting our segment's first 8 TCP bytes. */
static unsigned int tcpcrypt_test_icmp4(u8 *buf, u8 type, u8 qproto,
					unsigned int tcpquote)
{
	struct iphdr *iph = (struct iphdr *)buf, *qiph;
	unsigned int icmplen = 8 + 20 + tcpquote;
	struct icmphdr *ih;
	u8 *qth;

	memset(buf, 0, 20 + icmplen);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(20 + icmplen);
	iph->ttl = 64;
	iph->protocol = IPPROTO_ICMP;
	iph->saddr = htonl(0xcb007109);	/* 203.0.113.9 */
	iph->daddr = tcpcrypt_test_v4src;
	ip_send_check(iph);
	ih = (struct icmphdr *)(iph + 1);
	ih->type = type;
	ih->code = ICMP_FRAG_NEEDED;
	ih->un.frag.mtu = htons(1400);
	qiph = (struct iphdr *)(ih + 1);
	qiph->version = 4;
	qiph->ihl = 5;
	qiph->tot_len = htons(1500);
	qiph->frag_off = htons(IP_DF);
	qiph->ttl = 1;
	qiph->protocol = qproto;
	qiph->saddr = tcpcrypt_test_v4src;
	qiph->daddr = tcpcrypt_test_v4dst;
	ip_send_check(qiph);
	qth = (u8 *)(qiph + 1);
	put_unaligned_be16(40000, qth);
	put_unaligned_be16(443, qth + 2);
	put_unaligned_be32(TCPCRYPT_TEST_SEQ, qth + 4);
	if (tcpquote > 12)
		qth[12] = 0x50;
	ih->checksum = ip_compute_csum(ih, icmplen);
	return 20 + icmplen;
}

/* Packet-too-big, quoting a whole TCP header after a hop-by-hop header. */
static unsigned int tcpcrypt_test_icmp6(u8 *buf, u8 type, u8 qproto)
{
	static const struct in6_addr router = {
		{ { 0x20, 0x01, 0x0d, 0xb8, 0xff, [15] = 0xff } } };
	struct ipv6hdr *ip6h = (struct ipv6hdr *)buf, *qip6h;
	unsigned int icmplen = 8 + 40 + 8 + 20;
	struct icmp6hdr *ih;
	u8 *hbh, *qth;

	memset(buf, 0, 40 + icmplen);
	ip6h->version = 6;
	ip6h->payload_len = htons(icmplen);
	ip6h->nexthdr = IPPROTO_ICMPV6;
	ip6h->hop_limit = 64;
	ip6h->saddr = router;
	ip6h->daddr = tcpcrypt_test_v6src;
	ih = (struct icmp6hdr *)(ip6h + 1);
	ih->icmp6_type = type;
	ih->icmp6_mtu = htonl(1280);
	qip6h = (struct ipv6hdr *)(ih + 1);
	qip6h->version = 6;
	qip6h->payload_len = htons(1400);
	qip6h->nexthdr = NEXTHDR_HOP;
	qip6h->hop_limit = 1;
	qip6h->saddr = tcpcrypt_test_v6src;
	qip6h->daddr = tcpcrypt_test_v6dst;
	hbh = (u8 *)(qip6h + 1);
	hbh[0] = qproto;
	hbh[2] = IPV6_TLV_PADN;
	hbh[3] = 4;
	qth = hbh + 8;
	put_unaligned_be16(40000, qth);
	put_unaligned_be16(443, qth + 2);
	put_unaligned_be32(TCPCRYPT_TEST_SEQ, qth + 4);
	qth[12] = 0x50;
	ih->icmp6_cksum = csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, icmplen,
					  IPPROTO_ICMPV6,
					  csum_partial(ih, icmplen, 0));
	return 40 + icmplen;
}

/* The ICMP(v6) checksum of the message in @skb verifies. */
static bool tcpcrypt_test_icmp_csum_ok(struct kunit *test, struct sk_buff *skb,
				       u8 family, unsigned int ioff)
{
	u8 *buf = tcpcrypt_test_snapshot(test, skb);
	unsigned int len = skb->len - ioff;

	if (family == AF_INET)
		return !ip_compute_csum(buf + ioff, len);
	return !csum_ipv6_magic(&((struct ipv6hdr *)buf)->saddr,
				&((struct ipv6hdr *)buf)->daddr, len,
				IPPROTO_ICMPV6, csum_partial(buf + ioff, len, 0));
}

static void tcpcrypt_test_icmp_v4(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct tcpcrypt_icmp_quote q;
	struct sk_buff *orig, *skb;
	unsigned int len, i;
	u8 *before;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* Linear; then only the outer headers linear, and a clone. */
	for (i = 0; i < 2; i++) {
		len = tcpcrypt_test_icmp4(buf, ICMP_DEST_UNREACH, IPPROTO_TCP,
					  i ? 20 : 8);
		orig = tcpcrypt_test_skb_raw(test, AF_INET, buf, len,
					     i ? 28 : len,
					     TCPCRYPT_TEST_HEADROOM, NULL);
		before = tcpcrypt_test_snapshot(test, orig);
		skb = i ? tcpcrypt_test_track(test, skb_clone(orig, GFP_KERNEL)) : orig;
		KUNIT_ASSERT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET, &q), 0);
		KUNIT_EXPECT_EQ(test, q.family, (u8)AF_INET);
		KUNIT_EXPECT_EQ(test, q.ioff, 20u);
		KUNIT_EXPECT_EQ(test, q.qoff, 48u);
		KUNIT_EXPECT_EQ(test, ntohs(q.sport), 40000);
		KUNIT_EXPECT_EQ(test, ntohs(q.dport), 443);
		KUNIT_EXPECT_EQ(test, ntohl(q.saddr.v4), ntohl(tcpcrypt_test_v4src));
		KUNIT_EXPECT_EQ(test, ntohl(q.daddr.v4), ntohl(tcpcrypt_test_v4dst));
		KUNIT_EXPECT_EQ(test, ntohl(q.seq), TCPCRYPT_TEST_SEQ);
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_icmp_csum_ok(test, skb, AF_INET, 20));

		KUNIT_ASSERT_EQ(test, tcpcrypt_icmp_set_seq(skb, &q, htonl(0xfffffffe)), 0);
		KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, 52), 0xfffffffeu);
		KUNIT_EXPECT_TRUE(test, tcpcrypt_test_icmp_csum_ok(test, skb, AF_INET, 20));
		KUNIT_ASSERT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET, &q), 0);
		KUNIT_EXPECT_EQ(test, ntohl(q.seq), 0xfffffffeu);
		if (skb != orig)
			tcpcrypt_test_expect_bytes(test, orig, before, len);
	}
}

static void tcpcrypt_test_icmp_v6(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct tcpcrypt_icmp_quote q;
	struct sk_buff *skb;
	unsigned int len;
	__wsum whole;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = tcpcrypt_test_icmp6(buf, ICMPV6_PKT_TOOBIG, IPPROTO_TCP);
	skb = tcpcrypt_test_skb_raw(test, AF_INET6, buf, len, 48,
				    TCPCRYPT_TEST_HEADROOM, NULL);
	KUNIT_ASSERT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), 0);
	KUNIT_EXPECT_EQ(test, q.family, (u8)AF_INET6);
	KUNIT_EXPECT_EQ(test, q.ioff, 40u);
	KUNIT_EXPECT_EQ(test, q.qoff, 96u);
	KUNIT_EXPECT_EQ(test, ntohs(q.sport), 40000);
	KUNIT_EXPECT_EQ(test, ntohs(q.dport), 443);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&q.saddr.v6, &tcpcrypt_test_v6src));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&q.daddr.v6, &tcpcrypt_test_v6dst));
	KUNIT_EXPECT_EQ(test, ntohl(q.seq), TCPCRYPT_TEST_SEQ);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_test_icmp_csum_ok(test, skb, AF_INET6, 40));

	/* A CHECKSUM_COMPLETE sum stays right: the message's sum is kept. */
	skb->ip_summed = CHECKSUM_COMPLETE;
	skb->csum = skb_checksum(skb, 0, skb->len, 0);
	whole = skb->csum;
	KUNIT_ASSERT_EQ(test, tcpcrypt_icmp_set_seq(skb, &q, htonl(1)), 0);
	KUNIT_EXPECT_EQ(test, tcpcrypt_test_get32(skb, 100), 1u);
	KUNIT_EXPECT_TRUE(test, tcpcrypt_test_icmp_csum_ok(test, skb, AF_INET6, 40));
	KUNIT_EXPECT_EQ(test, (__force u16)csum_fold(skb_checksum(skb, 0, skb->len, 0)),
			(__force u16)csum_fold(whole));
	KUNIT_EXPECT_EQ(test, (__force u16)csum_fold(skb->csum),
			(__force u16)csum_fold(whole));
}

static void tcpcrypt_test_icmp_not_ours(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	struct tcpcrypt_icmp_quote q;
	struct sk_buff *skb;
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* Echo request; quoting UDP; 4 quoted TCP bytes: not for us. */
	len = tcpcrypt_test_icmp4(buf, ICMP_ECHO, IPPROTO_TCP, 8);
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET, &q), -ENOENT);
	len = tcpcrypt_test_icmp4(buf, ICMP_TIME_EXCEEDED, IPPROTO_UDP, 8);
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET, &q), -ENOENT);
	len = tcpcrypt_test_icmp4(buf, ICMP_TIME_EXCEEDED, IPPROTO_TCP, 8);
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET, &q), 0);
	put_unaligned_be16(len - 4, buf + 2);	/* cut 4 bytes of the quote */
	skb = tcpcrypt_test_skb_raw(test, AF_INET, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET, &q), -ENOENT);
	/* Nor is an IPv4 packet an ICMPv6 error. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), -ENOENT);

	len = tcpcrypt_test_icmp6(buf, ICMPV6_ECHO_REQUEST, IPPROTO_TCP);
	skb = tcpcrypt_test_skb_raw(test, AF_INET6, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), -ENOENT);
	len = tcpcrypt_test_icmp6(buf, ICMPV6_TIME_EXCEED, IPPROTO_UDP);
	skb = tcpcrypt_test_skb_raw(test, AF_INET6, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), -ENOENT);
	len = tcpcrypt_test_icmp6(buf, ICMPV6_DEST_UNREACH, IPPROTO_TCP);
	skb = tcpcrypt_test_skb_raw(test, AF_INET6, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), 0);
	/* The quote ends 4 bytes into the TCP header; then a cut packet. */
	put_unaligned_be16(len - 40 - 16, buf + 4);
	skb = tcpcrypt_test_skb_raw(test, AF_INET6, buf, len, len, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), -ENOENT);
	skb = tcpcrypt_test_skb_raw(test, AF_INET6, buf, 60, 60, 0, NULL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_icmp_parse(skb, AF_INET6, &q), -ENOENT);
}

static struct kunit_case tcpcrypt_skbopt_cases[] = {
	KUNIT_CASE(tcpcrypt_test_parse_v4),
	KUNIT_CASE(tcpcrypt_test_parse_v6),
	KUNIT_CASE(tcpcrypt_test_parse_split_header),
	KUNIT_CASE(tcpcrypt_test_parse_bad_v4),
	KUNIT_CASE(tcpcrypt_test_parse_bad_v6),
	KUNIT_CASE(tcpcrypt_test_options_v4_linear),
	KUNIT_CASE(tcpcrypt_test_options_v4_paged),
	KUNIT_CASE(tcpcrypt_test_options_v6_linear),
	KUNIT_CASE(tcpcrypt_test_options_v6_paged),
	KUNIT_CASE(tcpcrypt_test_options_no_headroom),
	KUNIT_CASE(tcpcrypt_test_options_bad),
	KUNIT_CASE(tcpcrypt_test_options_clone),
	KUNIT_CASE(tcpcrypt_test_options_wq_clone),
	KUNIT_CASE(tcpcrypt_test_options_mac_header),
	KUNIT_CASE(tcpcrypt_test_options_csum_state),
	KUNIT_CASE(tcpcrypt_test_trim),
	KUNIT_CASE(tcpcrypt_test_append),
	KUNIT_CASE(tcpcrypt_test_append_paged),
	KUNIT_CASE(tcpcrypt_test_payload_clone),
	KUNIT_CASE(tcpcrypt_test_payload_wq_clone),
	KUNIT_CASE(tcpcrypt_test_payload_shared_frag),
	KUNIT_CASE(tcpcrypt_test_payload_pskb_copy),
	KUNIT_CASE(tcpcrypt_test_payload_owned),
	KUNIT_CASE(tcpcrypt_test_shift_sack),
	KUNIT_CASE(tcpcrypt_test_shift_edge),
	KUNIT_CASE(tcpcrypt_test_csum_out),
	KUNIT_CASE(tcpcrypt_test_csum_in),
	KUNIT_CASE(tcpcrypt_test_csum_in_complete),
	KUNIT_CASE(tcpcrypt_test_csum_in_padding),
	KUNIT_CASE(tcpcrypt_test_icmp_v4),
	KUNIT_CASE(tcpcrypt_test_icmp_v6),
	KUNIT_CASE(tcpcrypt_test_icmp_not_ours),
	{}
};

static struct kunit_suite tcpcrypt_skbopt_suite = {
	.name = "tcpcrypt_skbopt",
	.test_cases = tcpcrypt_skbopt_cases,
};

kunit_test_suite(tcpcrypt_skbopt_suite);
