// SPDX-License-Identifier: GPL-2.0
/*
 * Poly1305 over GF(2^130 - 5) with 26-bit limbs, so that every product
 * fits a u64 without 128-bit arithmetic: portable to any kernel
 * architecture and to the userspace tests. Constant time: no branch or
 * index depends on the key or the data.
 */
#include "poly1305.h"

#define LIMB_MASK	0x3ffffffU

static u32 poly_le32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) |
	       ((u32)p[3] << 24);
}

/* The 130-bit little-endian number in b (17 bytes) as five limbs. */
static void poly_split(u32 l[5], const u8 b[17])
{
	l[0] = poly_le32(b) & LIMB_MASK;
	l[1] = (poly_le32(b + 3) >> 2) & LIMB_MASK;
	l[2] = (poly_le32(b + 6) >> 4) & LIMB_MASK;
	l[3] = (poly_le32(b + 9) >> 6) & LIMB_MASK;
	l[4] = poly_le32(b + 13) & LIMB_MASK;	/* bits 104..129 */
}

void tcpcrypt_poly1305_init(struct tcpcrypt_poly1305 *st,
			    const u8 r[TCPCRYPT_POLY1305_LEN])
{
	u8 b[17];
	unsigned int i;

	memcpy(b, r, TCPCRYPT_POLY1305_LEN);
	b[16] = 0;
	/* Clamp: top 4 bits of bytes 3, 7, 11, 15; low 2 of 4, 8, 12. */
	for (i = 3; i < 16; i += 4)
		b[i] &= 0x0f;
	for (i = 4; i < 16; i += 4)
		b[i] &= 0xfc;
	poly_split(st->r, b);
	memset(st->h, 0, sizeof(st->h));
	st->nbuf = 0;
	tcpcrypt_wipe(b, sizeof(b));
}

/* h = (h + m) * r mod 2^130 - 5, partly reduced; m is 17 bytes. */
static void poly_block(struct tcpcrypt_poly1305 *st, const u8 m[17])
{
	const u32 *r = st->r;
	u32 *h = st->h, c[5];
	/* 2^130 = 5 mod p: limbs past the top wrap around times 5. */
	u32 s1 = r[1] * 5, s2 = r[2] * 5, s3 = r[3] * 5, s4 = r[4] * 5;
	u64 d[5], carry;
	unsigned int i;

	poly_split(c, m);
	for (i = 0; i < 5; i++)
		h[i] += c[i];
	d[0] = (u64)h[0] * r[0] + (u64)h[1] * s4 + (u64)h[2] * s3 +
	       (u64)h[3] * s2 + (u64)h[4] * s1;
	d[1] = (u64)h[0] * r[1] + (u64)h[1] * r[0] + (u64)h[2] * s4 +
	       (u64)h[3] * s3 + (u64)h[4] * s2;
	d[2] = (u64)h[0] * r[2] + (u64)h[1] * r[1] + (u64)h[2] * r[0] +
	       (u64)h[3] * s4 + (u64)h[4] * s3;
	d[3] = (u64)h[0] * r[3] + (u64)h[1] * r[2] + (u64)h[2] * r[1] +
	       (u64)h[3] * r[0] + (u64)h[4] * s4;
	d[4] = (u64)h[0] * r[4] + (u64)h[1] * r[3] + (u64)h[2] * r[2] +
	       (u64)h[3] * r[1] + (u64)h[4] * r[0];
	carry = 0;
	for (i = 0; i < 5; i++) {
		d[i] += carry;
		h[i] = (u32)d[i] & LIMB_MASK;
		carry = d[i] >> 26;
	}
	/* Limbs stay below 2^26 + small after folding the top carry. */
	carry = (u64)h[0] + carry * 5;
	h[0] = (u32)carry & LIMB_MASK;
	h[1] += (u32)(carry >> 26);
}

void tcpcrypt_poly1305_update(struct tcpcrypt_poly1305 *st, const u8 *p,
			      size_t len)
{
	u8 m[17];

	m[16] = 1;	/* every full block gets a 1 bit above its 128 bits */
	while (len) {
		size_t n = TCPCRYPT_POLY1305_LEN - st->nbuf;

		if (n > len)
			n = len;
		memcpy(st->buf + st->nbuf, p, n);
		st->nbuf += n;
		p += n;
		len -= n;
		if (st->nbuf == TCPCRYPT_POLY1305_LEN) {
			memcpy(m, st->buf, TCPCRYPT_POLY1305_LEN);
			poly_block(st, m);
			st->nbuf = 0;
		}
	}
	tcpcrypt_wipe(m, sizeof(m));
}

void tcpcrypt_poly1305_final(struct tcpcrypt_poly1305 *st,
			     u8 out[TCPCRYPT_POLY1305_LEN])
{
	u32 *h = st->h, g[5], mask, carry;
	u64 acc;
	unsigned int i, pass;

	if (st->nbuf) {
		u8 m[17];

		/* A short last block: its 1 bit right after its bytes. */
		memset(m, 0, sizeof(m));
		memcpy(m, st->buf, st->nbuf);
		m[st->nbuf] = 1;
		poly_block(st, m);
		tcpcrypt_wipe(m, sizeof(m));
	}
	/*
	 * Full carry, twice: the first pass leaves at most 5 * carry over
	 * 2^26 in h[0]; after the second every limb is below 2^26 (a second
	 * wrap past 2^130 leaves the low limbs near zero).
	 */
	for (pass = 0; pass < 2; pass++) {
		carry = 0;
		for (i = 0; i < 5; i++) {
			h[i] += carry;
			carry = h[i] >> 26;
			h[i] &= LIMB_MASK;
		}
		h[0] += carry * 5;
	}
	/* g = h + 5 - 2^130; take g when it is not negative, i.e. h >= p. */
	carry = 5;
	for (i = 0; i < 5; i++) {
		g[i] = h[i] + carry;
		carry = g[i] >> 26;
		g[i] &= LIMB_MASK;
	}
	mask = 0U - carry;	/* all ones when h + 5 reached 2^130 */
	for (i = 0; i < 5; i++)
		h[i] = (h[i] & ~mask) | (g[i] & mask);
	/* Keep bits 0..127 only. */
	acc = h[0] | ((u64)h[1] << 26) | ((u64)h[2] << 52);
	tcpcrypt_put_le32(out, (u32)acc);
	tcpcrypt_put_le32(out + 4, (u32)(acc >> 32));
	acc = (h[2] >> 12) | ((u64)h[3] << 14) | ((u64)h[4] << 40);
	tcpcrypt_put_le32(out + 8, (u32)acc);
	tcpcrypt_put_le32(out + 12, (u32)(acc >> 32));
	tcpcrypt_wipe(st, sizeof(*st));
}

void tcpcrypt_poly1305_generic_vec(const u8 r[TCPCRYPT_POLY1305_LEN],
				   const struct tcpcrypt_kvec *vec,
				   unsigned int nvec,
				   u8 out[TCPCRYPT_POLY1305_LEN])
{
	struct tcpcrypt_poly1305 st;
	unsigned int i;

	tcpcrypt_poly1305_init(&st, r);
	for (i = 0; i < nvec; i++)
		tcpcrypt_poly1305_update(&st, vec[i].base, vec[i].len);
	tcpcrypt_poly1305_final(&st, out);
}
