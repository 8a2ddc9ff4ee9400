// SPDX-License-Identifier: GPL-2.0
/*
 * Suite 0x00000200 (this project's default): the v0.2 MAC construction
 * with a real 64-bit sequence extension, and a ChaCha20 keystream
 * addressed by the 64-bit stream offset, so no keystream byte ever
 * covers two stream positions. ChaCha20 is the lib/crypto one in the
 * kernel: synchronous, SIMD, no allocation, fine in softirq.
 */
#include "suite.h"
#include "tcpopt.h"

static int tcpcrypt_chacha_setkey(struct tcpcrypt_dir_key *k,
				  const struct tcpcrypt_dir_secrets *d)
{
	memcpy(k->enc.chacha, d->enc, sizeof(k->enc.chacha));
	return 0;
}

/* Words 12..15: 64-bit block counter, then a zero nonce (keys are per direction). */
static void tcpcrypt_chacha_iv(u8 iv[16], u64 blk)
{
	tcpcrypt_put_le64(iv, blk);
	memset(iv + 8, 0, 8);
}

void tcpcrypt_chacha_stream(const u8 key[32], u64 kpos, u8 *buf, size_t len)
{
	u64 blk = kpos / TCPCRYPT_CHACHA_BLOCK;
	size_t off = kpos % TCPCRYPT_CHACHA_BLOCK;
	u8 iv[16];

	if (off) {
		u8 ks[TCPCRYPT_CHACHA_BLOCK];
		size_t i, n = TCPCRYPT_CHACHA_BLOCK - off;

		if (n > len)
			n = len;
		memset(ks, 0, sizeof(ks));
		tcpcrypt_chacha_iv(iv, blk);
		tcpcrypt_chacha20_xor(key, iv, ks, sizeof(ks));
		for (i = 0; i < n; i++)
			buf[i] ^= ks[off + i];
		tcpcrypt_wipe(ks, sizeof(ks));
		buf += n;
		len -= n;
		blk++;
	}
	while (len) {
		/* Backends count in word 12 only: stop where it would wrap. */
		u64 room = (1ULL << 32) - (u32)blk;
		size_t n = len;

		if ((u64)n / TCPCRYPT_CHACHA_BLOCK >= room)
			n = room * TCPCRYPT_CHACHA_BLOCK;
		tcpcrypt_chacha_iv(iv, blk);
		tcpcrypt_chacha20_xor(key, iv, buf, n);
		buf += n;
		len -= n;
		blk += (n + TCPCRYPT_CHACHA_BLOCK - 1) / TCPCRYPT_CHACHA_BLOCK;
	}
}

static void tcpcrypt_chacha_crypt(const struct tcpcrypt_dir_key *k,
				  u64 kpos, u8 *buf, size_t len)
{
	tcpcrypt_chacha_stream(k->enc.chacha, kpos, buf, len);
}

const struct tcpcrypt_suite_ops tcpcrypt_suite_chacha = {
	.id	= TCPCRYPT_SYM_CHACHA20_HMAC,
	.name	= "chacha20",
	.setkey	= tcpcrypt_chacha_setkey,
	.extend	= tcpcrypt_sne_extend,
	.commit	= tcpcrypt_sne_commit,
	.crypt	= tcpcrypt_chacha_crypt,
};
