// SPDX-License-Identifier: GPL-2.0
/*
 * Suite 0x00000100, AES-128 + HMAC-SHA256, bit-exact with tcpcryptd v0.2
 * on x86. Both quirks are kept because v0.2 peers depend on them:
 *  - counter block j of a segment at wire seq s is
 *    0^8 || LE64((s & ~15) + j * 2^24), so the keystream repeats for
 *    stream positions 16 MiB apart; this suite is only for v0.2 peers;
 *  - the 64-bit MAC seq/ack is (x - (s64)(s32)isn) mod 2^64, i.e. the
 *    high word is 1 when isn >= 2^31 and x >= isn.
 */
#include "suite.h"

static int tcpcrypt_legacy_setkey(struct tcpcrypt_dir_key *k,
				  const struct tcpcrypt_dir_secrets *d)
{
	/* AES-128: the first 16 bytes of the 32-byte value. */
	memcpy(k->enc.aes, d->enc, sizeof(k->enc.aes));
	return 0;
}

static u64 tcpcrypt_legacy_rel(u32 x, u32 isn)
{
	return (u64)x - (u64)(s64)(s32)isn;
}

static void tcpcrypt_legacy_extend(const struct tcpcrypt_dir_key *k,
				   const struct tcpcrypt_wireseg *s, u64 *seq64,
				   u64 *ack64, u64 *kpos)
{
	/* v0.2 addresses its keystream by the bare 32-bit wire seq. */
	*kpos = s->seq;
	*seq64 = tcpcrypt_legacy_rel(s->seq, k->isn);
	*ack64 = tcpcrypt_legacy_rel(s->ack, k->isn_peer);
}

/* v0.2's counter: LE64 of the block's base plus j * 2^24. */
static void tcpcrypt_legacy_ctr(u8 *dst, u64 base, u64 j)
{
	tcpcrypt_put_le64(dst, base + (j << 24));
}

static void tcpcrypt_legacy_crypt(const struct tcpcrypt_dir_key *k,
				  u64 kpos, u8 *buf, size_t len)
{
	tcpcrypt_aes_stream(k->enc.aes, tcpcrypt_legacy_ctr, kpos & ~0xfULL,
			    kpos & 0xf, buf, len);
}

const struct tcpcrypt_suite_ops tcpcrypt_suite_legacy = {
	.id	= TCPCRYPT_SYM_AES128_HMAC,
	.name	= "aes128",
	.mac_skips_ts = true,	/* v0.2 leaves Timestamps out of the MAC */
	.setkey	= tcpcrypt_legacy_setkey,
	.extend	= tcpcrypt_legacy_extend,
	.crypt	= tcpcrypt_legacy_crypt,
};
