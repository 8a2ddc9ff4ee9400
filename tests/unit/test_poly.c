// SPDX-License-Identifier: GPL-2.0
/*
 * The Poly1305 suites (0x300, 0x400) against vectors from an independent
 * model (kmod/proto/vectors_poly.h): the bare hash, keystream at every
 * offset inside a block for lengths 0..3 blocks across the 2^32 wraps,
 * whole segments both ways, tampering with each header field, the seal
 * limit and retransmissions with other contents.
 */
#include <openssl/evp.h>
#include <openssl/core_names.h>

#include "unit.h"
#include "../../kmod/proto/poly1305.h"
#include "../../kmod/proto/vectors_poly.h"

static const u32 poly_ids[] = {
	TCPCRYPT_SYM_AES128_POLY, TCPCRYPT_SYM_CHACHA20_POLY
};
static const struct tcpcrypt_kat_polyseg *const poly_segs[] = {
	kat_poly_aes_segs, kat_poly_chacha_segs
};
static const u8 *const *const poly_windows[] = {
	kat_poly_aes_windows, kat_poly_chacha_windows
};
static const size_t poly_block[] = {
	TCPCRYPT_AES_BLOCK, TCPCRYPT_CHACHA_BLOCK
};

static void poly_key(struct tcpcrypt_dir_key *k, u32 suite, u64 seq_ext,
		     u64 ack_ext)
{
	struct tcpcrypt_dir_secrets d;

	memset(&d, 0, sizeof(d));
	memcpy(d.enc, kat_poly_enc, sizeof(d.enc));
	memcpy(d.mac, kat_poly_mac, sizeof(d.mac));
	memcpy(d.ack, kat_poly_ack, sizeof(d.ack));
	ck_assert_int_eq(tcpcrypt_dir_key_init(k, suite, &d, KAT_POLY_ISN_SENDER,
					       KAT_POLY_ISN_PEER), 0);
	k->seq_ext = seq_ext;
	k->ack_ext = ack_ext;
}

START_TEST(hash_kat)
{
	const struct tcpcrypt_kat_poly *v = &kat_poly[_i];
	struct tcpcrypt_kvec vec[3];
	u8 out[16];
	size_t a, b;

	vec[0].base = v->msg;
	vec[0].len = v->len;
	tcpcrypt_poly1305_vec(v->r, vec, 1, out);
	ck_assert_mem_eq(out, v->out, 16);
	/* Pieces split anywhere give the same hash. */
	for (a = 0; a <= v->len; a++) {
		for (b = a; b <= v->len; b += 7) {
			vec[0].len = a;
			vec[1].base = v->msg + a;
			vec[1].len = b - a;
			vec[2].base = v->msg + b;
			vec[2].len = v->len - b;
			tcpcrypt_poly1305_vec(v->r, vec, 3, out);
			ck_assert_mem_eq(out, v->out, 16);
		}
	}
}
END_TEST

/* OpenSSL's Poly1305 with s = 0 is the bare hash: random inputs. */
START_TEST(hash_openssl)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "POLY1305", NULL);
	u8 key[32], msg[300], want[16], got[16];
	struct tcpcrypt_kvec vec;
	unsigned int n;

	ck_assert_ptr_nonnull(mac);
	for (n = 0; n < 600; n++) {
		EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(mac);
		size_t len = n % sizeof(msg), outl;

		tcpcrypt_random(key, 16);
		memset(key + 16, 0, 16);
		if (n % 3 == 0)
			memset(msg, 0xff, len);	/* near 2^130 - 5 */
		else
			tcpcrypt_random(msg, len);
		ck_assert(EVP_MAC_init(ctx, key, sizeof(key), NULL));
		ck_assert(EVP_MAC_update(ctx, msg, len));
		ck_assert(EVP_MAC_final(ctx, want, &outl, sizeof(want)));
		EVP_MAC_CTX_free(ctx);
		vec.base = msg;
		vec.len = len;
		tcpcrypt_poly1305_vec(key, &vec, 1, got);
		ck_assert_mem_eq(got, want, 16);
	}
	EVP_MAC_free(mac);
}
END_TEST

/* Every start inside two blocks, every length up to three blocks. */
START_TEST(keystream_windows)
{
	size_t blk = poly_block[_i], start, len, w;
	struct tcpcrypt_dir_key k;
	u8 buf[KAT_POLY_WINDOW + 1];

	poly_key(&k, poly_ids[_i], 0, 0);
	for (w = 0; w < ARRAY_SIZE(kat_poly_window_base); w++) {
		const u8 *ks = poly_windows[_i][w];

		for (start = 0; start < 2 * blk; start++) {
			for (len = 0; len <= 3 * blk; len++) {
				memset(buf, 0, sizeof(buf));
				k.ops->crypt(&k, kat_poly_window_base[w] + start,
					     buf, len);
				ck_assert_mem_eq(buf, ks + start, len);
				ck_assert_uint_eq(buf[len], 0);
			}
		}
	}
	tcpcrypt_dir_key_clear(&k);
}
END_TEST

/* A KAT segment as a wireseg over buf (the payload copied to data). */
static int poly_parse(const u8 *seg, size_t len, struct tcpcrypt_wireseg *s,
		      u8 *data, u8 tag[TCPCRYPT_TAG_LEN])
{
	struct tcpcrypt_tcphdr th;

	if (tcpcrypt_tcphdr_parse(seg, len, &th) ||
	    tcpcrypt_macopt_parse(seg + th.opts_off, th.opts_len, tag))
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	s->seq = th.seq;
	s->ack = th.ack;
	s->tcp_len = len;
	s->doff = th.doff;
	s->flags = th.flags;
	s->urg = th.urg;
	s->opts = seg + th.opts_off;
	s->opts_len = th.opts_len;
	memcpy(data, seg + th.payload_off, th.payload_len);
	s->data = data;
	s->len = th.payload_len;
	return 0;
}

START_TEST(segments)
{
	unsigned int n;

	for (n = 0; n < 3; n++) {
		const struct tcpcrypt_kat_polyseg *v = &poly_segs[_i][n];
		struct tcpcrypt_dir_key rx, tx;
		struct tcpcrypt_wireseg s;
		u8 data[128], tag[16], out[256];

		poly_key(&rx, poly_ids[_i], v->seq_ext, v->ack_ext);
		ck_assert_int_eq(poly_parse(v->tcp, v->tcp_len, &s, data, tag), 0);
		ck_assert_uint_eq(s.len, v->plain_len);
		ck_assert_int_eq(tcpcrypt_open(&rx, &s, tag), 0);
		ck_assert_mem_eq(data, v->plain, v->plain_len);
		/* The sender, in the same state, seals it to the same bytes. */
		poly_key(&tx, poly_ids[_i], v->seq_ext, v->ack_ext);
		memcpy(out, v->tcp, v->tcp_len);
		ck_assert_int_eq(poly_parse(out, v->tcp_len, &s, data, tag), 0);
		memcpy(data, v->plain, v->plain_len);
		ck_assert_int_eq(tcpcrypt_seal(&tx, &s, tag), 0);
		ck_assert_mem_eq(data, v->tcp + v->tcp_len - s.len, s.len);
		ck_assert_mem_eq(tag, v->tcp + 4 * s.doff - 18, 16);
		tcpcrypt_dir_key_clear(&rx);
		tcpcrypt_dir_key_clear(&tx);
	}
}
END_TEST

/*
 * Bits outside the MAC: ports, the reserved bits, window, checksum, and
 * NOP/EOL padding. Every other bit of a segment is covered.
 */
static bool poly_unmaced(const u8 *seg, size_t i, u8 bit)
{
	size_t at = TCPCRYPT_TCPHDR_LEN, end = 4U * (seg[12] >> 4);

	if (i < 4 || (i >= 14 && i < 18) || (i == 12 && bit < 0x10))
		return true;
	/*
	 * NOP and EOL turned into each other are still padding, and so is a
	 * last byte after EOL that cannot be an option (PROTOCOL.md 1.1).
	 */
	while (at < end && at < i)
		at += seg[at] <= TCPCRYPT_TCPOPT_NOP ? 1 : seg[at + 1];
	if (at != i || seg[i] > TCPCRYPT_TCPOPT_NOP)
		return false;
	return bit == 1 || (i + 1 == end && seg[i - 1] == TCPCRYPT_TCPOPT_EOL);
}

START_TEST(tamper_fields)
{
	unsigned int n;

	for (n = 0; n < 3; n++) {
		const struct tcpcrypt_kat_polyseg *v = &poly_segs[_i][n];
		u8 seg[256], data[128], tag[16];
		struct tcpcrypt_dir_key rx;
		struct tcpcrypt_wireseg s;
		size_t i;
		int bit;

		poly_key(&rx, poly_ids[_i], v->seq_ext, v->ack_ext);
		for (i = 0; i < v->tcp_len; i++) {
			for (bit = 1; bit < 0x100; bit <<= 1) {
				int ret;

				memcpy(seg, v->tcp, v->tcp_len);
				seg[i] ^= bit;
				if (poly_parse(seg, v->tcp_len, &s, data, tag))
					continue;	/* refused before the MAC */
				ret = tcpcrypt_open(&rx, &s, tag);
				if (poly_unmaced(v->tcp, i, bit)) {
					ck_assert_msg(ret == 0, "%s: byte %zu bit %x",
						      v->name, i, bit);
					/* open() moved the SNE state: restore it */
					rx.seq_ext = v->seq_ext;
					rx.ack_ext = v->ack_ext;
					continue;
				}
				ck_assert_msg(ret == -EBADMSG, "%s: byte %zu bit %x",
					      v->name, i, bit);
				ck_assert_mem_eq(data, seg + v->tcp_len - s.len, s.len);
			}
		}
		/* A byte more or less of payload changes tcp_len and C. */
		for (i = 0; i < 2 && v->plain_len; i++) {
			memcpy(seg, v->tcp, v->tcp_len);
			ck_assert_int_eq(poly_parse(seg, v->tcp_len - 1 + 2 * i,
						    &s, data, tag), 0);
			ck_assert_int_eq(tcpcrypt_open(&rx, &s, tag), -EBADMSG);
		}
		tcpcrypt_dir_key_clear(&rx);
	}
}
END_TEST

/* Past TCPCRYPT_POLY_SEAL_MAX a key refuses to seal; the HMAC suites do not. */
START_TEST(seal_limit)
{
	const struct tcpcrypt_kat_polyseg *v = &poly_segs[_i][0];
	struct tcpcrypt_dir_key tx;
	struct tcpcrypt_wireseg s;
	u8 data[128], tag[16];

	poly_key(&tx, poly_ids[_i], v->seq_ext, v->ack_ext);
	ck_assert_int_eq(poly_parse(v->tcp, v->tcp_len, &s, data, tag), 0);
	memcpy(data, v->plain, v->plain_len);
	tx.sealed = TCPCRYPT_POLY_SEAL_MAX - 1;
	ck_assert_int_eq(tcpcrypt_seal(&tx, &s, tag), 0);
	ck_assert_uint_eq(tx.sealed, TCPCRYPT_POLY_SEAL_MAX);
	memcpy(data, v->plain, v->plain_len);
	ck_assert_int_eq(tcpcrypt_seal(&tx, &s, tag), -EKEYEXPIRED);
	ck_assert_mem_eq(data, v->plain, v->plain_len);
	tcpcrypt_dir_key_clear(&tx);

	tx.sealed = 0;
	poly_key(&tx, TCPCRYPT_SYM_CHACHA20_HMAC, v->seq_ext, v->ack_ext);
	tx.sealed = TCPCRYPT_POLY_SEAL_MAX;
	ck_assert_int_eq(tcpcrypt_seal(&tx, &s, tag), 0);
	tcpcrypt_dir_key_clear(&tx);
}
END_TEST

/*
 * One range sent again with another ack, flags and a shorter payload:
 * the same stream bytes encrypt to the same ciphertext, both segments
 * verify, and their tags differ. The same segment always gives the same
 * tag (no nonce).
 */
START_TEST(retransmit)
{
	const struct tcpcrypt_kat_polyseg *v = &poly_segs[_i][0];
	struct tcpcrypt_dir_key tx, rx;
	struct tcpcrypt_wireseg s;
	u8 d1[128], d2[128], t1[16], t2[16], t3[16], tag[16];

	poly_key(&tx, poly_ids[_i], v->seq_ext, v->ack_ext);
	poly_key(&rx, poly_ids[_i], v->seq_ext, v->ack_ext);
	ck_assert_int_eq(poly_parse(v->tcp, v->tcp_len, &s, d1, tag), 0);
	memcpy(d1, v->plain, v->plain_len);
	ck_assert_int_eq(tcpcrypt_seal(&tx, &s, t1), 0);
	memcpy(d2, d1, s.len);
	ck_assert_int_eq(tcpcrypt_open(&rx, &s, t1), 0);

	memcpy(d1, v->plain, v->plain_len);
	ck_assert_int_eq(tcpcrypt_seal(&tx, &s, t3), 0);
	ck_assert_mem_eq(t3, t1, 16);
	ck_assert_mem_eq(d1, d2, s.len);

	memcpy(d1, v->plain, v->plain_len);
	s.ack += 100;
	s.flags |= TCPCRYPT_TH_FIN;
	s.len -= 5;
	s.tcp_len -= 5;
	ck_assert_int_eq(tcpcrypt_seal(&tx, &s, t2), 0);
	ck_assert_mem_eq(d1, d2, s.len);
	ck_assert_mem_ne(t2, t1, 16);
	ck_assert_int_eq(tcpcrypt_open(&rx, &s, t2), 0);
	ck_assert_mem_eq(d1, v->plain, s.len);
	tcpcrypt_dir_key_clear(&tx);
	tcpcrypt_dir_key_clear(&rx);
}
END_TEST

Suite *poly_suite(void)
{
	Suite *s = suite_create("poly");
	TCase *tc = tcase_create("poly1305");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, hash_kat, 0, ARRAY_SIZE(kat_poly));
	tcase_add_test(tc, hash_openssl);
	tcase_add_loop_test(tc, keystream_windows, 0, ARRAY_SIZE(poly_ids));
	tcase_add_loop_test(tc, segments, 0, ARRAY_SIZE(poly_ids));
	tcase_add_loop_test(tc, tamper_fields, 0, ARRAY_SIZE(poly_ids));
	tcase_add_loop_test(tc, seal_limit, 0, ARRAY_SIZE(poly_ids));
	tcase_add_loop_test(tc, retransmit, 0, ARRAY_SIZE(poly_ids));
	suite_add_tcase(s, tc);
	return s;
}
