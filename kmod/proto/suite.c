// SPDX-License-Identifier: GPL-2.0
/*
 * Suite table, the MAC construction shared by all suites, seal and open.
 */
#include "suite.h"
#include "tcpopt.h"
#include "prof.h"

static const struct tcpcrypt_suite_ops *const tcpcrypt_suites[] = {
	&tcpcrypt_suite_chacha,
	&tcpcrypt_suite_legacy,
	/*
	 * Known to the protocol core only: no name in the uapi's
	 * TCP_CRYPT_SYM_NAMES yet, so no configuration offers or accepts
	 * them (PROTOCOL.md 4.5).
	 */
	&tcpcrypt_suite_aes_poly,
	&tcpcrypt_suite_chacha_poly,
};

const struct tcpcrypt_suite_ops *tcpcrypt_suite_find(u32 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_suites); i++) {
		if (tcpcrypt_suites[i]->id == id)
			return tcpcrypt_suites[i];
	}
	return NULL;
}

int tcpcrypt_dir_key_init(struct tcpcrypt_dir_key *k, u32 suite,
			  const struct tcpcrypt_dir_secrets *d, u32 isn,
			  u32 isn_peer)
{
	const struct tcpcrypt_suite_ops *ops = tcpcrypt_suite_find(suite);
	int ret;

	memset(k, 0, sizeof(*k));
	if (!ops)
		return -EPROTONOSUPPORT;
	if (ops->tag) {
		/* The suite sets up every key it uses. */
		ret = ops->setkey(k, d);
		if (ret)
			goto fail;
		goto done;
	}
	ret = tcpcrypt_hmac_setkey(&k->mac, d->mac, TCPCRYPT_KEY_LEN);
	if (ret)
		goto fail;
	/* AES-128 keys are the first 16 bytes of the 32-byte values. */
	memcpy(k->ack, d->ack, sizeof(k->ack));
	ret = ops->setkey(k, d);
	if (ret)
		goto fail_mac;
done:
	k->ops = ops;
	k->isn = isn;
	k->isn_peer = isn_peer;
	return 0;

fail_mac:
	tcpcrypt_hmac_clear(&k->mac);
fail:
	tcpcrypt_wipe(k, sizeof(*k));
	return ret;
}

void tcpcrypt_dir_key_clear(struct tcpcrypt_dir_key *k)
{
	if (!k->ops)
		return;
	tcpcrypt_hmac_clear(&k->mac);
	tcpcrypt_wipe(k, sizeof(*k));
}

int tcpcrypt_conn_keys(struct tcpcrypt_dir_key *tx, struct tcpcrypt_dir_key *rx,
		       u32 suite, const struct tcpcrypt_session *s,
		       bool is_client, u32 isn_local, u32 isn_peer)
{
	struct tcpcrypt_dir_secrets d;
	int ret;

	ret = tcpcrypt_dir_derive(s->mk, !is_client, &d);
	if (!ret)
		ret = tcpcrypt_dir_key_init(tx, suite, &d, isn_local, isn_peer);
	if (ret)
		goto out;
	ret = tcpcrypt_dir_derive(s->mk, is_client, &d);
	if (!ret)
		ret = tcpcrypt_dir_key_init(rx, suite, &d, isn_peer, isn_local);
	if (ret)
		tcpcrypt_dir_key_clear(tx);
out:
	tcpcrypt_wipe(&d, sizeof(d));
	return ret;
}

u64 tcpcrypt_seq_extend(u64 last, u32 rel)
{
	u64 cand = (last & ~0xffffffffULL) | rel;

	/* Pick the value within 2^31 of the last one, as TCP-AO's SNE. */
	if (cand + 0x80000000ULL < last)
		cand += 1ULL << 32;
	else if (cand > last + 0x80000000ULL && cand >= (1ULL << 32))
		cand -= 1ULL << 32;
	return cand;
}

void tcpcrypt_sne_extend(const struct tcpcrypt_dir_key *k,
			 const struct tcpcrypt_wireseg *s, u64 *seq64,
			 u64 *ack64, u64 *kpos)
{
	*seq64 = tcpcrypt_seq_extend(k->seq_ext, s->seq - k->isn);
	*kpos = *seq64;
	*ack64 = tcpcrypt_seq_extend(k->ack_ext, s->ack - k->isn_peer);
}

void tcpcrypt_sne_commit(struct tcpcrypt_dir_key *k,
			 const struct tcpcrypt_wireseg *s, u64 seq64, u64 ack64)
{
	if (seq64 > k->seq_ext)
		k->seq_ext = seq64;
	/* Without ACK the field is not a real ack; do not learn from it. */
	if ((s->flags & TCPCRYPT_TH_ACK) && ack64 > k->ack_ext)
		k->ack_ext = ack64;
}

#define AES_STREAM_BATCH	8	/* counter blocks per AES call */

void tcpcrypt_aes_stream(const u8 key[16],
			 void (*ctr)(u8 *dst, u64 arg, u64 j), u64 arg,
			 size_t skip, u8 *buf, size_t len)
{
	u8 blocks[AES_STREAM_BATCH * TCPCRYPT_AES_BLOCK];
	u8 ks[AES_STREAM_BATCH * TCPCRYPT_AES_BLOCK];
	u64 j = 0;

	memset(blocks, 0, sizeof(blocks));
	while (len) {
		size_t nblk = (skip + len + TCPCRYPT_AES_BLOCK - 1) /
			      TCPCRYPT_AES_BLOCK;
		size_t b, i, n;

		if (nblk > AES_STREAM_BATCH)
			nblk = AES_STREAM_BATCH;
		for (b = 0; b < nblk; b++)
			ctr(blocks + b * TCPCRYPT_AES_BLOCK + 8, arg, j + b);
		tcpcrypt_aes128_encrypt_raw(key, ks, blocks, nblk);
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

void tcpcrypt_seg_mac(const struct tcpcrypt_dir_key *k,
		      const struct tcpcrypt_wireseg *s, const u8 *o, size_t olen,
		      u64 seq64, u64 ack64, u8 tag[TCPCRYPT_TAG_LEN])
{
	u8 m[TCPCRYPT_MAC_M_LEN], a[TCPCRYPT_MAC_A_LEN];
	u8 h[TCPCRYPT_SHA256_LEN], ak[TCPCRYPT_AES_BLOCK];
	struct tcpcrypt_kvec v[3];
	unsigned int i;

	tcpcrypt_put_be16(m, TCPCRYPT_MAC_MAGIC);
	tcpcrypt_put_be16(m + 2, s->tcp_len);
	m[4] = s->doff;
	m[5] = s->flags;
	tcpcrypt_put_be16(m + 6, s->urg);
	tcpcrypt_put_be32(m + 8, seq64 >> 32);
	tcpcrypt_put_be32(m + 12, (u32)seq64);

	v[0].base = m;
	v[0].len = sizeof(m);
	v[1].base = o;
	v[1].len = olen;
	v[2].base = s->data;
	v[2].len = s->len;
	tcpcrypt_hmac_vec(&k->mac, v, ARRAY_SIZE(v), h);

	/* The ack number is bound through a separate AES block. */
	tcpcrypt_put_be32(a, ack64 >> 32);
	tcpcrypt_put_be32(a + 4, (u32)ack64);
	memset(a + 8, 0, 8);
	tcpcrypt_aes128_encrypt_raw(k->ack, ak, a, 1);

	for (i = 0; i < TCPCRYPT_TAG_LEN; i++)
		tag[i] = h[i] ^ ak[i];
	tcpcrypt_wipe(h, sizeof(h));
	tcpcrypt_wipe(ak, sizeof(ak));
}

static void tcpcrypt_seg_tag(const struct tcpcrypt_dir_key *k,
			     const struct tcpcrypt_wireseg *s, const u8 *o,
			     size_t olen, u64 seq64, u64 ack64,
			     u8 tag[TCPCRYPT_TAG_LEN])
{
	if (k->ops->tag)
		k->ops->tag(k, s, o, olen, seq64, ack64, tag);
	else
		tcpcrypt_seg_mac(k, s, o, olen, seq64, ack64, tag);
}

/* Sanity of the caller's segment, and the MAC-able options "O". */
static int tcpcrypt_seg_check(const struct tcpcrypt_dir_key *k,
			      const struct tcpcrypt_wireseg *s, u8 *o)
{
	if (!k->ops)
		return -ENOKEY;
	if (s->len > s->tcp_len || (!s->data && s->len))
		return -EINVAL;
	return tcpcrypt_mac_opts_sel(s->opts, s->opts_len, !k->ops->mac_skips_ts,
				     o, TCPCRYPT_TCPOPT_SPACE);
}

int tcpcrypt_seal(struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *s,
		  u8 tag[TCPCRYPT_TAG_LEN])
{
	u8 o[TCPCRYPT_TCPOPT_SPACE];
	u64 seq64, ack64, kpos, t;
	int olen;

	/* Every check happens before the payload is touched. */
	olen = tcpcrypt_seg_check(k, s, o);
	if (olen < 0)
		return olen;
	/* Past the suite's bound the MAC's guarantee no longer holds. */
	if (k->ops->seal_max && k->sealed >= k->ops->seal_max)
		return -EKEYEXPIRED;
	k->ops->extend(k, s, &seq64, &ack64, &kpos);
	t = tcpcrypt_prof_t();
	if (s->len) {
		k->ops->crypt(k, kpos, s->data, s->len);
		tcpcrypt_prof_add(TCPCRYPT_PROF_CIPHER, false, true, t);
		t = tcpcrypt_prof_t();
	}
	/* Encrypt-then-MAC */
	tcpcrypt_seg_tag(k, s, o, olen, seq64, ack64, tag);
	tcpcrypt_prof_add(TCPCRYPT_PROF_MAC, false, s->len, t);
	k->sealed++;
	if (k->ops->commit)
		k->ops->commit(k, s, seq64, ack64);
	return 0;
}

int tcpcrypt_open(struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *s,
		  const u8 tag[TCPCRYPT_TAG_LEN])
{
	u8 want[TCPCRYPT_TAG_LEN], o[TCPCRYPT_TCPOPT_SPACE];
	u64 seq64, ack64, kpos, t;
	int olen;

	olen = tcpcrypt_seg_check(k, s, o);
	if (olen < 0)
		return olen;
	k->ops->extend(k, s, &seq64, &ack64, &kpos);
	t = tcpcrypt_prof_t();
	tcpcrypt_seg_tag(k, s, o, olen, seq64, ack64, want);
	if (tcpcrypt_memneq(want, tag, TCPCRYPT_TAG_LEN))
		return -EBADMSG;
	tcpcrypt_prof_add(TCPCRYPT_PROF_MAC, true, s->len, t);
	if (s->len) {
		t = tcpcrypt_prof_t();
		k->ops->crypt(k, kpos, s->data, s->len);
		tcpcrypt_prof_add(TCPCRYPT_PROF_CIPHER, true, true, t);
	}
	if (k->ops->commit)
		k->ops->commit(k, s, seq64, ack64);
	return 0;
}
