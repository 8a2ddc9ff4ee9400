// SPDX-License-Identifier: GPL-2.0
/* Option packing: handshake options, MSS clamp, protected segments. */
#include "unit.h"
#include "../../kmod/proto/optpack.h"

/* What Linux puts in a SYN: MSS, SACK-permitted, timestamps, NOP, wscale. */
static const u8 linux_syn[20] = {
	0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

START_TEST(append_hello)
{
	static const u8 hello[2] = { 0x45, 0x02 };
	u8 out[40];
	int n = tcpcrypt_optpack_append(linux_syn, sizeof(linux_syn), hello, 2, out);

	ck_assert_int_eq(n, 24);
	ck_assert_mem_eq(out, linux_syn, 20);
	ck_assert_int_eq(out[20], 0x45);
	ck_assert_int_eq(out[21], 0x02);
	ck_assert_int_eq(out[22], 0);
	ck_assert_int_eq(out[23], 0);
}
END_TEST

START_TEST(append_drops_padding_and_refuses_overflow)
{
	/* NOP NOP TS, then EOL padding a previous writer left. */
	u8 in[16] = { 1, 1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0 };
	static const u8 init1[3] = { 0x45, 0x03, 0x07 };
	u8 big[40], out[40];
	int n;

	n = tcpcrypt_optpack_append(in, sizeof(in), init1, 3, out);
	ck_assert_int_eq(n, 16);
	ck_assert_mem_eq(out, in, 12);
	ck_assert_mem_eq(out + 12, init1, 3);

	memset(big, 1, sizeof(big));	/* 40 NOPs: nothing more fits */
	ck_assert_int_eq(tcpcrypt_optpack_append(big, 40, init1, 3, out), -ENOSPC);
	/* The append may be done in place. */
	memcpy(out, in, 16);
	ck_assert_int_eq(tcpcrypt_optpack_append(out, 16, init1, 3, out), 16);
	ck_assert_mem_eq(out + 12, init1, 3);
	/* A malformed area is an error, not a guess. */
	in[3] = 30;
	ck_assert_int_eq(tcpcrypt_optpack_append(in, sizeof(in), init1, 3, out), -EBADMSG);
}
END_TEST

START_TEST(clamp_mss)
{
	u8 o[20];

	memcpy(o, linux_syn, sizeof(o));
	ck_assert_int_eq(tcpcrypt_optpack_clamp_mss(o, sizeof(o), 20, 536), 1);
	ck_assert_int_eq(o[2] << 8 | o[3], 1460 - 20);
	ck_assert_mem_eq(o + 4, linux_syn + 4, 16);

	o[2] = 0x02;
	o[3] = 0x10;	/* 528: below min + overhead */
	ck_assert_int_eq(tcpcrypt_optpack_clamp_mss(o, sizeof(o), 20, 536), 1);
	ck_assert_int_eq(o[2] << 8 | o[3], 536);

	ck_assert_int_eq(tcpcrypt_optpack_clamp_mss(o + 4, 16, 20, 536), 0);
	o[1] = 3;	/* MSS option with a wrong length */
	ck_assert_int_eq(tcpcrypt_optpack_clamp_mss(o, sizeof(o), 20, 536), -EINVAL);
}
END_TEST

static void check_protected(const u8 *out, const struct tcpcrypt_optpack_res *r)
{
	struct tcpcrypt_opt o;
	u8 tag[TCPCRYPT_TAG_LEN];

	ck_assert_uint_le(r->len, 40);
	ck_assert_uint_eq(r->len % 4, 0);
	ck_assert_int_eq(out[r->mac_off], TCPCRYPT_TCPOPT_MAC);
	ck_assert_int_eq(out[r->mac_off + 1], 18);
	ck_assert_int_eq(tcpcrypt_opt_find(out, r->len, TCPCRYPT_TCPOPT_MAC, &o), 1);
	ck_assert_uint_eq(o.off, r->mac_off);
	ck_assert_int_eq(tcpcrypt_macopt_parse(out, r->len, tag), 0);
}

START_TEST(protect_ts_only)
{
	static const u8 in[12] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 };
	struct tcpcrypt_optpack_res r;
	u8 out[40];

	ck_assert_int_eq(tcpcrypt_optpack_protect(in, sizeof(in), out, &r), 0);
	ck_assert_uint_eq(r.len, 28);
	ck_assert_uint_eq(r.mac_off, 10);
	ck_assert_mem_eq(out, in + 2, 10);
	check_protected(out, &r);
}
END_TEST

START_TEST(protect_ts_and_one_sack_fill_40)
{
	/* NOP NOP TS NOP NOP SACK(1 block) as Linux sends it. */
	static const u8 in[24] = {
		1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
		1, 1, 5, 10, 0xaa, 0xbb, 0xcc, 0xdd, 0x11, 0x22, 0x33, 0x44,
	};
	struct tcpcrypt_optpack_res r;
	u8 out[40];

	ck_assert_int_eq(tcpcrypt_optpack_protect(in, sizeof(in), out, &r), 0);
	ck_assert_uint_eq(r.len, 40);
	ck_assert_uint_eq(r.sack_dropped, 0);
	ck_assert_mem_eq(out, in + 2, 10);
	ck_assert_mem_eq(out + 10, in + 14, 10);
	ck_assert_uint_eq(r.mac_off, 20);
	check_protected(out, &r);
}
END_TEST

START_TEST(protect_trims_sack)
{
	u8 in[40] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 5, 26 };
	struct tcpcrypt_optpack_res r;
	u8 out[40];
	int i;

	for (i = 16; i < 40; i++)
		in[i] = i;
	/* TS + 3 blocks: only the first block fits beside the MAC. */
	ck_assert_int_eq(tcpcrypt_optpack_protect(in, 40, out, &r), 0);
	ck_assert_uint_eq(r.sack_dropped, 2);
	ck_assert_int_eq(out[10], 5);
	ck_assert_int_eq(out[11], 10);
	ck_assert_mem_eq(out + 12, in + 16, 8);
	check_protected(out, &r);

	/* No timestamps: two blocks fit. */
	ck_assert_int_eq(tcpcrypt_optpack_protect(in + 12, 28, out, &r), 0);
	ck_assert_uint_eq(r.sack_dropped, 1);
	ck_assert_int_eq(out[1], 18);
	ck_assert_uint_eq(r.len, 36);
	check_protected(out, &r);
}
END_TEST

START_TEST(protect_replaces_our_options)
{
	/* A CRYPT option and a stale MAC option must not be carried over. */
	u8 in[28] = { 0x45, 0x03, 0x07, 1, 0x46, 18 };
	struct tcpcrypt_optpack_res r;
	u8 out[40];

	in[24] = 1;
	in[25] = 1;
	in[26] = 1;
	in[27] = 1;
	ck_assert_int_eq(tcpcrypt_optpack_protect(in, sizeof(in), out, &r), 0);
	ck_assert_uint_eq(r.len, 20);
	ck_assert_uint_eq(r.mac_off, 0);
	check_protected(out, &r);

	in[1] = 0;	/* malformed */
	ck_assert_int_eq(tcpcrypt_optpack_protect(in, sizeof(in), out, &r), -EBADMSG);
}
END_TEST

START_TEST(protect_random_areas)
{
	struct tcpcrypt_optpack_res r;
	u8 in[40], out[40];
	unsigned int seed = 7;
	int i, j, ok = 0;

	for (i = 0; i < 200000; i++) {
		size_t len = (seed = seed * 1103515245 + 12345) % 41;

		for (j = 0; j < (int)len; j++) {
			seed = seed * 1103515245 + 12345;
			/* Bias towards real kinds so that many areas parse. */
			in[j] = (seed >> 16) % 3 ? (seed >> 8) % 12 : seed >> 24;
		}
		if (tcpcrypt_optpack_protect(in, len, out, &r) == 0) {
			check_protected(out, &r);
			ok++;
		}
	}
	ck_assert_int_gt(ok, 1000);
}
END_TEST

Suite *optpack_suite(void)
{
	Suite *s = suite_create("optpack");
	TCase *tc = tcase_create("optpack");

	tcase_add_test(tc, append_hello);
	tcase_add_test(tc, append_drops_padding_and_refuses_overflow);
	tcase_add_test(tc, clamp_mss);
	tcase_add_test(tc, protect_ts_only);
	tcase_add_test(tc, protect_ts_and_one_sack_fill_40);
	tcase_add_test(tc, protect_trims_sack);
	tcase_add_test(tc, protect_replaces_our_options);
	tcase_add_test(tc, protect_random_areas);
	suite_add_tcase(s, tc);
	return s;
}
