// SPDX-License-Identifier: GPL-2.0
/*
 * TCP header, option walker, CRYPT and MAC option codecs.
 */
#include "tcpopt.h"

int tcpcrypt_tcphdr_parse(const u8 *seg, size_t len, struct tcpcrypt_tcphdr *th)
{
	size_t hlen;

	if (len < TCPCRYPT_TCPHDR_LEN)
		return -EBADMSG;
	th->sport = tcpcrypt_get_be16(seg);
	th->dport = tcpcrypt_get_be16(seg + 2);
	th->seq = tcpcrypt_get_be32(seg + 4);
	th->ack = tcpcrypt_get_be32(seg + 8);
	th->doff = seg[12] >> 4;
	th->flags = seg[13];
	th->win = tcpcrypt_get_be16(seg + 14);
	th->urg = tcpcrypt_get_be16(seg + 18);
	hlen = (size_t)th->doff * 4;
	if (hlen < TCPCRYPT_TCPHDR_LEN || hlen > len)
		return -EBADMSG;
	th->opts_off = TCPCRYPT_TCPHDR_LEN;
	th->opts_len = hlen - TCPCRYPT_TCPHDR_LEN;
	th->payload_off = hlen;
	th->payload_len = len - hlen;
	return 0;
}

void tcpcrypt_opt_iter_init(struct tcpcrypt_opt_iter *it, const u8 *opts,
			    size_t len)
{
	it->opts = opts;
	it->len = len;
	it->pos = 0;
	it->after_eol = false;
}

int tcpcrypt_opt_next(struct tcpcrypt_opt_iter *it, struct tcpcrypt_opt *o)
{
	while (it->pos < it->len) {
		u8 kind = it->opts[it->pos];
		size_t olen;

		/*
		 * v0.2 treats EOL like NOP and may put its MAC option after
		 * its own EOL padding, so keep scanning past EOL.
		 */
		if (kind == TCPCRYPT_TCPOPT_EOL) {
			it->after_eol = true;
			it->pos++;
			continue;
		}
		if (kind == TCPCRYPT_TCPOPT_NOP) {
			it->pos++;
			continue;
		}
		if (it->len - it->pos < 2)
			goto bad;
		olen = it->opts[it->pos + 1];
		if (olen < 2 || olen > it->len - it->pos)
			goto bad;
		o->kind = kind;
		o->len = olen;
		o->off = it->pos;
		o->data = it->opts + it->pos + 2;
		it->pos += olen;
		return 1;
	}
	return 0;
bad:
	/* RFC 9293 lets anything follow EOL; junk there is not an error. */
	it->pos = it->len;
	return it->after_eol ? 0 : -EBADMSG;
}

int tcpcrypt_opt_find(const u8 *opts, size_t len, u8 kind,
		      struct tcpcrypt_opt *o)
{
	struct tcpcrypt_opt_iter it;
	int ret;

	tcpcrypt_opt_iter_init(&it, opts, len);
	while ((ret = tcpcrypt_opt_next(&it, o)) > 0) {
		if (o->kind == kind)
			return 1;
	}
	return ret;
}

static bool tcpcrypt_opt_macable(u8 kind, bool with_ts)
{
	switch (kind) {
	case TCPCRYPT_TCPOPT_TIMESTAMP:
		return with_ts;
	case TCPCRYPT_TCPOPT_16:
	case TCPCRYPT_TCPOPT_17:
	case TCPCRYPT_TCPOPT_MD5:
	case TCPCRYPT_TCPOPT_MAC:
		return false;
	default:
		return true;
	}
}

int tcpcrypt_mac_opts_sel(const u8 *opts, size_t len, bool with_ts, u8 *out,
			  size_t outlen)
{
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	size_t n = 0;
	int ret;

	tcpcrypt_opt_iter_init(&it, opts, len);
	while ((ret = tcpcrypt_opt_next(&it, &o)) > 0) {
		if (!tcpcrypt_opt_macable(o.kind, with_ts))
			continue;
		if (o.len > outlen - n)
			return -ENOSPC;
		memcpy(out + n, opts + o.off, o.len);
		n += o.len;
	}
	return ret < 0 ? ret : (int)n;
}

int tcpcrypt_macopt_parse(const u8 *opts, size_t len, u8 tag[TCPCRYPT_TAG_LEN])
{
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	bool found = false;
	int ret;

	tcpcrypt_opt_iter_init(&it, opts, len);
	while ((ret = tcpcrypt_opt_next(&it, &o)) > 0) {
		if (o.kind != TCPCRYPT_TCPOPT_MAC)
			continue;
		/* Two tags would leave it open which one was checked. */
		if (found || o.len != TCPCRYPT_MACOPT_LEN)
			return -EBADMSG;
		memcpy(tag, o.data, TCPCRYPT_TAG_LEN);
		found = true;
	}
	if (ret < 0)
		return ret;
	return found ? 0 : -ENOENT;
}

int tcpcrypt_macopt_build(u8 *buf, size_t buflen, const u8 tag[TCPCRYPT_TAG_LEN])
{
	if (buflen < TCPCRYPT_MACOPT_SPACE)
		return -ENOSPC;
	buf[0] = TCPCRYPT_TCPOPT_MAC;
	buf[1] = TCPCRYPT_MACOPT_LEN;
	memcpy(buf + 2, tag, TCPCRYPT_TAG_LEN);
	buf[18] = TCPCRYPT_TCPOPT_EOL;
	buf[19] = TCPCRYPT_TCPOPT_EOL;
	return TCPCRYPT_MACOPT_SPACE;
}

/* Map of the one-byte suboptions to their presence bits. */
static const struct {
	u8 op;
	u32 bit;
} tcpcrypt_subopt_single[] = {
	{ TCPCRYPT_SUBOPT_HELLO, TCPCRYPT_CO_HELLO },
	{ TCPCRYPT_SUBOPT_HELLO_SUPPORT, TCPCRYPT_CO_HELLO_SUPPORT },
	{ TCPCRYPT_SUBOPT_NEXTK2, TCPCRYPT_CO_NEXTK2 },
	{ TCPCRYPT_SUBOPT_NEXTK2_SUPPORT, TCPCRYPT_CO_NEXTK2_SUPPORT },
	{ TCPCRYPT_SUBOPT_INIT1, TCPCRYPT_CO_INIT1 },
	{ TCPCRYPT_SUBOPT_INIT2, TCPCRYPT_CO_INIT2 },
};

static int tcpcrypt_co_mark(struct tcpcrypt_crypt_opt *co, u32 bit, u32 excl)
{
	if (co->present & (bit | excl))
		return -EINVAL;
	co->present |= bit;
	return 0;
}

static int tcpcrypt_subopt_one(struct tcpcrypt_crypt_opt *co, u8 op)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_subopt_single); i++) {
		if (tcpcrypt_subopt_single[i].op == op)
			return tcpcrypt_co_mark(co, tcpcrypt_subopt_single[i].bit, 0);
	}
	if (co->unknown < 0xff)
		co->unknown++;
	return 0;
}

static int tcpcrypt_subopt_tlv(struct tcpcrypt_crypt_opt *co, u8 op,
			       const u8 *data, size_t dlen)
{
	u32 bit;
	int ret;

	if (op == TCPCRYPT_SUBOPT_PKCONF)
		bit = TCPCRYPT_CO_PKCONF;
	else if (op == TCPCRYPT_SUBOPT_PKCONF_SUPPORT)
		bit = TCPCRYPT_CO_PKCONF_SUPPORT;
	else {
		if (co->unknown < 0xff)
			co->unknown++;
		return 0;
	}
	ret = tcpcrypt_co_mark(co, bit,
			       TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_PKCONF_SUPPORT);
	if (ret)
		return ret;
	if (!dlen || dlen % TCPCRYPT_PKSPEC_LEN ||
	    dlen > sizeof(co->pkconf))
		return -EINVAL;
	memcpy(co->pkconf, data, dlen);
	co->npk = dlen / TCPCRYPT_PKSPEC_LEN;
	return 0;
}

static int tcpcrypt_subopt_fixed(struct tcpcrypt_crypt_opt *co, u8 op,
				 const u8 *p, size_t avail, size_t *used)
{
	int ret;

	switch (op) {
	case TCPCRYPT_SUBOPT_NEXTK1:
	case TCPCRYPT_SUBOPT_NEXTK1_SUPPORT:
		if (avail < TCPCRYPT_SUBOPT_NEXTK1_LEN)
			return -EBADMSG;
		ret = tcpcrypt_co_mark(co, op == TCPCRYPT_SUBOPT_NEXTK1 ?
				       TCPCRYPT_CO_NEXTK1 :
				       TCPCRYPT_CO_NEXTK1_SUPPORT,
				       TCPCRYPT_CO_NEXTK1 |
				       TCPCRYPT_CO_NEXTK1_SUPPORT);
		if (ret)
			return ret;
		memcpy(co->sid_prefix, p + 1, TCPCRYPT_SID_PREFIX_LEN);
		*used = TCPCRYPT_SUBOPT_NEXTK1_LEN;
		return 0;
	case TCPCRYPT_SUBOPT_REKEY:
		if (avail < TCPCRYPT_SUBOPT_REKEY_LEN)
			return -EBADMSG;
		ret = tcpcrypt_co_mark(co, TCPCRYPT_CO_REKEY, 0);
		if (ret)
			return ret;
		co->rekey_keygen = p[1];
		co->rekey_seq = tcpcrypt_get_be32(p + 2);
		*used = TCPCRYPT_SUBOPT_REKEY_LEN;
		return 0;
	default:
		/* v0.2 exits here; we refuse the option instead. */
		return -EOPNOTSUPP;
	}
}

int tcpcrypt_crypt_opt_parse(const u8 *body, size_t len,
			     struct tcpcrypt_crypt_opt *co)
{
	size_t pos = 0;
	int ret;

	memset(co, 0, sizeof(*co));
	/* An empty CRYPT option is HELLO. */
	if (!len) {
		co->present = TCPCRYPT_CO_HELLO;
		return 0;
	}
	while (pos < len) {
		u8 op = body[pos];
		size_t used;

		if (op < TCPCRYPT_SUBOPT_TLV_MIN) {
			ret = tcpcrypt_subopt_one(co, op);
			used = 1;
		} else if (op < TCPCRYPT_SUBOPT_FIXED_MIN) {
			if (len - pos < 2)
				return -EBADMSG;
			used = body[pos + 1];
			if (used < 2 || used > len - pos)
				return -EBADMSG;
			ret = tcpcrypt_subopt_tlv(co, op, body + pos + 2,
						  used - 2);
		} else {
			ret = tcpcrypt_subopt_fixed(co, op, body + pos,
						    len - pos, &used);
		}
		if (ret)
			return ret;
		pos += used;
	}
	return 0;
}

int tcpcrypt_crypt_opt_find(const u8 *opts, size_t len,
			    struct tcpcrypt_crypt_opt *co)
{
	struct tcpcrypt_opt o;
	int ret;

	ret = tcpcrypt_opt_find(opts, len, TCPCRYPT_TCPOPT_CRYPT, &o);
	if (ret <= 0)
		return ret;
	ret = tcpcrypt_crypt_opt_parse(o.data, o.len - 2, co);
	return ret ? ret : 1;
}

int tcpcrypt_crypt_opt_build(u8 *buf, size_t buflen,
			     const struct tcpcrypt_crypt_opt *co)
{
	u8 tmp[TCPCRYPT_TCPOPT_SPACE];
	size_t n = 2, pklen;
	unsigned int i;
	u32 p = co->present;

	/* An empty option would read as HELLO: refuse to build it. */
	if (!p || (p & ~TCPCRYPT_CO_ALL))
		return -EINVAL;
	if ((p & TCPCRYPT_CO_PKCONF) && (p & TCPCRYPT_CO_PKCONF_SUPPORT))
		return -EINVAL;
	if ((p & TCPCRYPT_CO_NEXTK1) && (p & TCPCRYPT_CO_NEXTK1_SUPPORT))
		return -EINVAL;
	pklen = (size_t)co->npk * TCPCRYPT_PKSPEC_LEN;
	if ((p & (TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_PKCONF_SUPPORT)) &&
	    (!co->npk || pklen > sizeof(co->pkconf)))
		return -EINVAL;

	tmp[0] = TCPCRYPT_TCPOPT_CRYPT;
	/* HELLO alone is sent as an empty option, as v0.2 clients do. */
	if (p != TCPCRYPT_CO_HELLO) {
		for (i = 0; i < ARRAY_SIZE(tcpcrypt_subopt_single); i++) {
			if (p & tcpcrypt_subopt_single[i].bit)
				tmp[n++] = tcpcrypt_subopt_single[i].op;
		}
	}
	if (p & (TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_PKCONF_SUPPORT)) {
		if (n + 2 + pklen > sizeof(tmp))
			return -EMSGSIZE;
		tmp[n] = (p & TCPCRYPT_CO_PKCONF) ? TCPCRYPT_SUBOPT_PKCONF :
			 TCPCRYPT_SUBOPT_PKCONF_SUPPORT;
		tmp[n + 1] = 2 + pklen;
		memcpy(tmp + n + 2, co->pkconf, pklen);
		n += 2 + pklen;
	}
	if (p & (TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_NEXTK1_SUPPORT)) {
		if (n + TCPCRYPT_SUBOPT_NEXTK1_LEN > sizeof(tmp))
			return -EMSGSIZE;
		tmp[n] = (p & TCPCRYPT_CO_NEXTK1) ? TCPCRYPT_SUBOPT_NEXTK1 :
			 TCPCRYPT_SUBOPT_NEXTK1_SUPPORT;
		memcpy(tmp + n + 1, co->sid_prefix, TCPCRYPT_SID_PREFIX_LEN);
		n += TCPCRYPT_SUBOPT_NEXTK1_LEN;
	}
	if (p & TCPCRYPT_CO_REKEY) {
		if (n + TCPCRYPT_SUBOPT_REKEY_LEN > sizeof(tmp))
			return -EMSGSIZE;
		tmp[n] = TCPCRYPT_SUBOPT_REKEY;
		tmp[n + 1] = co->rekey_keygen;
		tcpcrypt_put_be32(tmp + n + 2, co->rekey_seq);
		n += TCPCRYPT_SUBOPT_REKEY_LEN;
	}
	tmp[1] = n;
	if (n > buflen)
		return -ENOSPC;
	memcpy(buf, tmp, n);
	return n;
}
