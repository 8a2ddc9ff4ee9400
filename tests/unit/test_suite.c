// SPDX-License-Identifier: GPL-2.0
/*
 * Symmetric suites: round trips, tamper detection, timestamps under the
 * MAC, sequence extension, keystream addressing, argument errors.
 */
#include "unit.h"
#include "../../kmod/proto/optpack.h"

static const u32 suite_ids[] = {
	TCPCRYPT_SYM_AES128_HMAC, TCPCRYPT_SYM_CHACHA20_HMAC,
	TCPCRYPT_SYM_AES128_POLY, TCPCRYPT_SYM_CHACHA20_POLY
};

struct pair {
	struct tcpcrypt_dir_key ctx;	/* client sends */
	struct tcpcrypt_dir_key crx;
	struct tcpcrypt_dir_key stx;	/* server sends */
	struct tcpcrypt_dir_key srx;
};

static void pair_init(struct pair *p, u32 suite, u32 isn_c, u32 isn_s)
{
	struct tcpcrypt_session s;
	u8 ss[32];

	memset(ss, 0x5a, sizeof(ss));
	ss[0] = suite;
	ck_assert_int_eq(tcpcrypt_session_derive(ss, 0, &s), 0);
	ck_assert_int_eq(tcpcrypt_conn_keys(&p->ctx, &p->crx, suite, &s, true,
					    isn_c, isn_s), 0);
	ck_assert_int_eq(tcpcrypt_conn_keys(&p->stx, &p->srx, suite, &s, false,
					    isn_s, isn_c), 0);
}

static void pair_clear(struct pair *p)
{
	tcpcrypt_dir_key_clear(&p->ctx);
	tcpcrypt_dir_key_clear(&p->crx);
	tcpcrypt_dir_key_clear(&p->stx);
	tcpcrypt_dir_key_clear(&p->srx);
}

/* A data segment with timestamps and the MAC option: doff 13. */
static void seg_make(struct tcpcrypt_wireseg *s, u8 *opts, u32 seq, u32 ack,
		     u8 *data, size_t len)
{
	static const u8 ts[12] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 };

	memcpy(opts, ts, sizeof(ts));
	memset(opts + 12, 0, 20);
	opts[12] = TCPCRYPT_TCPOPT_MAC;	/* tag bytes are filled in later */
	opts[13] = TCPCRYPT_MACOPT_LEN;
	memset(s, 0, sizeof(*s));
	s->seq = seq;
	s->ack = ack;
	s->doff = 13;
	s->tcp_len = 52 + len;
	s->flags = TCPCRYPT_TH_ACK | TCPCRYPT_TH_PSH;
	s->opts = opts;
	s->opts_len = 32;
	s->data = data;
	s->len = len;
}

static const size_t lens[] = { 0, 1, 15, 16, 17, 63, 64, 65, 100, 1448, 4000 };
static const u32 isns[] = { 0, 0x7fffffff, 0x80000000, 0xfffffff0, 0x12345678 };

START_TEST(roundtrip)
{
	u32 suite = suite_ids[_i];
	u8 plain[4096], buf[4096], opts[32], tag[16];
	struct tcpcrypt_wireseg s;
	struct pair *p = calloc(1, sizeof(*p));
	unsigned int a, b, l, off;

	for (a = 0; a < ARRAY_SIZE(isns); a++) {
		for (b = 0; b < ARRAY_SIZE(isns); b += 2) {
			pair_init(p, suite, isns[a], isns[b] ^ 0x1000);
			for (l = 0; l < ARRAY_SIZE(lens); l++) {
				for (off = 1; off < 40; off += 13) {
					u32 seq = isns[a] + off, ack = (isns[b] ^ 0x1000) + 1;
					size_t i;

					for (i = 0; i < lens[l]; i++)
						plain[i] = i * 31 + off;
					memcpy(buf, plain, lens[l]);
					seg_make(&s, opts, seq, ack, buf, lens[l]);
					ck_assert_int_eq(tcpcrypt_seal(&p->ctx, &s, tag), 0);
					if (lens[l] >= 16)
						ck_assert_mem_ne(buf, plain, lens[l]);
					ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), 0);
					ck_assert_mem_eq(buf, plain, lens[l]);
					/* and the other way */
					seg_make(&s, opts, ack, seq, buf, lens[l]);
					ck_assert_int_eq(tcpcrypt_seal(&p->stx, &s, tag), 0);
					ck_assert_int_eq(tcpcrypt_open(&p->crx, &s, tag), 0);
					ck_assert_mem_eq(buf, plain, lens[l]);
				}
			}
			pair_clear(p);
		}
	}
	free(p);
}
END_TEST

/* Any MACed field changed: refused, payload untouched. */
START_TEST(tamper)
{
	u32 suite = suite_ids[_i];
	u8 plain[200], buf[200], ct[200], opts[32], tag[16];
	struct tcpcrypt_wireseg s, t;
	struct pair *p = calloc(1, sizeof(*p));
	unsigned int i;

	pair_init(p, suite, 0x01000000, 0x90000000);
	for (i = 0; i < sizeof(plain); i++)
		plain[i] = i;
	memcpy(buf, plain, sizeof(buf));
	seg_make(&s, opts, 0x01000001, 0x90000001, buf, sizeof(buf));
	ck_assert_int_eq(tcpcrypt_seal(&p->ctx, &s, tag), 0);
	memcpy(ct, buf, sizeof(ct));

	for (i = 0; i < 11; i++) {
		u8 topts[32];

		t = s;
		memcpy(topts, opts, sizeof(topts));
		t.opts = topts;
		switch (i) {
		case 0: t.seq++; break;
		case 1: t.ack++; break;
		case 2: t.flags ^= TCPCRYPT_TH_FIN; break;
		case 3: t.urg = 1; break;
		case 4: t.tcp_len++; break;
		case 5: t.doff++; break;
		case 6: buf[77] ^= 1; break;
		case 7: t.len--; break;
		case 8: topts[2] = 30; break;	/* TS becomes a MAC-able kind */
		case 9: t.ack += 0x80000000u; break;
		case 10: t.seq -= 0x10000; break;
		}
		ck_assert_int_eq(tcpcrypt_open(&p->srx, &t, tag), -EBADMSG);
		buf[77] = ct[77];
		ck_assert_mem_eq(buf, ct, sizeof(ct));
	}
	/* the tag bytes themselves are not MACed */
	for (i = 0; i < 16; i++)
		opts[14 + i] = 0xee;
	tag[15] ^= 0x80;
	ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), -EBADMSG);
	tag[15] ^= 0x80;
	ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), 0);
	ck_assert_mem_eq(buf, plain, sizeof(plain));
	pair_clear(p);
	free(p);
}
END_TEST

/*
 * Timestamps (PROTOCOL.md 4): every suite but the legacy one MACs TSval
 * and TSecr as they are on the wire, so that an altered TSval cannot
 * poison the receiver's ts_recent (PAWS would then drop every later
 * segment). The legacy suite keeps v0.2's rule. The options are laid out
 * as the engine sends them: optpack puts TS first, then the MAC option.
 */
START_TEST(timestamps)
{
	u32 suite = suite_ids[_i];
	bool maced = suite != TCPCRYPT_SYM_AES128_HMAC;
	u8 plain[300], buf[300], ct[300], in[12], opts[40], topts[40], tag[16];
	struct pair *p = calloc(1, sizeof(*p));
	struct tcpcrypt_optpack_res res;
	struct tcpcrypt_wireseg s, t;
	unsigned int i, off, bit;

	pair_init(p, suite, 0x01000000, 0x90000000);
	ck_assert(p->ctx.ops->mac_skips_ts == !maced);
	ck_assert(p->srx.ops->mac_skips_ts == !maced);
	/* TCP writes NOP NOP TS; the wire gets TS, then MAC: 28 bytes */
	ck_assert_uint_eq(unit_hex(in, sizeof(in), "0101080a8000beef1dd663c1"), 12);
	ck_assert_int_eq(tcpcrypt_optpack_protect(in, sizeof(in), opts, &res), 0);
	ck_assert_uint_eq(res.len, 28);
	ck_assert_uint_eq(res.mac_off, 10);
	ck_assert_mem_eq(opts, in + 2, 10);

	for (i = 0; i < sizeof(plain); i++)
		plain[i] = i * 7;
	memcpy(buf, plain, sizeof(buf));
	memset(&s, 0, sizeof(s));
	s.seq = 0x01000001;
	s.ack = 0x90000001;
	s.doff = (TCPCRYPT_TCPHDR_LEN + res.len) / 4;
	s.tcp_len = TCPCRYPT_TCPHDR_LEN + res.len + sizeof(buf);
	s.flags = TCPCRYPT_TH_ACK | TCPCRYPT_TH_PSH;
	s.opts = opts;
	s.opts_len = res.len;
	s.data = buf;
	s.len = sizeof(buf);
	ck_assert_int_eq(tcpcrypt_seal(&p->ctx, &s, tag), 0);
	memcpy(opts + res.mac_off + 2, tag, sizeof(tag));
	memcpy(ct, buf, sizeof(ct));

	/* bit 0 or bit 7 of one byte of TSval (2..5) or TSecr (6..9) changed */
	for (off = 2; off < 10; off++) {
		for (bit = 0x01; bit <= 0x80; bit <<= 7) {
			t = s;
			memcpy(topts, opts, sizeof(topts));
			topts[off] ^= bit;
			t.opts = topts;
			memcpy(buf, ct, sizeof(buf));
			if (maced) {
				ck_assert_int_eq(tcpcrypt_open(&p->srx, &t, tag),
						 -EBADMSG);
				ck_assert_mem_eq(buf, ct, sizeof(ct));
			} else {
				/* v0.2: not covered, the segment opens */
				ck_assert_int_eq(tcpcrypt_open(&p->srx, &t, tag), 0);
				ck_assert_mem_eq(buf, plain, sizeof(plain));
			}
		}
	}
	/* the option stripped (NOPs in its place) */
	t = s;
	memcpy(topts, opts, sizeof(topts));
	memset(topts, TCPCRYPT_TCPOPT_NOP, 10);
	t.opts = topts;
	memcpy(buf, ct, sizeof(buf));
	ck_assert_int_eq(tcpcrypt_open(&p->srx, &t, tag), maced ? -EBADMSG : 0);
	/* nothing changed: opens with either suite */
	memcpy(buf, ct, sizeof(buf));
	ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), 0);
	ck_assert_mem_eq(buf, plain, sizeof(plain));
	/* and a retransmission, sealed afresh with a newer TSval, too */
	opts[5]++;
	ck_assert_int_eq(tcpcrypt_seal(&p->ctx, &s, tag), 0);
	ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), 0);
	ck_assert_mem_eq(buf, plain, sizeof(plain));
	pair_clear(p);
	free(p);
}
END_TEST

START_TEST(errors)
{
	struct tcpcrypt_dir_key k;
	struct tcpcrypt_dir_secrets d;
	struct tcpcrypt_wireseg s;
	u8 opts[32], buf[64], tag[16];

	memset(&d, 7, sizeof(d));
	memset(buf, 3, sizeof(buf));
	memset(&k, 0, sizeof(k));
	seg_make(&s, opts, 1, 1, buf, 64);
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), -ENOKEY);
	ck_assert_int_eq(tcpcrypt_open(&k, &s, tag), -ENOKEY);
	tcpcrypt_dir_key_clear(&k);
	ck_assert_int_eq(tcpcrypt_dir_key_init(&k, 0x500, &d, 0, 0), -EPROTONOSUPPORT);
	ck_assert_ptr_null(k.ops);
	ck_assert_int_eq(tcpcrypt_dir_key_init(&k, suite_ids[_i], &d, 0, 0), 0);
	s.tcp_len = 63;
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), -EINVAL);
	s.tcp_len = 116;
	s.data = NULL;
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), -EINVAL);
	s.data = buf;
	/* malformed options: refused before the payload is touched */
	opts[2] = 8;
	opts[3] = 40;
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), -EBADMSG);
	ck_assert_int_eq(tcpcrypt_open(&k, &s, tag), -EBADMSG);
	ck_assert_uint_eq(buf[0], 3);
	ck_assert_uint_eq(buf[63], 3);
	tcpcrypt_dir_key_clear(&k);
	ck_assert_ptr_null(k.ops);
}
END_TEST

START_TEST(seq_extend)
{
	ck_assert_uint_eq(tcpcrypt_seq_extend(0, 5), 5);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0, 0x7fffffff), 0x7fffffff);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0xfffffff0ULL, 0x10), 0x100000010ULL);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0x100000010ULL, 0xfffffff0), 0xfffffff0ULL);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0x100000010ULL, 0x20), 0x100000020ULL);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0x100000010ULL, 0x7fffffff), 0x17fffffffULL);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0x3c0000000ULL, 0x00000100), 0x400000100ULL);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0x400000100ULL, 0xc0000000), 0x3c0000000ULL);
	ck_assert_uint_eq(tcpcrypt_seq_extend(0x10, 0xfffffff0), 0xfffffff0ULL);
}
END_TEST

/*
 * A long connection: 12 GiB in 1 GiB steps with retransmissions, both
 * directions. The new suite carries the true 64-bit offset in its MAC.
 */
START_TEST(long_stream)
{
	u8 buf[64], opts[32], tag[16];
	struct tcpcrypt_wireseg s;
	struct pair *p = calloc(1, sizeof(*p));
	u64 pos;
	u32 isn_c = 0xfffff000, isn_s = 0x10;

	pair_init(p, TCPCRYPT_SYM_CHACHA20_HMAC, isn_c, isn_s);
	for (pos = 1; pos < (12ULL << 30); pos += (1ULL << 30) - 17) {
		memset(buf, 0xab, sizeof(buf));
		seg_make(&s, opts, isn_c + (u32)pos, isn_s + 1, buf, sizeof(buf));
		ck_assert_int_eq(tcpcrypt_seal(&p->ctx, &s, tag), 0);
		ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), 0);
		ck_assert_uint_eq(buf[63], 0xab);
		/* a retransmission of an older segment still opens */
		if (pos > (1ULL << 30)) {
			u32 old = isn_c + (u32)(pos - 4096);

			seg_make(&s, opts, old, isn_s + 1, buf, sizeof(buf));
			ck_assert_int_eq(tcpcrypt_seal(&p->ctx, &s, tag), 0);
			ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), 0);
		}
		/* the server acks it */
		seg_make(&s, opts, isn_s + 1, isn_c + (u32)pos + 64, buf, 0);
		ck_assert_int_eq(tcpcrypt_seal(&p->stx, &s, tag), 0);
		ck_assert_int_eq(tcpcrypt_open(&p->crx, &s, tag), 0);
	}
	ck_assert_uint_gt(p->srx.seq_ext, 11ULL << 30);
	ck_assert_uint_eq(p->srx.seq_ext, p->ctx.seq_ext);
	ck_assert_uint_gt(p->crx.ack_ext, 11ULL << 30);
	/* a segment from 4 GiB earlier has the same 32-bit seq: refused */
	memset(buf, 0, sizeof(buf));
	seg_make(&s, opts, isn_c + (u32)p->ctx.seq_ext, isn_s + 1, buf, 64);
	{
		struct tcpcrypt_dir_key *old = calloc(1, sizeof(*old));

		*old = p->ctx;
		old->seq_ext -= 4ULL << 30;
		ck_assert_int_eq(tcpcrypt_seal(old, &s, tag), 0);
		ck_assert_int_eq(tcpcrypt_open(&p->srx, &s, tag), -EBADMSG);
		free(old);
	}
	pair_clear(p);
	free(p);
}
END_TEST

/* v0.2 keystream: offset s+16j in one segment = segment at s + j * 2^24. */
START_TEST(legacy_keystream_quirk)
{
	struct tcpcrypt_dir_key k;
	struct tcpcrypt_dir_secrets d;
	struct tcpcrypt_wireseg s;
	u8 a[64], b[16], opts[32], tag[16];

	memset(&d, 0x3c, sizeof(d));
	ck_assert_int_eq(tcpcrypt_dir_key_init(&k, TCPCRYPT_SYM_AES128_HMAC, &d, 0, 0), 0);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	seg_make(&s, opts, 0x1000, 0, a, 64);
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
	seg_make(&s, opts, 0x1000 + (1u << 24), 0, b, 16);
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
	ck_assert_mem_eq(a + 16, b, 16);
	tcpcrypt_dir_key_clear(&k);

	/* the new suite has no such repeat */
	ck_assert_int_eq(tcpcrypt_dir_key_init(&k, TCPCRYPT_SYM_CHACHA20_HMAC, &d, 0, 0), 0);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	seg_make(&s, opts, 0x1000, 0, a, 64);
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
	seg_make(&s, opts, 0x1000 + (1u << 24), 0, b, 16);
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
	ck_assert_mem_ne(a + 16, b, 16);
	tcpcrypt_dir_key_clear(&k);
}
END_TEST

/*
 * ChaCha20 suite: a stream encrypts to the same bytes however it is cut
 * into segments (the v0.2 keystream depends on each segment's start).
 */
START_TEST(keystream_split)
{
	struct tcpcrypt_dir_key k;
	struct tcpcrypt_dir_secrets d;
	struct tcpcrypt_wireseg s;
	u8 whole[700], part[700], opts[32], tag[16];
	size_t cut;

	memset(&d, 0x77, sizeof(d));
	ck_assert_int_eq(tcpcrypt_dir_key_init(&k, TCPCRYPT_SYM_CHACHA20_HMAC, &d,
					       100, 0), 0);
	memset(whole, 0, sizeof(whole));
	seg_make(&s, opts, 100 + 13, 0, whole, sizeof(whole));
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
	for (cut = 1; cut < sizeof(part); cut += 37) {
		memset(part, 0, sizeof(part));
		seg_make(&s, opts, 100 + 13, 0, part, cut);
		ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
		seg_make(&s, opts, 100 + 13 + cut, 0, part + cut, sizeof(part) - cut);
		ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
		ck_assert_mem_eq(part, whole, sizeof(whole));
	}
	tcpcrypt_dir_key_clear(&k);
}
END_TEST

/* Across the 2^32-block boundary of ChaCha20's counter word (256 GiB). */
START_TEST(chacha_counter_carry)
{
	struct tcpcrypt_dir_key k;
	struct tcpcrypt_dir_secrets d;
	struct tcpcrypt_wireseg s;
	u8 got[300], want[300], iv[16], opts[32], tag[16];
	u64 pos = (1ULL << 38) - 100, blk;
	unsigned int i;

	memset(&d, 0x19, sizeof(d));
	ck_assert_int_eq(tcpcrypt_dir_key_init(&k, TCPCRYPT_SYM_CHACHA20_HMAC, &d, 0, 0), 0);
	k.seq_ext = pos - 1000;
	memset(got, 0, sizeof(got));
	seg_make(&s, opts, (u32)pos, 0, got, sizeof(got));
	ck_assert_int_eq(tcpcrypt_seal(&k, &s, tag), 0);
	/* reference: one 64-byte block at a time, explicit 64-bit counter */
	for (blk = pos / 64, i = 0; i < 6; i++, blk++) {
		u8 ks[64];
		size_t j;

		memset(ks, 0, sizeof(ks));
		tcpcrypt_put_le64(iv, blk);
		memset(iv + 8, 0, 8);
		tcpcrypt_chacha20_xor(d.enc, iv, ks, 64);
		for (j = 0; j < 64; j++) {
			u64 at = blk * 64 + j;

			if (at >= pos && at < pos + sizeof(want))
				want[at - pos] = ks[j];
		}
	}
	ck_assert_mem_eq(got, want, sizeof(want));
	tcpcrypt_dir_key_clear(&k);
}
END_TEST

Suite *symsuite_suite(void)
{
	Suite *s = suite_create("suite");
	TCase *tc = tcase_create("seal-open");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, roundtrip, 0, ARRAY_SIZE(suite_ids));
	tcase_add_loop_test(tc, tamper, 0, ARRAY_SIZE(suite_ids));
	tcase_add_loop_test(tc, timestamps, 0, ARRAY_SIZE(suite_ids));
	tcase_add_loop_test(tc, errors, 0, ARRAY_SIZE(suite_ids));
	tcase_add_test(tc, seq_extend);
	tcase_add_test(tc, long_stream);
	tcase_add_test(tc, legacy_keystream_quirk);
	tcase_add_test(tc, keystream_split);
	tcase_add_test(tc, chacha_counter_carry);
	suite_add_tcase(s, tc);
	return s;
}
