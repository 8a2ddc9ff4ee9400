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

#define LEGACY_BATCH	8	/* counter blocks per AES call (one key expansion) */

static int tcpcrypt_legacy_setkey(struct tcpcrypt_dir_key *k,
				  const u8 enc[TCPCRYPT_KEY_LEN])
{
	/* AES-128: the first 16 bytes of the 32-byte value. */
	memcpy(k->enc.aes, enc, sizeof(k->enc.aes));
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

static void tcpcrypt_legacy_crypt(const struct tcpcrypt_dir_key *k,
				  u64 kpos, u8 *buf, size_t len)
{
	u8 ctr[LEGACY_BATCH * TCPCRYPT_AES_BLOCK];
	u8 ks[LEGACY_BATCH * TCPCRYPT_AES_BLOCK];
	u64 base = kpos & ~0xfULL;
	size_t skip = kpos & 0xf;
	u64 j = 0;

	memset(ctr, 0, sizeof(ctr));
	while (len) {
		size_t nblk = (skip + len + TCPCRYPT_AES_BLOCK - 1) /
			      TCPCRYPT_AES_BLOCK;
		size_t b, i, n;

		if (nblk > LEGACY_BATCH)
			nblk = LEGACY_BATCH;
		for (b = 0; b < nblk; b++)
			tcpcrypt_put_le64(ctr + b * TCPCRYPT_AES_BLOCK + 8,
					  base + ((j + b) << 24));
		tcpcrypt_aes128_encrypt_raw(k->enc.aes, ks, ctr, nblk);
		n = nblk * TCPCRYPT_AES_BLOCK - skip;
		if (n > len)
			n = len;
		for (i = 0; i < n; i++)
			buf[i] ^= ks[skip + i];
		buf += n;
		len -= n;
		skip = 0;
		j += nblk;
	}
	tcpcrypt_wipe(ks, sizeof(ks));
}

const struct tcpcrypt_suite_ops tcpcrypt_suite_legacy = {
	.id	= TCPCRYPT_SYM_AES128_HMAC,
	.name	= "aes128",
	.mac_skips_ts = true,	/* v0.2 leaves Timestamps out of the MAC */
	.setkey	= tcpcrypt_legacy_setkey,
	.extend	= tcpcrypt_legacy_extend,
	.crypt	= tcpcrypt_legacy_crypt,
};
