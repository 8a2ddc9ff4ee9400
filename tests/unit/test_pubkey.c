// SPDX-License-Identifier: GPL-2.0
/*
 * Public-key ciphers and whole handshakes through the codecs: every
 * pubkey cipher with every suite, both roles, then data both ways.
 */
#include "unit.h"
#include "crypto_user.h"
#include "../../kmod/proto/rsa_testkey.h"

static const struct tcpcrypt_pubkey_ops *const pks[] = {
	&tcpcrypt_pubkey_p256, &tcpcrypt_pubkey_x25519, &tcpcrypt_pubkey_rsa3,
};

static const u32 syms[] = {
	TCPCRYPT_SYM_CHACHA20_HMAC, TCPCRYPT_SYM_AES128_HMAC,
};

struct side {
	struct tcpcrypt_session sess;
	struct tcpcrypt_dir_key tx, rx;
	u8 ss[32];
};

START_TEST(handshake)
{
	const struct tcpcrypt_pubkey_ops *want = pks[_i / 2];
	u32 server_sym[1] = { syms[_i % 2] };
	struct side *c = calloc(1, sizeof(*c)), *s = calloc(1, sizeof(*s));
	struct tcpcrypt_crypt_opt co, co_rx;
	struct tcpcrypt_pk_state st = { .key = NULL };
	struct user_rsa_key *rsakey = NULL;
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m2;
	const struct tcpcrypt_pubkey_ops *pk;
	u8 opt[40], init1[600], init2[600], ckey[512], kx[600];
	u8 nc[32], pms_c[TCPCRYPT_PMS_MAX], pms_s[TCPCRYPT_PMS_MAX];
	u8 data[300], plain[300], sopts[32] = { 0 }, tag[16];
	struct tcpcrypt_transcript t;
	struct tcpcrypt_wireseg seg;
	u32 prefs[2] = { TCPCRYPT_PK_X25519, TCPCRYPT_PK_P256 };
	u32 sym, isn_c = 0x9abcdef0, isn_s = 0x00001234;
	int n1, n2, n, olen;
	unsigned int i;

	/* server SYN-ACK: PKCONF with P-256 first (for v0.2 clients) */
	memset(&co, 0, sizeof(co));
	co.present = TCPCRYPT_CO_PKCONF;
	co.npk = 3;
	tcpcrypt_put_be24(co.pkconf, TCPCRYPT_PK_P256);
	tcpcrypt_put_be24(co.pkconf + 3, TCPCRYPT_PK_X25519);
	tcpcrypt_put_be24(co.pkconf + 6, TCPCRYPT_PK_RSA3);
	olen = tcpcrypt_crypt_opt_build(opt, sizeof(opt), &co);
	ck_assert_int_eq(olen, 2 + 2 + 9);
	ck_assert_int_eq(tcpcrypt_crypt_opt_find(opt, olen, &co_rx), 1);

	/* client picks (this test forces each cipher in turn) */
	prefs[0] = want->spec;
	pk = tcpcrypt_pubkey_choose(co_rx.pkconf, co_rx.npk, prefs, 1);
	ck_assert_ptr_eq(pk, want);
	/* RSA's client key is long-lived and the caller's, the others fresh */
	if (pk == &tcpcrypt_pubkey_rsa3) {
		rsakey = user_rsa_key_from_der(tcpcrypt_test_rsa_der,
					       sizeof(tcpcrypt_test_rsa_der));
		ck_assert_ptr_nonnull(rsakey);
		st.key = rsakey;
	}
	n = pk->client_key(&st, ckey, sizeof(ckey));
	ck_assert_int_ge(n, pk->ckey_min);
	tcpcrypt_random(nc, sizeof(nc));
	n1 = tcpcrypt_init1_build(init1, sizeof(init1), pk->spec, syms, 2, nc, 32,
				  ckey, n);
	ck_assert_int_gt(n1, 0);

	/* server */
	ck_assert_int_eq(tcpcrypt_init1_parse(init1, n1, &m1), 0);
	ck_assert_ptr_eq(m1.pk, pk);
	sym = tcpcrypt_init1_choose_sym(&m1, server_sym, 1);
	ck_assert_uint_eq(sym, server_sym[0]);
	ck_assert_int_eq(m1.pk->server_kx(m1.ckey, m1.ckey_len, kx, pms_s), 0);
	n2 = tcpcrypt_init2_build(init2, sizeof(init2), sym, kx, m1.pk->kx_len);
	ck_assert_int_gt(n2, 0);
	t.nc = m1.nc;
	t.nc_len = m1.nc_len;
	t.pkconf = co.pkconf;
	t.npk = co.npk;
	t.init1 = init1;
	t.init1_len = n1;
	t.init2 = init2;
	t.init2_len = n2;
	t.pms = pms_s;
	t.pms_len = pk->pms_len;
	ck_assert_int_eq(tcpcrypt_ss(&t, s->ss), 0);

	/* client */
	ck_assert_int_eq(tcpcrypt_init2_parse(init2, n2, pk, &m2), 0);
	ck_assert_uint_eq(m2.sym, sym);
	ck_assert_int_eq(pk->client_kx(&st, m2.kx, pms_c), 0);
	tcpcrypt_pk_state_clear(&st);
	user_rsa_key_free(rsakey);
	ck_assert_mem_eq(pms_c, pms_s, pk->pms_len);
	t.nc = nc;
	t.pkconf = co_rx.pkconf;
	t.pms = pms_c;
	ck_assert_int_eq(tcpcrypt_ss(&t, c->ss), 0);
	ck_assert_mem_eq(c->ss, s->ss, 32);

	ck_assert_int_eq(tcpcrypt_session_derive(c->ss, 0, &c->sess), 0);
	ck_assert_int_eq(tcpcrypt_session_derive(s->ss, 0, &s->sess), 0);
	ck_assert_int_eq(tcpcrypt_conn_keys(&c->tx, &c->rx, sym, &c->sess, true,
					    isn_c, isn_s), 0);
	ck_assert_int_eq(tcpcrypt_conn_keys(&s->tx, &s->rx, sym, &s->sess, false,
					    isn_s, isn_c), 0);

	for (i = 0; i < sizeof(plain); i++)
		plain[i] = i ^ 0x5c;
	memset(&seg, 0, sizeof(seg));
	seg.seq = isn_c + 1 + n1;
	seg.ack = isn_s + 1 + n2;
	seg.doff = 10;
	seg.tcp_len = 40 + sizeof(data);
	seg.flags = TCPCRYPT_TH_ACK;
	seg.opts = sopts;
	seg.opts_len = 20;
	seg.data = data;
	seg.len = sizeof(data);
	memcpy(data, plain, sizeof(data));
	ck_assert_int_eq(tcpcrypt_seal(&c->tx, &seg, tag), 0);
	ck_assert_int_eq(tcpcrypt_open(&s->rx, &seg, tag), 0);
	ck_assert_mem_eq(data, plain, sizeof(data));
	seg.seq = isn_s + 1 + n2;
	seg.ack = isn_c + 1 + n1 + sizeof(data);
	ck_assert_int_eq(tcpcrypt_seal(&s->tx, &seg, tag), 0);
	ck_assert_int_eq(tcpcrypt_open(&c->rx, &seg, tag), 0);
	ck_assert_mem_eq(data, plain, sizeof(data));
	/* the client's send keys do not open the server's segments */
	ck_assert_int_eq(tcpcrypt_seal(&s->tx, &seg, tag), 0);
	ck_assert_int_eq(tcpcrypt_open(&s->rx, &seg, tag), -EBADMSG);

	tcpcrypt_dir_key_clear(&c->tx);
	tcpcrypt_dir_key_clear(&c->rx);
	tcpcrypt_dir_key_clear(&s->tx);
	tcpcrypt_dir_key_clear(&s->rx);
	free(c);
	free(s);
}
END_TEST

START_TEST(x25519_rejects)
{
	const struct tcpcrypt_pubkey_ops *pk = &tcpcrypt_pubkey_x25519;
	struct tcpcrypt_pk_state st;
	u8 zero[32] = { 0 }, one[32] = { 1 }, kx[65], pms[32], key[32];

	/* small-order client keys give an all-zero secret */
	ck_assert_int_eq(pk->server_kx(zero, 32, kx, pms), -EINVAL);
	ck_assert_int_eq(pk->server_kx(one, 32, kx, pms), -EINVAL);
	ck_assert_int_eq(pk->server_kx(zero, 31, kx, pms), -EBADMSG);
	ck_assert_int_eq(pk->client_key(&st, key, 31), -ENOSPC);
	ck_assert_int_eq(pk->client_key(&st, key, 32), 32);
	memset(kx, 0, sizeof(kx));
	kx[0] = 0x20;
	ck_assert_int_eq(pk->client_kx(&st, kx, pms), -EINVAL);
	tcpcrypt_pk_state_clear(&st);
	ck_assert_mem_eq(st.priv, zero, 32);
	ck_assert_ptr_null(st.key);
	ck_assert(!pk->may_sleep);
}
END_TEST

START_TEST(p256_rejects)
{
	const struct tcpcrypt_pubkey_ops *pk = &tcpcrypt_pubkey_p256;
	struct tcpcrypt_pk_state st;
	u8 key[65], bad[65], kx[98], pms[32];

	ck_assert_int_eq(pk->client_key(&st, key, 64), -ENOSPC);
	ck_assert_int_eq(pk->client_key(&st, key, 65), 65);
	ck_assert_uint_eq(key[0], 4);
	memcpy(bad, key, sizeof(bad));
	bad[64] ^= 1;		/* off the curve */
	ck_assert_int_ne(pk->server_kx(bad, 65, kx, pms), 0);
	bad[64] ^= 1;
	bad[0] = 2;
	ck_assert_int_eq(pk->server_kx(bad, 65, kx, pms), -EBADMSG);
	ck_assert_int_eq(pk->server_kx(key, 64, kx, pms), -EBADMSG);
	ck_assert_int_eq(pk->server_kx(key, 65, kx, pms), 0);
	kx[1 + 32 + 64] ^= 1;
	ck_assert_int_ne(pk->client_kx(&st, kx, pms), 0);
	ck_assert(pk->may_sleep);
	tcpcrypt_pk_state_clear(&st);
}
END_TEST

Suite *pubkey_suite(void)
{
	Suite *s = suite_create("pubkey");
	TCase *tc = tcase_create("handshake");

	tcase_add_loop_test(tc, handshake, 0, 2 * ARRAY_SIZE(pks));
	tcase_add_test(tc, x25519_rejects);
	tcase_add_test(tc, p256_rejects);
	suite_add_tcase(s, tc);
	return s;
}
