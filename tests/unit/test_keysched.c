// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer vectors (wire-v02 section 9, v0.2 captures, extensions)
 * and the key schedule.
 */
#include "unit.h"

static struct tcpcrypt_kat_ws *ws_new(void)
{
	struct tcpcrypt_kat_ws *ws = calloc(1, sizeof(*ws));

	ck_assert_ptr_nonnull(ws);
	return ws;
}

START_TEST(kat_primitives)
{
	struct tcpcrypt_kat_ws *ws = ws_new();
	struct tcpcrypt_kat_result res = { 0 };
	int ret = tcpcrypt_kat_primitives(ws, &res);

	ck_assert_msg(!ret, "%s: %s", res.vector, res.what);
	ck_assert_uint_eq(res.passed, 8);
	free(ws);
}
END_TEST

START_TEST(kat_ext_init)
{
	struct tcpcrypt_kat_ws *ws = ws_new();
	struct tcpcrypt_kat_result res = { 0 };
	int ret = tcpcrypt_kat_ext_init(ws, &res);

	ck_assert_msg(!ret, "%s: %s", res.vector, res.what);
	free(ws);
}
END_TEST

/* One loop iteration per vector set (key schedule + every segment). */
START_TEST(kat_capture)
{
	const struct tcpcrypt_kat_capture *c = tcpcrypt_kat_capture_get(_i);
	struct tcpcrypt_kat_ws *ws = ws_new();
	struct tcpcrypt_kat_result res = { 0 };
	int ret;

	ck_assert_ptr_nonnull(c);
	ret = tcpcrypt_kat_capture_run(ws, c, &res);
	ck_assert_msg(!ret, "%s: %s: %s", c->name, res.vector, res.what);
	ck_assert_uint_eq(res.passed, 1 + c->nsegs);
	free(ws);
}
END_TEST

START_TEST(kat_all)
{
	struct tcpcrypt_kat_ws *ws = ws_new();
	struct tcpcrypt_kat_result res;
	int ret = tcpcrypt_kat_run_all(ws, &res);

	ck_assert_msg(!ret, "%s: %s", res.vector, res.what);
	ck_assert_uint_ge(res.passed, 30);
	free(ws);
}
END_TEST

/* Legacy quirk coverage: the vectors include ISNs on both sides of 2^31. */
START_TEST(kat_coverage)
{
	const struct tcpcrypt_kat_capture *c;
	unsigned int i, high = 0, names = 0;

	for (i = 0; (c = tcpcrypt_kat_capture_get(i)); i++) {
		if (c->isn_c >= 0x80000000u && c->isn_s >= 0x80000000u)
			high++;
		if (!strncmp(c->name, "p256", 4) || !strncmp(c->name, "p521", 4))
			names++;
	}
	ck_assert_uint_ge(high, 1);
	ck_assert_uint_eq(names, 2);
	ck_assert_ptr_null(tcpcrypt_kat_capture_get(i));
}
END_TEST

START_TEST(expand_is_hmac)
{
	struct tcpcrypt_hmac_ctx h;
	struct tcpcrypt_kvec v;
	u8 prk[32], info[3] = { 3, 1, 1 }, a[32], b[32];

	memset(prk, 0x42, sizeof(prk));
	ck_assert_int_eq(tcpcrypt_expand(prk, info, 2, a), 0);
	ck_assert_int_eq(tcpcrypt_hmac_setkey(&h, prk, 32), 0);
	v.base = info;
	v.len = 3;
	tcpcrypt_hmac_vec(&h, &v, 1, b);
	tcpcrypt_hmac_clear(&h);
	ck_assert_mem_eq(a, b, 32);
}
END_TEST

START_TEST(hmac_long_key)
{
	/* RFC 4231 case 6: 131-byte key is hashed first */
	static const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
	struct tcpcrypt_hmac_ctx h;
	struct tcpcrypt_kvec v = { msg, 54 };
	u8 key[131], out[32], want[32];

	memset(key, 0xaa, sizeof(key));
	unit_hex(want, 32, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	ck_assert_int_eq(tcpcrypt_hmac_setkey(&h, key, sizeof(key)), 0);
	tcpcrypt_hmac_vec(&h, &v, 1, out);
	ck_assert_mem_eq(out, want, 32);
	/* reusable: same key, second message, also via empty pieces */
	{
		struct tcpcrypt_kvec v3[3] = { { msg, 10 }, { msg, 0 }, { msg + 10, 44 } };

		tcpcrypt_hmac_vec(&h, v3, 3, out);
		ck_assert_mem_eq(out, want, 32);
	}
	tcpcrypt_hmac_clear(&h);
}
END_TEST

START_TEST(session_chain)
{
	const struct tcpcrypt_kat_capture *c = tcpcrypt_kat_capture_get(0);
	struct tcpcrypt_session s0, s1, s2;
	u8 v[32], info[2];

	ck_assert_int_eq(tcpcrypt_session_derive(c->keys[TCPCRYPT_KAT_SS], 2, &s0), 0);
	ck_assert_mem_eq(s0.nk, c->keys[TCPCRYPT_KAT_NK], 32);
	ck_assert_mem_eq(s0.sid, c->keys[TCPCRYPT_KAT_SID], 32);
	ck_assert_int_eq(tcpcrypt_session_next(&s0, &s1), 0);
	ck_assert_uint_eq(s1.app, 2);
	info[0] = TCPCRYPT_CONST_SESSID;
	tcpcrypt_expand(s0.nk, info, 1, v);
	ck_assert_mem_eq(s1.sid, v, 32);
	info[0] = TCPCRYPT_CONST_REKEY;
	info[1] = 2;
	tcpcrypt_expand(s0.nk, info, 2, v);
	ck_assert_mem_eq(s1.mk, v, 32);
	info[0] = TCPCRYPT_CONST_NEXTK;
	tcpcrypt_expand(s0.nk, info, 1, v);
	ck_assert_mem_eq(s1.nk, v, 32);
	ck_assert_int_eq(tcpcrypt_session_next(&s1, &s2), 0);
	ck_assert_mem_ne(s2.sid, s1.sid, 32);
	/* the app byte changes mk only */
	ck_assert_int_eq(tcpcrypt_session_derive(c->keys[TCPCRYPT_KAT_SS], 0, &s1), 0);
	ck_assert_mem_eq(s1.sid, s0.sid, 32);
	ck_assert_mem_eq(s1.nk, s0.nk, 32);
	ck_assert_mem_ne(s1.mk, s0.mk, 32);
}
END_TEST

Suite *keysched_suite(void)
{
	Suite *s = suite_create("keysched");
	TCase *tc = tcase_create("kat");
	unsigned int n = tcpcrypt_kat_ncaptures();

	tcase_add_test(tc, kat_primitives);
	tcase_add_test(tc, kat_ext_init);
	tcase_add_loop_test(tc, kat_capture, 0, n);
	tcase_add_test(tc, kat_all);
	tcase_add_test(tc, kat_coverage);
	tcase_add_test(tc, expand_is_hmac);
	tcase_add_test(tc, hmac_long_key);
	tcase_add_test(tc, session_chain);
	suite_add_tcase(s, tc);
	return s;
}
