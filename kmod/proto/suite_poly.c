// SPDX-License-Identifier: GPL-2.0
/*
 * Suites 0x00000300 (AES-128-CTR) and 0x00000400 (ChaCha20): a keystream
 * addressed by the 64-bit stream offset, and a nonce-free MAC: a PRF
 * applied to the Poly1305 hash of the MACed header fields, options and
 * ciphertext. The tag depends on the segment alone, so a retransmission
 * with another ack, window, flags, options, length or payload is safe.
 * The encoding and the security argument are in PROTOCOL.md 4.5.
 */
#include "suite.h"
#include "poly1305.h"

/*
 * H: seq64(8) ack64(8) tcp_len(2) th_off(1) flags(1) urg(2) olen(1)
 * zero(9), big-endian. olen makes the split between O and C unique.
 */
static void tcpcrypt_poly_hash(const struct tcpcrypt_dir_key *k,
			       const struct tcpcrypt_wireseg *s, const u8 *o,
			       size_t olen, u64 seq64, u64 ack64,
			       u8 h[TCPCRYPT_POLY1305_LEN])
{
	static const u8 zero[TCPCRYPT_POLY1305_LEN];
	u8 hdr[TCPCRYPT_POLY_H_LEN];
	struct tcpcrypt_kvec v[4];

	memset(hdr, 0, sizeof(hdr));
	tcpcrypt_put_be32(hdr, seq64 >> 32);
	tcpcrypt_put_be32(hdr + 4, (u32)seq64);
	tcpcrypt_put_be32(hdr + 8, ack64 >> 32);
	tcpcrypt_put_be32(hdr + 12, (u32)ack64);
	tcpcrypt_put_be16(hdr + 16, s->tcp_len);
	hdr[18] = s->doff;
	hdr[19] = s->flags;
	tcpcrypt_put_be16(hdr + 20, s->urg);
	hdr[22] = (u8)olen;

	v[0].base = hdr;
	v[0].len = sizeof(hdr);
	v[1].base = o;
	v[1].len = olen;
	/* O padded to a block: the ciphertext starts on a block boundary. */
	v[2].base = zero;
	v[2].len = (TCPCRYPT_POLY1305_LEN - olen % TCPCRYPT_POLY1305_LEN) %
		   TCPCRYPT_POLY1305_LEN;
	v[3].base = s->data;
	v[3].len = s->len;
	tcpcrypt_poly1305_vec(k->poly_r, v, ARRAY_SIZE(v), h);
}

static int tcpcrypt_aes_poly_setkey(struct tcpcrypt_dir_key *k,
				    const struct tcpcrypt_dir_secrets *d)
{
	/* Raw AES-128 keys: the first 16 bytes of enc (stream), ack (PRF). */
	memcpy(k->enc.aes, d->enc, sizeof(k->enc.aes));
	memcpy(k->ack, d->ack, sizeof(k->ack));
	memcpy(k->poly_r, d->mac, sizeof(k->poly_r));
	return 0;
}

/* Counter block j of a segment: BE128(first block index + j). */
static void tcpcrypt_aes_poly_ctr(u8 *dst, u64 first, u64 j)
{
	tcpcrypt_put_be32(dst, (first + j) >> 32);
	tcpcrypt_put_be32(dst + 4, (u32)(first + j));
}

/*
 * Byte x of the stream is byte x % 16 of AES(BE128(x / 16)); the top 64
 * bits of the counter stay 0, as x / 16 < 2^60.
 */
static void tcpcrypt_aes_poly_crypt(const struct tcpcrypt_dir_key *k,
				    u64 kpos, u8 *buf, size_t len)
{
	tcpcrypt_aes_stream(k->enc.aes, tcpcrypt_aes_poly_ctr,
			    kpos / TCPCRYPT_AES_BLOCK, kpos % TCPCRYPT_AES_BLOCK,
			    buf, len);
}

/* tag = AES-128_K2(h), h the bare Poly1305 hash as one block. */
static void tcpcrypt_aes_poly_tag(const struct tcpcrypt_dir_key *k,
				  const struct tcpcrypt_wireseg *s,
				  const u8 *o, size_t olen, u64 seq64,
				  u64 ack64, u8 tag[TCPCRYPT_TAG_LEN])
{
	u8 h[TCPCRYPT_POLY1305_LEN];

	TCPCRYPT_BUILD_BUG_ON(TCPCRYPT_TAG_LEN != TCPCRYPT_AES_BLOCK);
	tcpcrypt_poly_hash(k, s, o, olen, seq64, ack64, h);
	tcpcrypt_aes128_encrypt_raw(k->ack, tag, h, 1);
	tcpcrypt_wipe(h, sizeof(h));
}

static int tcpcrypt_chacha_poly_setkey(struct tcpcrypt_dir_key *k,
				       const struct tcpcrypt_dir_secrets *d)
{
	memcpy(k->enc.chacha_poly.stream, d->enc, TCPCRYPT_KEY_LEN);
	memcpy(k->enc.chacha_poly.prf, d->ack, TCPCRYPT_KEY_LEN);
	memcpy(k->poly_r, d->mac, sizeof(k->poly_r));
	return 0;
}

static void tcpcrypt_chacha_poly_crypt(const struct tcpcrypt_dir_key *k,
				       u64 kpos, u8 *buf, size_t len)
{
	tcpcrypt_chacha_stream(k->enc.chacha_poly.stream, kpos, buf, len);
}

/*
 * tag = the first 16 bytes of the ChaCha20 block under the PRF key
 * whose state words 12..15 are h: ChaCha20 as a PRF on 128-bit inputs.
 */
static void tcpcrypt_chacha_poly_tag(const struct tcpcrypt_dir_key *k,
				     const struct tcpcrypt_wireseg *s,
				     const u8 *o, size_t olen, u64 seq64,
				     u64 ack64, u8 tag[TCPCRYPT_TAG_LEN])
{
	u8 h[TCPCRYPT_POLY1305_LEN];

	tcpcrypt_poly_hash(k, s, o, olen, seq64, ack64, h);
	memset(tag, 0, TCPCRYPT_TAG_LEN);
	tcpcrypt_chacha20_xor(k->enc.chacha_poly.prf, h, tag, TCPCRYPT_TAG_LEN);
	tcpcrypt_wipe(h, sizeof(h));
}

const struct tcpcrypt_suite_ops tcpcrypt_suite_aes_poly = {
	.id	= TCPCRYPT_SYM_AES128_POLY,
	.name	= "aes128-poly",
	.seal_max = TCPCRYPT_POLY_SEAL_MAX,
	.setkey	= tcpcrypt_aes_poly_setkey,
	.extend	= tcpcrypt_sne_extend,
	.commit	= tcpcrypt_sne_commit,
	.crypt	= tcpcrypt_aes_poly_crypt,
	.tag	= tcpcrypt_aes_poly_tag,
};

const struct tcpcrypt_suite_ops tcpcrypt_suite_chacha_poly = {
	.id	= TCPCRYPT_SYM_CHACHA20_POLY,
	.name	= "chacha20-poly",
	.seal_max = TCPCRYPT_POLY_SEAL_MAX,
	.setkey	= tcpcrypt_chacha_poly_setkey,
	.extend	= tcpcrypt_sne_extend,
	.commit	= tcpcrypt_sne_commit,
	.crypt	= tcpcrypt_chacha_poly_crypt,
	.tag	= tcpcrypt_chacha_poly_tag,
};
