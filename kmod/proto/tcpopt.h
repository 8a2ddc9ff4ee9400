/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP header and option codecs: the option walker, the CRYPT option with
 * its suboptions, and the MAC option. Everything here works on plain byte
 * buffers and never reads outside [buf, buf + len).
 */
#ifndef _TCPCRYPT_PROTO_TCPOPT_H
#define _TCPCRYPT_PROTO_TCPOPT_H

#include "compat.h"
#include "wire.h"

#define TCPCRYPT_TH_FIN		0x01
#define TCPCRYPT_TH_SYN		0x02
#define TCPCRYPT_TH_RST		0x04
#define TCPCRYPT_TH_PSH		0x08
#define TCPCRYPT_TH_ACK		0x10
#define TCPCRYPT_TH_URG		0x20

/* Fields of a TCP header, with offsets into the segment buffer. */
struct tcpcrypt_tcphdr {
	u16 sport;
	u16 dport;
	u32 seq;
	u32 ack;
	u8 doff;		/* header length in 32-bit words */
	u8 flags;
	u16 win;
	u16 urg;
	u16 opts_off;		/* always 20 */
	u16 opts_len;
	u16 payload_off;
	size_t payload_len;
};

int tcpcrypt_tcphdr_parse(const u8 *seg, size_t len, struct tcpcrypt_tcphdr *th);

/* One TCP option as seen by the walker. */
struct tcpcrypt_opt {
	u8 kind;
	u8 len;			/* whole option, kind and len bytes included */
	size_t off;		/* offset of the kind byte in the options area */
	const u8 *data;		/* len - 2 bytes */
};

struct tcpcrypt_opt_iter {
	const u8 *opts;
	size_t len;
	size_t pos;
	bool after_eol;
};

void tcpcrypt_opt_iter_init(struct tcpcrypt_opt_iter *it, const u8 *opts,
			    size_t len);
/* Returns 1 with *o filled, 0 at the end, -EBADMSG on malformed input. */
int tcpcrypt_opt_next(struct tcpcrypt_opt_iter *it, struct tcpcrypt_opt *o);
/* First option of this kind: 1 found, 0 absent, -EBADMSG malformed. */
int tcpcrypt_opt_find(const u8 *opts, size_t len, u8 kind,
		      struct tcpcrypt_opt *o);
static inline size_t tcpcrypt_opt_padlen(size_t len)
{
	return (4 - (len & 3)) & 3;
}

/*
 * Concatenation "O" of the options that enter the MAC, in wire order:
 * every option but EOL, NOP, 16, 17, MD5 and MAC, and Timestamps unless
 * with_ts is false (the v0.2 rule). Length of O, or -ENOSPC, -EBADMSG.
 */
int tcpcrypt_mac_opts_sel(const u8 *opts, size_t len, bool with_ts, u8 *out,
			  size_t outlen);
/* The v0.2 rule: Timestamps left out. */
static inline int tcpcrypt_mac_opts(const u8 *opts, size_t len, u8 *out,
				    size_t outlen)
{
	return tcpcrypt_mac_opts_sel(opts, len, false, out, outlen);
}

/* MAC option: 0 and the tag; -ENOENT absent; -EBADMSG bad or repeated. */
int tcpcrypt_macopt_parse(const u8 *opts, size_t len,
			  u8 tag[TCPCRYPT_TAG_LEN]);
/* Writes kind, len, tag and two EOL bytes: 20 bytes, or -ENOSPC. */
int tcpcrypt_macopt_build(u8 *buf, size_t buflen,
			  const u8 tag[TCPCRYPT_TAG_LEN]);

/* Suboptions present in a CRYPT option */
#define TCPCRYPT_CO_HELLO		(1u << 0)
#define TCPCRYPT_CO_HELLO_SUPPORT	(1u << 1)
#define TCPCRYPT_CO_NEXTK2		(1u << 2)
#define TCPCRYPT_CO_NEXTK2_SUPPORT	(1u << 3)
#define TCPCRYPT_CO_INIT1		(1u << 4)
#define TCPCRYPT_CO_INIT2		(1u << 5)
#define TCPCRYPT_CO_PKCONF		(1u << 6)
#define TCPCRYPT_CO_PKCONF_SUPPORT	(1u << 7)
#define TCPCRYPT_CO_REKEY		(1u << 8)
#define TCPCRYPT_CO_NEXTK1		(1u << 9)
#define TCPCRYPT_CO_NEXTK1_SUPPORT	(1u << 10)
#define TCPCRYPT_CO_ALL			((1u << 11) - 1)

struct tcpcrypt_crypt_opt {
	u32 present;			/* TCPCRYPT_CO_* */
	u8 npk;				/* PKCONF entries */
	u8 pkconf[TCPCRYPT_PKCONF_MAX * TCPCRYPT_PKSPEC_LEN];
	u8 sid_prefix[TCPCRYPT_SID_PREFIX_LEN];	/* NEXTK1 */
	u8 rekey_keygen;
	u32 rekey_seq;
	u8 unknown;			/* skipped unknown 1-byte/TLV suboptions */
};

/*
 * Parse a CRYPT option body (the bytes after kind and len). Unknown
 * one-byte and TLV suboptions are skipped and counted; an unknown
 * fixed-length one (>= 0x80) has no known length, so parsing stops with
 * -EOPNOTSUPP. Truncation gives -EBADMSG, a bad or repeated suboption
 * -EINVAL.
 */
int tcpcrypt_crypt_opt_parse(const u8 *body, size_t len,
			     struct tcpcrypt_crypt_opt *co);
/* Find and parse the CRYPT option: 1 found, 0 absent, or -errno. */
int tcpcrypt_crypt_opt_find(const u8 *opts, size_t len,
			    struct tcpcrypt_crypt_opt *co);
/* Build kind, len and body (no padding): length written or -errno. */
int tcpcrypt_crypt_opt_build(u8 *buf, size_t buflen,
			     const struct tcpcrypt_crypt_opt *co);

static inline u32 tcpcrypt_crypt_opt_pkspec(const struct tcpcrypt_crypt_opt *co,
					    unsigned int i)
{
	return tcpcrypt_get_be24(co->pkconf + i * TCPCRYPT_PKSPEC_LEN);
}

#endif /* _TCPCRYPT_PROTO_TCPOPT_H */
