// SPDX-License-Identifier: GPL-2.0
/*
 * A strict, bounds-checked reader of DER RSAPrivateKey (PKCS#1). It runs
 * on bytes from userspace before anything else sees them, so it accepts
 * only the one shape tcpcryptctl produces and checks every length against
 * the bytes left before using it. BER leniencies (indefinite or
 * non-minimal lengths, padded integers) are refused.
 */
#include "rsa.h"

#define DER_TAG_INTEGER		0x02
#define DER_TAG_SEQUENCE	0x30	/* constructed */
/* Keys are a few KiB: two length bytes are plenty, more is an attack. */
#define DER_MAX_LEN_BYTES	2

struct tcpcrypt_der_cur {
	const u8 *p;
	size_t left;
};

/* One tag-length-value with the expected tag; advances past it. */
static int tcpcrypt_der_tlv(struct tcpcrypt_der_cur *c, u8 tag,
			    struct tcpcrypt_der_cur *val)
{
	size_t hdr = 2, len, nlen, i;

	if (c->left < 2 || c->p[0] != tag)
		return -EINVAL;
	len = c->p[1];
	if (len & 0x80) {
		nlen = len & 0x7f;
		/* 0x80 is BER's indefinite form, not DER. */
		if (!nlen || nlen > DER_MAX_LEN_BYTES || c->left - 2 < nlen)
			return -EINVAL;
		len = 0;
		for (i = 0; i < nlen; i++)
			len = (len << 8) | c->p[2 + i];
		/* The long form only where the short one cannot say it. */
		if (len < 0x80 || (nlen == 2 && len < 0x100))
			return -EINVAL;
		hdr += nlen;
	}
	if (len > c->left - hdr)
		return -EINVAL;
	val->p = c->p + hdr;
	val->left = len;
	c->p += hdr + len;
	c->left -= hdr + len;
	return 0;
}

static int tcpcrypt_der_uint(struct tcpcrypt_der_cur *c,
			     struct tcpcrypt_der_uint *v)
{
	struct tcpcrypt_der_cur val;

	if (tcpcrypt_der_tlv(c, DER_TAG_INTEGER, &val) || !val.left)
		return -EINVAL;
	/* RSA numbers are positive. */
	if (val.p[0] & 0x80)
		return -EINVAL;
	if (val.p[0] == 0 && val.left > 1) {
		/* A zero byte is only there to keep the next top bit a sign. */
		if (!(val.p[1] & 0x80))
			return -EINVAL;
		val.p++;
		val.left--;
	}
	v->p = val.p;
	v->len = val.left;
	return 0;
}

int tcpcrypt_rsa_der_parse(const u8 *der, size_t len, struct tcpcrypt_rsa_der *k,
			   const char **msg)
{
	struct tcpcrypt_der_uint *const fields[] = {
		&k->n, &k->e, &k->d, &k->p, &k->q, &k->dp, &k->dq, &k->qinv,
	};
	struct tcpcrypt_der_cur all = { der, len }, seq;
	struct tcpcrypt_der_uint version;
	unsigned int i;

	memset(k, 0, sizeof(*k));
	if (tcpcrypt_der_tlv(&all, DER_TAG_SEQUENCE, &seq)) {
		*msg = "not a DER SEQUENCE";
		return -EINVAL;
	}
	if (all.left) {
		*msg = "bytes after the key";
		return -EINVAL;
	}
	if (tcpcrypt_der_uint(&seq, &version)) {
		*msg = "malformed version";
		return -EINVAL;
	}
	/* Version 1 adds otherPrimeInfos: multi-prime keys are not for us. */
	if (version.len != 1 || version.p[0] != 0) {
		*msg = "not a two-prime RSAPrivateKey (version 0)";
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (tcpcrypt_der_uint(&seq, fields[i])) {
			*msg = "malformed RSAPrivateKey integer";
			return -EINVAL;
		}
	}
	if (seq.left) {
		*msg = "unexpected fields in RSAPrivateKey";
		return -EINVAL;
	}
	return 0;
}
