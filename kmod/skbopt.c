// SPDX-License-Identifier: GPL-2.0
/*
 * skb surgery: the mechanics of changing TCP segments in the netfilter
 * hooks. See skbopt.h for the contract every function shares.
 *
 * Who owns which bytes decides how each function makes its room:
 *  - An output skb is usually a clone of a write-queue skb whose owner
 *    called __skb_header_release(): the clone may write its headroom and
 *    headers (skb_clone_writable()), never the payload, which stays shared
 *    with the retransmit queue. A retransmission while a clone is alive
 *    comes from pskb_copy(): a private head, but frags shared with the
 *    write queue. Frags may also be page-cache or zerocopy pages.
 *  - An input skb may be a clone held by an AF_PACKET tap.
 * So headers are made writable with skb_ensure_writable() (copies the head
 * only when it is shared), and the payload, when it is to be written, is
 * copied whole into a private linear head (skb_linearize_cow()).
 */
#include <linux/error-injection.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/net_debug.h>
#include <net/tcp.h>

#include "compat.h"
#include "skbopt.h"

/* The 8 quoted bytes of a TCP header an ICMP error must carry. */
struct tcpcrypt_tcp_head8 {
	__be16 sport;
	__be16 dport;
	__be32 seq;
};

/* Offset just past the segment: the IP total length. */
static unsigned int tcpcrypt_seg_end(const struct tcpcrypt_seg *seg)
{
	return seg->thoff + seg->thlen + seg->paylen;
}

/* Whether a segment of @end bytes fits the 16-bit IP length fields. */
static bool tcpcrypt_seg_len_ok(const struct tcpcrypt_seg *seg,
				unsigned int end)
{
	if (seg->family == AF_INET)
		return end <= U16_MAX;
	return end - sizeof(struct ipv6hdr) <= IPV6_MAXPLEN;
}

/* Writes the IP length from @seg; the IP header must be writable. */
static void tcpcrypt_seg_set_iplen(struct sk_buff *skb,
				   const struct tcpcrypt_seg *seg)
{
	unsigned int end = tcpcrypt_seg_end(seg);

	if (seg->family == AF_INET) {
		struct iphdr *iph = (struct iphdr *)skb->data;

		iph->tot_len = htons(end);
		ip_send_check(iph);
	} else {
		struct ipv6hdr *ip6h = (struct ipv6hdr *)skb->data;

		ip6h->payload_len = htons(end - sizeof(*ip6h));
	}
}

/*
 * A CHECKSUM_COMPLETE sum describes the bytes as received. Once they
 * change it is wrong, and the stack would trust it; without it TCP falls
 * back to verifying in software, unless tcpcrypt_seg_csum_in_done() says
 * the verification was already done.
 */
static void tcpcrypt_seg_csum_stale(struct sk_buff *skb)
{
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
}

/* Drops bytes past the IP length (link-layer padding). */
static int tcpcrypt_seg_drop_padding(struct sk_buff *skb,
				     const struct tcpcrypt_seg *seg)
{
	unsigned int end = tcpcrypt_seg_end(seg);

	if (skb->len <= end)
		return 0;
	return pskb_trim_rcsum(skb, end);
}

static int tcpcrypt_parse_v4(struct sk_buff *skb, unsigned int *thoff,
			     unsigned int *end)
{
	const struct iphdr *iph;
	struct iphdr _iph;
	unsigned int ihl, len;

	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return -EINVAL;
	ihl = iph->ihl * 4;
	len = ntohs(iph->tot_len);
	if (len > skb->len || len < ihl)
		return -EINVAL;
	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph))
		return -EPROTONOSUPPORT;
	*thoff = ihl;
	*end = len;
	return 0;
}

static int tcpcrypt_parse_v6(struct sk_buff *skb, unsigned int *thoff,
			     unsigned int *end)
{
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	unsigned int len;
	__be16 frag_off;
	u8 nexthdr;
	int off;

	ip6h = skb_header_pointer(skb, 0, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return -EINVAL;
	/* A zero payload length (jumbogram) is never a non-GSO TCP segment. */
	len = sizeof(_ip6h) + ntohs(ip6h->payload_len);
	if (len > skb->len)
		return -EINVAL;
	nexthdr = ip6h->nexthdr;
	off = ipv6_skip_exthdr(skb, sizeof(_ip6h), &nexthdr, &frag_off);
	if (off < 0)
		return -EINVAL;
	/*
	 * A non-first fragment stops the walk at its fragment header; a first
	 * one walks on to TCP with the M flag set. An atomic fragment (offset
	 * 0, no M) is a whole packet.
	 */
	if (nexthdr != IPPROTO_TCP || (frag_off & htons(IP6_OFFSET | IP6_MF)))
		return -EPROTONOSUPPORT;
	*thoff = off;
	*end = len;
	return 0;
}

int tcpcrypt_seg_parse(struct sk_buff *skb, u8 family,
		       struct tcpcrypt_seg *seg)
{
	unsigned int thoff, thlen, end;
	const struct tcphdr *th;
	struct tcphdr _th;
	int err;

	DEBUG_NET_WARN_ON_ONCE(skb_network_offset(skb) != 0);
	if (family == AF_INET)
		err = tcpcrypt_parse_v4(skb, &thoff, &end);
	else if (family == AF_INET6)
		err = tcpcrypt_parse_v6(skb, &thoff, &end);
	else
		err = -EPROTONOSUPPORT;
	if (err)
		return err;

	if (thoff + sizeof(_th) > end)
		return -EINVAL;
	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->doff < sizeof(_th) / 4)
		return -EINVAL;
	thlen = th->doff * 4;
	if (thoff + thlen > end)
		return -EINVAL;

	seg->family = family;
	seg->thoff = thoff;
	seg->thlen = thlen;
	seg->paylen = end - thoff - thlen;
	return 0;
}

int tcpcrypt_seg_writable_headers(struct sk_buff *skb,
				  const struct tcpcrypt_seg *seg)
{
	int err;

	err = skb_ensure_writable(skb, seg->thoff + seg->thlen);
	if (err)
		return err;
	tcpcrypt_seg_csum_stale(skb);
	return 0;
}

int tcpcrypt_seg_set_options(struct sk_buff *skb, struct tcpcrypt_seg *seg,
			     const u8 *opts, unsigned int optlen)
{
	unsigned int newthlen = sizeof(struct tcphdr) + optlen;
	/* What moves: link-layer header (if any), IP headers, TCP base header. */
	unsigned int mlen = 0, movelen;
	struct tcphdr *th;
	bool mac = false;
	u8 *start;
	int delta, err;

	if (optlen > TCPCRYPT_SEG_MAX_OPTLEN || optlen % 4)
		return -EINVAL;
	if (!tcpcrypt_seg_len_ok(seg, seg->thoff + newthlen + seg->paylen))
		return -EMSGSIZE;

	/* Linear headers, and a private head if it is shared. */
	err = skb_ensure_writable(skb, seg->thoff + seg->thlen);
	if (err)
		return err;

	/*
	 * On input the Ethernet header sits right in front of the IP header;
	 * rules after us may still read it (eth_hdr()), so it moves with the
	 * rest instead of being overwritten or left behind a gap (an empty
	 * one, as on tun devices, stays at the IP header). Output skbs have
	 * no link-layer header yet.
	 */
	if (skb_mac_header_was_set(skb) && skb_mac_offset(skb) <= 0 &&
	    -skb_mac_offset(skb) <= (int)skb_headroom(skb)) {
		mac = true;
		mlen = -skb_mac_offset(skb);
	}
	movelen = mlen + seg->thoff + sizeof(struct tcphdr);
	delta = (int)newthlen - (int)seg->thlen;

	if (delta > 0) {
		/*
		 * Grow into the headroom. After skb_ensure_writable() the
		 * headroom is ours (unshared, or released to us by the
		 * write-queue skb's owner); skb_cow_head() only adds room.
		 */
		err = skb_cow_head(skb, mlen + delta);
		if (err)
			return err;
		start = skb->data - mlen;
		skb_push(skb, delta);
		memmove(start - delta, start, movelen);
	} else if (delta < 0) {
		/* Shrink: slide the headers forward over the old options. */
		start = skb->data - mlen;
		memmove(start - delta, start, movelen);
		skb_pull(skb, -delta);
	}

	skb_reset_network_header(skb);
	skb_set_transport_header(skb, seg->thoff);
	if (mac)
		skb_set_mac_header(skb, -(int)mlen);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->csum_start = skb_transport_header(skb) - skb->head;

	th = (struct tcphdr *)(skb->data + seg->thoff);
	if (optlen)
		memcpy(th + 1, opts, optlen);
	th->doff = newthlen / 4;
	seg->thlen = newthlen;
	tcpcrypt_seg_set_iplen(skb, seg);
	tcpcrypt_seg_csum_stale(skb);
	return 0;
}

int tcpcrypt_seg_trim_payload(struct sk_buff *skb, struct tcpcrypt_seg *seg)
{
	unsigned int hdrlen = seg->thoff + seg->thlen;
	int err;

	err = skb_ensure_writable(skb, hdrlen);
	if (err)
		return err;
	/* Unclones first if it has to cut frags; a linear trim moves only tail. */
	err = pskb_trim(skb, hdrlen);
	if (err)
		return err;
	seg->paylen = 0;
	tcpcrypt_seg_set_iplen(skb, seg);
	tcpcrypt_seg_csum_stale(skb);
	return 0;
}

int tcpcrypt_seg_append_payload(struct sk_buff *skb, struct tcpcrypt_seg *seg,
				const void *data, unsigned int len)
{
	unsigned int end = tcpcrypt_seg_end(seg);
	int err;

	if (!len)
		return 0;
	if (!tcpcrypt_seg_len_ok(seg, end + len))
		return -EMSGSIZE;
	err = tcpcrypt_seg_drop_padding(skb, seg);
	if (err)
		return err;
	/*
	 * skb_put() needs a linear skb, and the tailroom of a cloned head is
	 * shared too (the other owner's tail may lie there), so the data must
	 * be linear and private before the tail grows. Appending happens once
	 * per connection (INIT1 on a bare ACK): two copies do not matter.
	 */
	err = skb_linearize_cow(skb);
	if (err)
		return err;
	if (skb_tailroom(skb) < len) {
		err = pskb_expand_head(skb, 0, len - skb_tailroom(skb),
				       GFP_ATOMIC);
		if (err)
			return err;
	}
	skb_put_data(skb, data, len);
	seg->paylen += len;
	tcpcrypt_seg_set_iplen(skb, seg);
	tcpcrypt_seg_csum_stale(skb);
	return 0;
}
ALLOW_ERROR_INJECTION(tcpcrypt_seg_append_payload, ERRNO);

u8 *tcpcrypt_seg_payload(struct sk_buff *skb, struct tcpcrypt_seg *seg)
{
	/*
	 * skb_linearize_cow() copies the whole segment into a new private
	 * head whenever the skb is cloned (head shared with the retransmit
	 * queue or a packet tap) or has frags, and releases the old frags.
	 * Unsharing alone is not enough: frags of an uncloned skb can still
	 * be page-cache pages (sendfile), zerocopy user pages, or pages shared
	 * with the write queue through pskb_copy(), and skb_has_shared_frag()
	 * does not flag the last case. A linear uncloned skb owns its head,
	 * so it is used as is. Retransmissions thus keep re-cloning the
	 * plaintext. The cost is one copy of each segment we encrypt or
	 * decrypt, and an order-n allocation for large (loopback) segments.
	 */
	if (skb_linearize_cow(skb))
		return NULL;
	tcpcrypt_seg_csum_stale(skb);
	return skb->data + seg->thoff + seg->thlen;
}

void tcpcrypt_seg_shift(struct sk_buff *skb, const struct tcpcrypt_seg *seg,
			u32 dseq, u32 dack, u32 dsack)
{
	struct tcphdr *th = (struct tcphdr *)(skb->data + seg->thoff);
	unsigned int optlen = seg->thlen - sizeof(*th);
	u8 *opt = (u8 *)(th + 1);
	unsigned int i = 0, j;

	DEBUG_NET_WARN_ON_ONCE(skb_headlen(skb) < seg->thoff + seg->thlen ||
			       (skb_cloned(skb) &&
				!skb_clone_writable(skb, seg->thoff + seg->thlen)));

	th->seq = htonl(ntohl(th->seq) + dseq);
	if (th->ack)
		th->ack_seq = htonl(ntohl(th->ack_seq) + dack);
	if (!dsack)
		return;

	/* Stop at the end of the list or at anything malformed, as TCP does. */
	while (i < optlen) {
		u8 kind = opt[i], len;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 2 > optlen)
			break;
		len = opt[i + 1];
		if (len < 2 || i + len > optlen)
			break;
		if (kind == TCPOPT_SACK && len >= TCPOLEN_SACK_BASE +
		    TCPOLEN_SACK_PERBLOCK &&
		    !((len - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_PERBLOCK)) {
			/* Each block is two edges: left, right. */
			for (j = i + TCPOLEN_SACK_BASE; j < i + len; j += 4)
				put_unaligned_be32(get_unaligned_be32(opt + j) +
						   dsack, opt + j);
		}
		i += len;
	}
}

/* The pseudo-header sum folded with @base, as for the final TCP check. */
static __sum16 tcpcrypt_seg_pseudo(const struct sk_buff *skb,
				   const struct tcpcrypt_seg *seg,
				   unsigned int len, __wsum base)
{
	const struct ipv6hdr *ip6h = (const struct ipv6hdr *)skb->data;
	const struct iphdr *iph = (const struct iphdr *)skb->data;

	if (seg->family == AF_INET)
		return tcp_v4_check(len, iph->saddr, iph->daddr, base);
	return tcp_v6_check(len, &ip6h->saddr, &ip6h->daddr, base);
}

int tcpcrypt_seg_csum_out(struct sk_buff *skb, const struct tcpcrypt_seg *seg,
			  bool full)
{
	unsigned int tcplen = seg->thlen + seg->paylen;
	struct tcphdr *th;
	int err;

	/* A device completing a PARTIAL sum sums up to skb->len. */
	err = tcpcrypt_seg_drop_padding(skb, seg);
	if (err)
		return err;
	err = skb_ensure_writable(skb, seg->thoff + seg->thlen);
	if (err)
		return err;
	th = (struct tcphdr *)(skb->data + seg->thoff);

	if (full) {
		__wsum csum;

		/* Reads frags in place: nothing but the header is written. */
		th->check = 0;
		csum = skb_checksum(skb, seg->thoff, tcplen, 0);
		th->check = tcpcrypt_seg_pseudo(skb, seg, tcplen, csum);
		skb->ip_summed = CHECKSUM_NONE;
	} else {
		skb_set_transport_header(skb, seg->thoff);
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_transport_header(skb) - skb->head;
		skb->csum_offset = offsetof(struct tcphdr, check);
		th->check = ~tcpcrypt_seg_pseudo(skb, seg, tcplen, 0);
	}
	return 0;
}

int tcpcrypt_seg_csum_in(struct sk_buff *skb, const struct tcpcrypt_seg *seg,
			 unsigned int hook)
{
	int err;

	if (skb_csum_unnecessary(skb))
		return 0;
	/* nf_checksum() covers everything from the TCP header to skb->len. */
	err = tcpcrypt_seg_drop_padding(skb, seg);
	if (err)
		return err;
	if (nf_checksum(skb, hook, seg->thoff, IPPROTO_TCP, seg->family))
		return -EBADMSG;
	return 0;
}

void tcpcrypt_seg_csum_in_done(struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
}

/* The quoted IP header at @off, its TCP header's offset into @qoff. */
static int tcpcrypt_icmp_quote_v4(struct sk_buff *skb, unsigned int off,
				  unsigned int end,
				  struct tcpcrypt_icmp_quote *q)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || off + sizeof(_iph) > end || iph->version != 4 ||
	    iph->ihl < 5 || iph->protocol != IPPROTO_TCP ||
	    (iph->frag_off & htons(IP_OFFSET)))
		return -ENOENT;
	q->saddr.v4 = iph->saddr;
	q->daddr.v4 = iph->daddr;
	q->qoff = off + iph->ihl * 4;
	return 0;
}

static int tcpcrypt_icmp_parse_v4(struct sk_buff *skb,
				  struct tcpcrypt_icmp_quote *q,
				  unsigned int *end)
{
	const struct icmphdr *ih;
	const struct iphdr *iph;
	struct icmphdr _ih;
	struct iphdr _iph;
	unsigned int ihl;

	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return -ENOENT;
	ihl = iph->ihl * 4;
	*end = ntohs(iph->tot_len);
	if (*end > skb->len || *end < ihl || iph->protocol != IPPROTO_ICMP ||
	    ip_is_fragment(iph))
		return -ENOENT;

	ih = skb_header_pointer(skb, ihl, sizeof(_ih), &_ih);
	if (!ih || ihl + sizeof(_ih) > *end)
		return -ENOENT;
	switch (ih->type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		break;
	default:
		return -ENOENT;
	}
	q->ioff = ihl;
	return tcpcrypt_icmp_quote_v4(skb, ihl + sizeof(_ih), *end, q);
}

static int tcpcrypt_icmp_quote_v6(struct sk_buff *skb, unsigned int off,
				  unsigned int end,
				  struct tcpcrypt_icmp_quote *q)
{
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	__be16 frag_off;
	u8 nexthdr;
	int qoff;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || off + sizeof(_ip6h) > end || ip6h->version != 6)
		return -ENOENT;
	q->saddr.v6 = ip6h->saddr;
	q->daddr.v6 = ip6h->daddr;
	nexthdr = ip6h->nexthdr;
	qoff = ipv6_skip_exthdr(skb, off + sizeof(_ip6h), &nexthdr, &frag_off);
	/* A first fragment still quotes the TCP header; later ones do not. */
	if (qoff < 0 || nexthdr != IPPROTO_TCP ||
	    (frag_off & htons(IP6_OFFSET)))
		return -ENOENT;
	q->qoff = qoff;
	return 0;
}

static int tcpcrypt_icmp_parse_v6(struct sk_buff *skb,
				  struct tcpcrypt_icmp_quote *q,
				  unsigned int *end)
{
	const struct ipv6hdr *ip6h;
	const struct icmp6hdr *ih;
	struct ipv6hdr _ip6h;
	struct icmp6hdr _ih;
	__be16 frag_off;
	u8 nexthdr;
	int ioff;

	ip6h = skb_header_pointer(skb, 0, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return -ENOENT;
	*end = sizeof(_ip6h) + ntohs(ip6h->payload_len);
	if (*end > skb->len)
		return -ENOENT;
	nexthdr = ip6h->nexthdr;
	ioff = ipv6_skip_exthdr(skb, sizeof(_ip6h), &nexthdr, &frag_off);
	if (ioff < 0 || nexthdr != IPPROTO_ICMPV6 ||
	    (frag_off & htons(IP6_OFFSET | IP6_MF)))
		return -ENOENT;

	ih = skb_header_pointer(skb, ioff, sizeof(_ih), &_ih);
	if (!ih || ioff + sizeof(_ih) > *end)
		return -ENOENT;
	switch (ih->icmp6_type) {
	case ICMPV6_DEST_UNREACH:
	case ICMPV6_PKT_TOOBIG:
	case ICMPV6_TIME_EXCEED:
	case ICMPV6_PARAMPROB:
		break;
	default:
		return -ENOENT;
	}
	q->ioff = ioff;
	return tcpcrypt_icmp_quote_v6(skb, ioff + sizeof(_ih), *end, q);
}

int tcpcrypt_icmp_parse(struct sk_buff *skb, u8 family,
			struct tcpcrypt_icmp_quote *q)
{
	const struct tcpcrypt_tcp_head8 *h8;
	struct tcpcrypt_tcp_head8 _h8;
	unsigned int end;
	int err;

	if (family == AF_INET)
		err = tcpcrypt_icmp_parse_v4(skb, q, &end);
	else if (family == AF_INET6)
		err = tcpcrypt_icmp_parse_v6(skb, q, &end);
	else
		err = -ENOENT;
	if (err)
		return err;

	h8 = skb_header_pointer(skb, q->qoff, sizeof(_h8), &_h8);
	if (!h8 || q->qoff + sizeof(_h8) > end)
		return -ENOENT;
	q->family = family;
	q->sport = h8->sport;
	q->dport = h8->dport;
	q->seq = h8->seq;
	return 0;
}

int tcpcrypt_icmp_set_seq(struct sk_buff *skb,
			  const struct tcpcrypt_icmp_quote *q, __be32 seq)
{
	unsigned int seqoff = q->qoff + offsetof(struct tcpcrypt_tcp_head8, seq);
	__sum16 *check;
	__be32 old;
	int err;

	err = skb_ensure_writable(skb, seqoff + sizeof(seq));
	if (err)
		return err;
	if (q->family == AF_INET)
		check = &((struct icmphdr *)(skb->data + q->ioff))->checksum;
	else
		check = &((struct icmp6hdr *)(skb->data + q->ioff))->icmp6_cksum;

	old = get_unaligned((__be32 *)(skb->data + seqoff));
	put_unaligned(seq, (__be32 *)(skb->data + seqoff));
	/*
	 * A word of the body changes and the checksum field compensates: the
	 * sum over the whole message (and so a CHECKSUM_COMPLETE skb->csum)
	 * is unchanged, and the ICMPv6 pseudo-header is not involved. On a
	 * CHECKSUM_PARTIAL skb the field holds only the seed and is left.
	 */
	inet_proto_csum_replace4(check, skb, old, seq, false);
	return 0;
}
