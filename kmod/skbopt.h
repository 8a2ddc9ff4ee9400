/* SPDX-License-Identifier: GPL-2.0 */
/*
 * skb surgery for the engine: parse a TCP segment, rewrite its option area,
 * add or drop payload, make the payload private for in-place encryption,
 * shift sequence numbers, fix checksums, and translate the TCP header that
 * ICMP/ICMPv6 errors quote. The option contents are composed elsewhere;
 * these functions only do the skb mechanics.
 *
 * Common contract:
 *  - Called from the netfilter hooks (LOCAL_OUT, LOCAL_IN), IPv4 and IPv6,
 *    with skb->data at the IP header (skb_network_offset() == 0) and never
 *    with a GSO skb: the caller segments those first.
 *  - struct tcpcrypt_seg is filled by tcpcrypt_seg_parse() and every
 *    function below that changes the layout keeps it up to date. Do not
 *    edit it by hand, and re-parse if something else changed the skb.
 *  - Nothing here writes to data that another skb or the page cache can
 *    see: output skbs are clones of the retransmit queue, input skbs may be
 *    held by AF_PACKET taps, frags may be page-cache or zerocopy pages.
 *    What must be written is copied first (and only as much as needed).
 *  - On -ENOMEM the skb stays valid and its bytes unchanged (it may have
 *    been linearised or copied on the way, which changes no content).
 *  - The functions that change bytes (set_options, trim_payload,
 *    append_payload, payload, writable_headers) drop a CHECKSUM_COMPLETE
 *    value to CHECKSUM_NONE, as it no longer describes the data. On input,
 *    verify first (tcpcrypt_seg_csum_in()), modify, then call
 *    tcpcrypt_seg_csum_in_done(); on output, modify, then call
 *    tcpcrypt_seg_csum_out(). None of them fixes the TCP checksum itself.
 *  - Trailing bytes past the IP length (link-layer padding) are ignored by
 *    parse, kept by set_options and payload, and dropped by trim_payload,
 *    append_payload, csum_in and csum_out.
 *  - IPv6 segments with a routing header are not supported by
 *    tcpcrypt_seg_csum_out(): it uses the IPv6 header's destination in the
 *    pseudo-header, which is the final one only without such a header.
 */
#ifndef _TCPCRYPT_SKBOPT_H
#define _TCPCRYPT_SKBOPT_H

#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/types.h>

/* The TCP option area's maximum size (doff 15), as MAX_TCP_OPTION_SPACE. */
#define TCPCRYPT_SEG_MAX_OPTLEN 40

/* Where things are in a segment; offsets from skb->data. */
struct tcpcrypt_seg {
	u8 family;		/* AF_INET or AF_INET6 */
	unsigned int thoff;	/* offset of the TCP header */
	unsigned int thlen;	/* TCP header length, doff * 4 */
	unsigned int paylen;	/* TCP payload length */
};

/*
 * Validates an IPv4 or IPv6 TCP segment without changing it (read through
 * skb_header_pointer(), so any linear/paged layout is fine) and fills @seg.
 * Returns 0; -EINVAL if malformed (bad version, lengths, doff, truncated
 * headers); -EPROTONOSUPPORT if it is not TCP, is a fragment, or @family is
 * neither AF_INET nor AF_INET6: the caller then passes it on untouched.
 */
int tcpcrypt_seg_parse(struct sk_buff *skb, u8 family,
		       struct tcpcrypt_seg *seg);

/*
 * Makes the IP and TCP headers linear and private so that they can be
 * written in place (e.g. before tcpcrypt_seg_shift(), or to rewrite an
 * option without changing its length). 0 or -ENOMEM.
 */
int tcpcrypt_seg_writable_headers(struct sk_buff *skb,
				  const struct tcpcrypt_seg *seg);

/*
 * Replaces the whole TCP option area with @opts (@optlen a multiple of 4,
 * at most 40; it may be 0), growing or shrinking the header in front of the
 * payload. Updates doff, the IPv4 total length and header checksum or the
 * IPv6 payload length, the header offsets (and csum_start for
 * CHECKSUM_PARTIAL), and moves a link-layer header that sits right in
 * front of the IP header along with it. Leaves the headers writable.
 * Returns 0, -EINVAL (bad @optlen), -EMSGSIZE (the packet would exceed
 * 65535 bytes) or -ENOMEM.
 */
int tcpcrypt_seg_set_options(struct sk_buff *skb, struct tcpcrypt_seg *seg,
			     const u8 *opts, unsigned int optlen);

/*
 * Drops all payload (and padding), keeping the headers, e.g. to strip an
 * INIT1 message. Leaves the headers writable. 0 or -ENOMEM.
 */
int tcpcrypt_seg_trim_payload(struct sk_buff *skb, struct tcpcrypt_seg *seg);

/*
 * Appends @len bytes of @data after the payload, e.g. INIT1 on a bare ACK.
 * The skb ends up linear and private. Returns 0, -EMSGSIZE or -ENOMEM.
 */
int tcpcrypt_seg_append_payload(struct sk_buff *skb, struct tcpcrypt_seg *seg,
				const void *data, unsigned int len);

/*
 * Makes the whole segment linear and private and returns a pointer to the
 * payload (seg->paylen bytes; a valid pointer also when that is 0), to be
 * encrypted or decrypted in place. Headers are writable afterwards too.
 * NULL on allocation failure. The pointer is valid until the next call
 * that may reallocate the skb's data.
 */
u8 *tcpcrypt_seg_payload(struct sk_buff *skb, struct tcpcrypt_seg *seg);

/*
 * Adds @dseq to the sequence number, @dack to the acknowledgment number
 * if ACK is set, and @dsack to both edges of every SACK block (modulo
 * 2^32; pass the two's complement to subtract). The headers must be
 * writable already (tcpcrypt_seg_writable_headers(), set_options, ...);
 * the TCP checksum is left for csum_out/csum_in_done.
 */
void tcpcrypt_seg_shift(struct sk_buff *skb, const struct tcpcrypt_seg *seg,
			u32 dseq, u32 dack, u32 dsack);

/*
 * Sets the TCP checksum after the segment was changed. @full false: the skb
 * becomes (or stays) CHECKSUM_PARTIAL with a fresh pseudo-header seed, so
 * the device or skb_checksum_help() completes it. @full true: the complete
 * checksum is computed here and the skb is CHECKSUM_NONE; needed where a
 * PARTIAL skb would be trusted unverified by the receiver (veth).
 * 0 or -ENOMEM.
 */
int tcpcrypt_seg_csum_out(struct sk_buff *skb, const struct tcpcrypt_seg *seg,
			  bool full);

/*
 * Verifies a received segment's TCP checksum (nf_checksum()) unless it is
 * already known good. @hook is the netfilter hook number. Call before using
 * or changing anything in the segment. Returns 0, -EBADMSG (wrong
 * checksum: drop it) or -ENOMEM (while dropping padding).
 */
int tcpcrypt_seg_csum_in(struct sk_buff *skb, const struct tcpcrypt_seg *seg,
			 unsigned int hook);

/*
 * Marks a segment that tcpcrypt_seg_csum_in() verified and that was then
 * changed as CHECKSUM_UNNECESSARY, so that TCP neither recomputes the
 * now stale wire checksum nor trusts a stale CHECKSUM_COMPLETE sum.
 */
void tcpcrypt_seg_csum_in_done(struct sk_buff *skb);

/*
 * An ICMP or ICMPv6 error quoting (at least the first 8 bytes of) one of
 * our TCP segments. @ioff is an addition to the original design: the
 * offset of the ICMP header, so that set_seq need not parse again to find
 * the checksum.
 */
struct tcpcrypt_icmp_quote {
	u8 family;		/* AF_INET or AF_INET6 */
	unsigned int ioff;	/* offset of the ICMP/ICMPv6 header */
	unsigned int qoff;	/* offset of the quoted TCP header */
	__be16 sport, dport;	/* quoted ports: those of OUR segment */
	union {
		__be32 v4;
		struct in6_addr v6;
	} saddr, daddr;		/* quoted addresses */
	__be32 seq;		/* quoted sequence number */
};

/*
 * Recognises ICMP destination unreachable (incl. fragmentation needed),
 * source quench, time exceeded and parameter problem, and ICMPv6
 * destination unreachable, packet too big, time exceeded and parameter
 * problem, when they quote a TCP header (ports and seq at least) of an
 * unfragmented packet (or its first fragment), and fills @q. Read-only.
 * Returns 0, or -ENOENT for anything else (including truncated or
 * malformed packets, and fragments of the error itself).
 */
int tcpcrypt_icmp_parse(struct sk_buff *skb, u8 family,
			struct tcpcrypt_icmp_quote *q);

/*
 * Rewrites the quoted sequence number to @seq and updates the ICMP/ICMPv6
 * checksum incrementally (an error whose checksum was wrong stays wrong).
 * Makes the needed bytes writable first. 0 or -ENOMEM.
 */
int tcpcrypt_icmp_set_seq(struct sk_buff *skb,
			  const struct tcpcrypt_icmp_quote *q, __be32 seq);

#endif /* _TCPCRYPT_SKBOPT_H */
