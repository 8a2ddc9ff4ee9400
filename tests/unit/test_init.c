// SPDX-License-Identifier: GPL-2.0
/*
 * INIT1 / INIT2 codecs and cipher negotiation.
 */
#include "unit.h"

static const struct tcpcrypt_kat_capture *cap(const char *prefix)
{
	const struct tcpcrypt_kat_capture *c;
	unsigned int i;

	for (i = 0; (c = tcpcrypt_kat_capture_get(i)); i++) {
		if (!strncmp(c->name, prefix, strlen(prefix)))
			return c;
	}
	ck_abort_msg("no vector %s", prefix);
	return NULL;
}

START_TEST(init1_parse_captures)
{
	const struct tcpcrypt_kat_capture *c;
	struct tcpcrypt_init1 m;

	c = cap("p256");
	ck_assert_int_eq(tcpcrypt_init1_parse(c->init1, c->init1_len, &m), 0);
	ck_assert_ptr_eq(m.pk, &tcpcrypt_pubkey_p256);
	ck_assert_uint_eq(m.len, 117);
	ck_assert_uint_eq(m.pkspec, TCPCRYPT_PK_P256);
	ck_assert_uint_eq(m.nsym, 1);
	ck_assert_uint_eq(tcpcrypt_init1_sym(&m, 0), TCPCRYPT_SYM_AES128_HMAC);
	ck_assert_uint_eq(m.nc_len, 32);
	ck_assert_mem_eq(m.nc, c->nc, 32);
	ck_assert_uint_eq(m.ckey_len, 65);
	ck_assert_uint_eq(m.ckey[0], 4);

	c = cap("p521");
	ck_assert_int_eq(tcpcrypt_init1_parse(c->init1, c->init1_len, &m), 0);
	ck_assert_ptr_null(m.pk);	/* no P-521 here; generic checks only */
	ck_assert_uint_eq(m.pkspec, TCPCRYPT_PK_P521);
	ck_assert_uint_eq(m.ckey_len, 133);

	c = cap("rsa");
	ck_assert_int_eq(tcpcrypt_init1_parse(c->init1, c->init1_len, &m), 0);
	ck_assert_ptr_eq(m.pk, &tcpcrypt_pubkey_rsa3);
	ck_assert_uint_eq(m.pkspec, TCPCRYPT_PK_RSA3);
	ck_assert_uint_eq(m.ckey_len, 512);
	ck_assert_uint_eq(m.len, 564);

	c = cap("x25519");
	ck_assert_int_eq(tcpcrypt_init1_parse(c->init1, c->init1_len, &m), 0);
	ck_assert_ptr_eq(m.pk, &tcpcrypt_pubkey_x25519);
	ck_assert_uint_eq(m.nsym, 2);
	ck_assert_uint_eq(tcpcrypt_init1_sym(&m, 0), TCPCRYPT_SYM_CHACHA20_HMAC);
	ck_assert_uint_eq(m.ckey_len, 32);
}
END_TEST

START_TEST(init1_parse_errors)
{
	const struct tcpcrypt_kat_capture *c = cap("p256");
	struct tcpcrypt_init1 m;
	u8 b[1024];
	size_t n = c->init1_len, i;

	memcpy(b, c->init1, n);
	/* every truncation fails */
	for (i = 0; i < n; i++)
		ck_assert_int_ne(tcpcrypt_init1_parse(b, i, &m), 0);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 15, &m), -EBADMSG);
	b[3] ^= 1;
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EPROTO);
	b[3] ^= 1;
	/* length field must equal the payload length */
	tcpcrypt_put_be32(b + 4, n + 1);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, n - 1);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n + 1, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, n);
	/* cipher counts */
	tcpcrypt_put_be16(b + 14, 0);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	tcpcrypt_put_be16(b + 14, TCPCRYPT_SYM_MAX + 1);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	tcpcrypt_put_be16(b + 14, 0xffff);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	tcpcrypt_put_be16(b + 14, 2);	/* key becomes 61 bytes: bad for P-256 */
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	tcpcrypt_put_be16(b + 14, 1);
	/* P-256 point must be uncompressed */
	b[16 + 4 + 32] = 0x02;
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), -EBADMSG);
	b[16 + 4 + 32] = 0x04;
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), 0);
	/* P-256 key length exactly 65 */
	tcpcrypt_put_be32(b + 4, n + 1);
	b[n] = 0;
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n + 1, &m), -EBADMSG);
	/* no key at all, or more than 512 bytes (unknown cipher) */
	tcpcrypt_put_be24(b + 9, 0x000999);
	tcpcrypt_put_be32(b + 4, 16 + 4 + 32);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 16 + 4 + 32, &m), -EBADMSG);
	memset(b + 52, 0x55, 513);
	tcpcrypt_put_be32(b + 4, 16 + 4 + 32 + 513);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 16 + 4 + 32 + 513, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, 16 + 4 + 32 + 512);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 16 + 4 + 32 + 512, &m), 0);
	ck_assert_ptr_null(m.pk);
	/* X25519 key length exactly 32 */
	tcpcrypt_put_be24(b + 9, TCPCRYPT_PK_X25519);
	tcpcrypt_put_be32(b + 4, 16 + 4 + 32 + 33);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 16 + 4 + 32 + 33, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, 16 + 4 + 32 + 31);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 16 + 4 + 32 + 31, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, 16 + 4 + 32 + 32);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, 16 + 4 + 32 + 32, &m), 0);
}
END_TEST

START_TEST(init1_build)
{
	static const u32 syms[] = { 0x200, 0x100 };
	u8 nc[32], key[65], b[256];
	struct tcpcrypt_init1 m;
	int n;

	memset(nc, 0x11, sizeof(nc));
	memset(key, 0x22, sizeof(key));
	key[0] = 4;
	n = tcpcrypt_init1_build(b, sizeof(b), TCPCRYPT_PK_P256, syms, 2, nc, 32,
				 key, 65);
	ck_assert_int_eq(n, 16 + 8 + 32 + 65);
	ck_assert_uint_eq(b[8], 0);	/* reserved bytes sent as zero */
	ck_assert_uint_eq(b[12], 0);
	ck_assert_uint_eq(b[13], 0);
	ck_assert_int_eq(tcpcrypt_init1_parse(b, n, &m), 0);
	ck_assert_ptr_eq(m.pk, &tcpcrypt_pubkey_p256);
	ck_assert_uint_eq(tcpcrypt_init1_sym(&m, 1), 0x100);
	ck_assert_mem_eq(m.nc, nc, 32);
	ck_assert_mem_eq(m.ckey, key, 65);
	ck_assert_int_eq(tcpcrypt_init1_build(b, n - 1, TCPCRYPT_PK_P256, syms, 2,
					      nc, 32, key, 65), -ENOSPC);
	ck_assert_int_eq(tcpcrypt_init1_build(b, sizeof(b), TCPCRYPT_PK_P256, syms,
					      0, nc, 32, key, 65), -EINVAL);
	ck_assert_int_eq(tcpcrypt_init1_build(b, sizeof(b), TCPCRYPT_PK_P256, syms,
					      TCPCRYPT_SYM_MAX + 1, nc, 32, key, 65),
			 -EINVAL);
	ck_assert_int_eq(tcpcrypt_init1_build(b, sizeof(b), TCPCRYPT_PK_P256, syms,
					      2, nc, 0, key, 65), -EINVAL);
	ck_assert_int_eq(tcpcrypt_init1_build(b, sizeof(b), TCPCRYPT_PK_P256, syms,
					      2, nc, 32, key, 0), -EINVAL);
	ck_assert_int_eq(tcpcrypt_init1_build(b, sizeof(b), TCPCRYPT_PK_P256, syms,
					      2, nc, 32, key, 513), -EINVAL);
	ck_assert_int_eq(tcpcrypt_init1_build(b, sizeof(b), 0x1000000, syms,
					      2, nc, 32, key, 65), -EINVAL);
}
END_TEST

START_TEST(init2_codec)
{
	const struct tcpcrypt_kat_capture *c = cap("p256");
	struct tcpcrypt_init2 m;
	u8 b[1024];
	size_t n = c->init2_len, i;

	ck_assert_int_eq(tcpcrypt_init2_parse(c->init2, n, &tcpcrypt_pubkey_p256, &m), 0);
	ck_assert_uint_eq(m.len, 110);
	ck_assert_uint_eq(m.sym, TCPCRYPT_SYM_AES128_HMAC);
	ck_assert_uint_eq(m.kx_len, 98);
	ck_assert_uint_eq(m.kx[0], 0x20);
	ck_assert_int_eq(tcpcrypt_init2_parse(c->init2, n, NULL, &m), 0);
	ck_assert_int_eq(tcpcrypt_init2_parse(c->init2, n, &tcpcrypt_pubkey_x25519, &m),
			 -EBADMSG);
	memcpy(b, c->init2, n);
	for (i = 0; i < n; i++)
		ck_assert_int_ne(tcpcrypt_init2_parse(b, i, NULL, &m), 0);
	ck_assert_int_eq(tcpcrypt_init2_parse(b, 11, NULL, &m), -EBADMSG);
	b[0] ^= 0x80;
	ck_assert_int_eq(tcpcrypt_init2_parse(b, n, NULL, &m), -EPROTO);
	b[0] ^= 0x80;
	tcpcrypt_put_be32(b + 4, n - 1);
	ck_assert_int_eq(tcpcrypt_init2_parse(b, n, NULL, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, 12);
	ck_assert_int_eq(tcpcrypt_init2_parse(b, 12, NULL, &m), -EBADMSG);
	tcpcrypt_put_be32(b + 4, n);
	b[12] = 0x21;	/* ECDHE data must start with 0x20 */
	ck_assert_int_eq(tcpcrypt_init2_parse(b, n, &tcpcrypt_pubkey_p256, &m), -EBADMSG);
	b[12] = 0x20;
	b[12 + 33] = 0x03;	/* and carry an uncompressed point */
	ck_assert_int_eq(tcpcrypt_init2_parse(b, n, &tcpcrypt_pubkey_p256, &m), -EBADMSG);

	c = cap("x25519");
	ck_assert_int_eq(tcpcrypt_init2_parse(c->init2, c->init2_len,
					      &tcpcrypt_pubkey_x25519, &m), 0);
	ck_assert_uint_eq(m.sym, TCPCRYPT_SYM_CHACHA20_HMAC);
	ck_assert_uint_eq(m.kx_len, 65);
	memcpy(b, c->init2, c->init2_len);
	b[12] = 0;
	ck_assert_int_eq(tcpcrypt_init2_parse(b, c->init2_len,
					      &tcpcrypt_pubkey_x25519, &m), -EBADMSG);

	ck_assert_int_eq(tcpcrypt_init2_build(b, sizeof(b), 0x100, c->init2 + 12, 65),
			 77);
	ck_assert_int_eq(tcpcrypt_init2_build(b, 76, 0x100, c->init2 + 12, 65),
			 -ENOSPC);
	ck_assert_int_eq(tcpcrypt_init2_build(b, sizeof(b), 0x100, c->init2 + 12, 0),
			 -EINVAL);
	ck_assert_int_eq(tcpcrypt_init2_build(b, sizeof(b), 0x100, c->init2 + 12,
					      0x10000), -EINVAL);
}
END_TEST

START_TEST(negotiation)
{
	static const u32 prefs[] = { TCPCRYPT_PK_X25519, TCPCRYPT_PK_P256 };
	static const u32 local1[] = { TCPCRYPT_SYM_AES128_HMAC };
	static const u32 local2[] = { 0x300 };
	static const u32 local3[] = { TCPCRYPT_SYM_AES128_HMAC,
				      TCPCRYPT_SYM_CHACHA20_HMAC };
	const struct tcpcrypt_kat_capture *c = cap("x25519");
	struct tcpcrypt_init1 m;
	u8 pk[12];

	unit_hex(pk, sizeof(pk), "000100000200000201");
	ck_assert_ptr_eq(tcpcrypt_pubkey_choose(pk, 3, prefs, 2), &tcpcrypt_pubkey_p256);
	unit_hex(pk, sizeof(pk), "000200000300000100");
	ck_assert_ptr_eq(tcpcrypt_pubkey_choose(pk, 3, prefs, 2), &tcpcrypt_pubkey_x25519);
	ck_assert_ptr_eq(tcpcrypt_pubkey_choose(pk, 3, prefs + 1, 1), &tcpcrypt_pubkey_p256);
	unit_hex(pk, sizeof(pk), "000100000201");
	ck_assert_ptr_null(tcpcrypt_pubkey_choose(pk, 2, prefs, 2));
	/* like v0.2, only the 16-bit algo is compared */
	unit_hex(pk, sizeof(pk), "ff0200");
	ck_assert_ptr_eq(tcpcrypt_pubkey_choose(pk, 1, prefs, 2), &tcpcrypt_pubkey_p256);
	ck_assert_ptr_eq(tcpcrypt_pubkey_find(0x000300), &tcpcrypt_pubkey_x25519);
	ck_assert_ptr_eq(tcpcrypt_pubkey_find(TCPCRYPT_PK_RSA3), &tcpcrypt_pubkey_rsa3);
	ck_assert_ptr_null(tcpcrypt_pubkey_find(TCPCRYPT_PK_P521));

	ck_assert_int_eq(tcpcrypt_init1_parse(c->init1, c->init1_len, &m), 0);
	ck_assert_uint_eq(tcpcrypt_init1_choose_sym(&m, local1, 1), 0x100);
	ck_assert_uint_eq(tcpcrypt_init1_choose_sym(&m, local2, 1), 0);
	/* the client's order wins */
	ck_assert_uint_eq(tcpcrypt_init1_choose_sym(&m, local3, 2), 0x200);
	/* unless the server states its own preference (TCP_CRYPT_SCONF) */
	ck_assert_uint_eq(tcpcrypt_init1_prefer_sym(&m, local3, 2), 0x100);
	ck_assert_uint_eq(tcpcrypt_init1_prefer_sym(&m, local3 + 1, 1), 0x200);
	ck_assert_uint_eq(tcpcrypt_init1_prefer_sym(&m, local2, 1), 0);
	ck_assert_ptr_eq(tcpcrypt_suite_find(0x100), &tcpcrypt_suite_legacy);
	ck_assert_ptr_eq(tcpcrypt_suite_find(0x200), &tcpcrypt_suite_chacha);
	ck_assert_ptr_eq(tcpcrypt_suite_find(0x300), &tcpcrypt_suite_aes_poly);
	ck_assert_ptr_eq(tcpcrypt_suite_find(0x400), &tcpcrypt_suite_chacha_poly);
	ck_assert_ptr_null(tcpcrypt_suite_find(0x500));
}
END_TEST

Suite *init_msg_suite(void)
{
	Suite *s = suite_create("init_msg");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, init1_parse_captures);
	tcase_add_test(tc, init1_parse_errors);
	tcase_add_test(tc, init1_build);
	tcase_add_test(tc, init2_codec);
	tcase_add_test(tc, negotiation);
	suite_add_tcase(s, tc);
	return s;
}
