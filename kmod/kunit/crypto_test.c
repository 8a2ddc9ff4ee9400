// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the kernel crypto backend (kmod/crypto_kernel.c) against published
 * known answers (FIPS 180-2, RFC 4231, FIPS-197, RFC 8439, RFC 7748) and a
 * P-256 ECDH pair checked with OpenSSL, OAEP-RSA-3 with a fixed test key
 * and a ciphertext checked with OpenSSL, the namespace RSA key (rsakey.c),
 * then the protocol vectors through the same backend. Runs in process
 * context, as the P-256 and RSA code needs.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/ktime.h>

#include "../proto/crypto.h"
#include "../proto/pubkey.h"
#include "../proto/rsa.h"
#include "../proto/rsa_testkey.h"
#include "../proto/vectors_rsa.h"
#include "../crypto_kernel.h"
#include "../rsakey.h"
#include "../tcpcrypt.h"
#include "../selftest.h"

/* 6.1's KUnit has no memory comparison assertions yet. */
#define TCPCRYPT_EXPECT_MEMEQ(test, a, b, n) KUNIT_EXPECT_EQ(test, memcmp(a, b, n), 0)
#define TCPCRYPT_EXPECT_MEMNEQ(test, a, b, n) KUNIT_EXPECT_NE(test, memcmp(a, b, n), 0)

static void tcpcrypt_test_sha256(struct kunit *test)
{
	static const u8 want[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	u8 out[32];

	tcpcrypt_sha256((const u8 *)"abc", 3, out);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, sizeof(want));
}

static void tcpcrypt_test_hmac(struct kunit *test)
{
	static const u8 want[32] = {
		0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
		0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
		0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43,
	};
	static const char msg[] = "what do ya want for nothing?";
	/* The same message split in three pieces, as segments are MACed. */
	struct tcpcrypt_kvec vec[3] = {
		{ msg, 4 }, { msg + 4, 0 }, { msg + 4, sizeof(msg) - 5 },
	};
	struct tcpcrypt_hmac_ctx *ctx;
	u8 out[32];

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_EQ(test, tcpcrypt_hmac_setkey(ctx, (const u8 *)"Jefe", 4), 0);
	tcpcrypt_hmac_vec(ctx, vec, ARRAY_SIZE(vec), out);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, sizeof(want));
	/* The keyed state is reusable: a second MAC gives the same answer. */
	memset(out, 0, sizeof(out));
	tcpcrypt_hmac_vec(ctx, vec, ARRAY_SIZE(vec), out);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, sizeof(want));
	tcpcrypt_hmac_clear(ctx);
}

static void tcpcrypt_test_aes128(struct kunit *test)
{
	static const u8 key[16] = {
		0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
		0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	};
	static const u8 pt[16] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	};
	static const u8 want[16] = {
		0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
		0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
	};
	struct tcpcrypt_aes_ctx *ctx;
	u8 out[32], in[32];

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_ASSERT_EQ(test, tcpcrypt_aes128_setkey(ctx, key), 0);
	memcpy(in, pt, 16);
	memcpy(in + 16, pt, 16);
	tcpcrypt_aes128_encrypt(ctx, out, in, 2);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, 16);
	TCPCRYPT_EXPECT_MEMEQ(test, out + 16, want, 16);
	tcpcrypt_aes128_clear(ctx);
}

static void tcpcrypt_test_chacha20(struct kunit *test)
{
	static const char pt[] =
		"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
	static const u8 want[114] = {
		0x6e, 0x2e, 0x35, 0x9a, 0x25, 0x68, 0xf9, 0x80, 0x41, 0xba, 0x07,
		0x28, 0xdd, 0x0d, 0x69, 0x81, 0xe9, 0x7e, 0x7a, 0xec, 0x1d, 0x43,
		0x60, 0xc2, 0x0a, 0x27, 0xaf, 0xcc, 0xfd, 0x9f, 0xae, 0x0b, 0xf9,
		0x1b, 0x65, 0xc5, 0x52, 0x47, 0x33, 0xab, 0x8f, 0x59, 0x3d, 0xab,
		0xcd, 0x62, 0xb3, 0x57, 0x16, 0x39, 0xd6, 0x24, 0xe6, 0x51, 0x52,
		0xab, 0x8f, 0x53, 0x0c, 0x35, 0x9f, 0x08, 0x61, 0xd8, 0x07, 0xca,
		0x0d, 0xbf, 0x50, 0x0d, 0x6a, 0x61, 0x56, 0xa3, 0x8e, 0x08, 0x8a,
		0x22, 0xb6, 0x5e, 0x52, 0xbc, 0x51, 0x4d, 0x16, 0xcc, 0xf8, 0x06,
		0x81, 0x8c, 0xe9, 0x1a, 0xb7, 0x79, 0x37, 0x36, 0x5a, 0xf9, 0x0b,
		0xbf, 0x74, 0xa3, 0x5b, 0xe6, 0xb4, 0x0b, 0x8e, 0xed, 0xf2, 0x78,
		0x5e, 0x42, 0x87, 0x4d,
	};
	/* Block counter 1 (word 12), then the RFC 8439 nonce. */
	static const u8 iv[16] = {
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x4a, 0x00, 0x00, 0x00, 0x00,
	};
	u8 key[32], buf[114];
	int i;

	for (i = 0; i < 32; i++)
		key[i] = i;
	memcpy(buf, pt, sizeof(buf));
	tcpcrypt_chacha20_xor(key, iv, buf, sizeof(buf));
	TCPCRYPT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
	tcpcrypt_chacha20_xor(key, iv, buf, sizeof(buf));
	TCPCRYPT_EXPECT_MEMEQ(test, buf, pt, sizeof(buf));
}

static void tcpcrypt_test_x25519(struct kunit *test)
{
	static const u8 alice_priv[32] = {
		0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
		0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
		0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a,
	};
	static const u8 bob_pub[32] = {
		0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
		0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
		0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f,
	};
	static const u8 want[32] = {
		0x4a, 0x5d, 0x9d, 0x5b, 0xa4, 0xce, 0x2d, 0xe1, 0x72, 0x8e, 0x3b,
		0xf4, 0x80, 0x35, 0x0f, 0x25, 0xe0, 0x7e, 0x21, 0xc9, 0x47, 0xd1,
		0x9e, 0x33, 0x76, 0xf0, 0x9b, 0x3c, 0x1e, 0x16, 0x17, 0x42,
	};
	static const u8 zero_point[32];
	u8 out[32], a_priv[32], a_pub[32], b_priv[32], b_pub[32], s1[32], s2[32];

	KUNIT_ASSERT_EQ(test, tcpcrypt_x25519(out, alice_priv, bob_pub), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, sizeof(want));
	/* A low-order peer point yields the all-zero secret: refused. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_x25519(out, alice_priv, zero_point), -EINVAL);

	KUNIT_ASSERT_EQ(test, tcpcrypt_x25519_keygen(a_priv, a_pub), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_x25519_keygen(b_priv, b_pub), 0);
	TCPCRYPT_EXPECT_MEMNEQ(test, a_pub, b_pub, sizeof(a_pub));
	KUNIT_ASSERT_EQ(test, tcpcrypt_x25519(s1, a_priv, b_pub), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_x25519(s2, b_priv, a_pub), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, s1, s2, sizeof(s1));
}

static void tcpcrypt_test_p256(struct kunit *test)
{
	static const u8 a_priv[32] = {
		0xc9, 0xaf, 0xa9, 0xd8, 0x45, 0xba, 0x75, 0x16, 0x6b, 0x5c, 0x21,
		0x57, 0x67, 0xb1, 0xd6, 0x93, 0x4e, 0x50, 0xc3, 0xdb, 0x36, 0xe8,
		0x9b, 0x12, 0x7b, 0x8a, 0x62, 0x2b, 0x12, 0x0f, 0x67, 0x21,
	};
	static const u8 b_pub[65] = {
		0x04, 0xe2, 0x66, 0xdd, 0xfd, 0xc1, 0x26, 0x68, 0xdb, 0x30, 0xd4,
		0xca, 0x3e, 0x8f, 0x77, 0x49, 0x43, 0x2c, 0x41, 0x60, 0x44, 0xf2,
		0xd2, 0xb8, 0xc1, 0x0b, 0xf3, 0xd4, 0x01, 0x2a, 0xef, 0xfa, 0x8a,
		0xbf, 0xa8, 0x64, 0x04, 0xa2, 0xe9, 0xff, 0xe6, 0x7d, 0x47, 0xc5,
		0x87, 0xef, 0x7a, 0x97, 0xa7, 0xf4, 0x56, 0xb8, 0x63, 0xb4, 0xd0,
		0x2c, 0xfc, 0x69, 0x28, 0x97, 0x3a, 0xb5, 0xb1, 0xcb, 0x39,
	};
	static const u8 want[32] = {
		0x90, 0x22, 0x33, 0x73, 0xf7, 0x5e, 0x98, 0x9a, 0xb8, 0x96, 0x5d,
		0x8c, 0xc8, 0x8f, 0x01, 0xce, 0xb4, 0xc6, 0x22, 0x87, 0x58, 0x61,
		0x77, 0x1d, 0xa7, 0xbf, 0x1a, 0x0f, 0xac, 0xca, 0xe3, 0x74,
	};
	u8 out[32], bad[65], k1[32], p1[65], k2[32], p2[65], s1[32], s2[32];

	KUNIT_ASSERT_EQ(test, tcpcrypt_p256_ecdh(out, a_priv, b_pub), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, sizeof(want));
	/* A point off the curve is refused, not multiplied. */
	memcpy(bad, b_pub, sizeof(bad));
	bad[64] ^= 1;
	KUNIT_EXPECT_LT(test, tcpcrypt_p256_ecdh(out, a_priv, bad), 0);

	KUNIT_ASSERT_EQ(test, tcpcrypt_p256_keygen(k1, p1), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_p256_keygen(k2, p2), 0);
	KUNIT_EXPECT_EQ(test, p1[0], 0x04);
	KUNIT_ASSERT_EQ(test, tcpcrypt_p256_ecdh(s1, k1, p2), 0);
	KUNIT_ASSERT_EQ(test, tcpcrypt_p256_ecdh(s2, k2, p1), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, s1, s2, sizeof(s1));
}

static void tcpcrypt_test_sha1(struct kunit *test)
{
	static const u8 want[TCPCRYPT_SHA1_LEN] = {
		0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
		0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
	};
	const struct tcpcrypt_kvec vec[3] = { { "a", 1 }, { "", 0 }, { "bc", 2 } };
	u8 out[TCPCRYPT_SHA1_LEN];

	KUNIT_ASSERT_EQ(test, tcpcrypt_sha1_vec(vec, ARRAY_SIZE(vec), out), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, out, want, sizeof(want));
}

/* The test key as a private key object, with one reference. */
static struct tcpcrypt_rsa_priv *tcpcrypt_test_rsa_key(struct kunit *test)
{
	struct tcpcrypt_rsa_priv *priv;
	struct tcpcrypt_rsa_der k;
	const char *msg = NULL;

	KUNIT_ASSERT_EQ(test, tcpcrypt_rsa_der_parse(tcpcrypt_test_rsa_der,
						     sizeof(tcpcrypt_test_rsa_der),
						     &k, &msg), 0);
	KUNIT_ASSERT_EQ(test, k.n.len, sizeof(kat_rsa_n));
	priv = tcpcrypt_rsa_priv_new(tcpcrypt_test_rsa_der,
				     sizeof(tcpcrypt_test_rsa_der), k.n.p,
				     k.n.len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(priv));
	return priv;
}

/* Raw RSA both ways against the known answer, and what they cost. */
static void tcpcrypt_test_rsa_raw(struct kunit *test)
{
	const size_t k = sizeof(kat_rsa_n);
	struct tcpcrypt_rsa_priv *priv = tcpcrypt_test_rsa_key(test);
	u8 *em = kunit_kzalloc(test, 3 * k, GFP_KERNEL);
	u8 *c = em + k, *m = em + 2 * k, ns[TCPCRYPT_RSA3_NS_LEN];
	const u8 *n;
	size_t n_len;
	ktime_t t0, t1, t2;

	KUNIT_ASSERT_NOT_NULL(test, em);
	n = tcpcrypt_rsa_modulus(priv, &n_len);
	KUNIT_ASSERT_EQ(test, n_len, k);
	TCPCRYPT_EXPECT_MEMEQ(test, n, kat_rsa_n, k);
	KUNIT_ASSERT_EQ(test, tcpcrypt_oaep_encode(em, k, kat_rsa_ns,
						   sizeof(kat_rsa_ns),
						   kat_rsa_seed), 0);
	t0 = ktime_get();
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsa_public(n, k, em, c), 0);
	t1 = ktime_get();
	TCPCRYPT_EXPECT_MEMEQ(test, c, kat_rsa_c, k);
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsa_private(priv, c, m), 0);
	t2 = ktime_get();
	TCPCRYPT_EXPECT_MEMEQ(test, m, em, k);
	KUNIT_ASSERT_EQ(test, tcpcrypt_oaep_decode(m, k, ns, sizeof(ns)), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, ns, kat_rsa_ns, sizeof(ns));
	kunit_info(test, "RSA-4096 e=3: public %lld us, private (CRT) %lld us\n",
		   ktime_us_delta(t1, t0), ktime_us_delta(t2, t1));

	/* In place, as server_kx calls it. */
	memcpy(c, em, k);
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsa_public(n, k, c, c), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, c, kat_rsa_c, k);
	/* Numbers not below n are refused both ways, not reduced. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsa_public(n, k, n, c), -EINVAL);
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsa_private(priv, n, m), -EINVAL);
	/* A modulus with a leading zero byte is the caller's mistake. */
	em[0] = 0;
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsa_public(em, k, c, c), -EINVAL);
	tcpcrypt_rsa_priv_put(priv);
}

/* The cipher's ops end to end, as client and server of one handshake. */
static void tcpcrypt_test_oaep_rsa3(struct kunit *test)
{
	const struct tcpcrypt_pubkey_ops *pk = &tcpcrypt_pubkey_rsa3;
	struct tcpcrypt_rsa_priv *priv = tcpcrypt_test_rsa_key(test);
	struct tcpcrypt_pk_state st = { .key = priv };
	u8 *ckey = kunit_kzalloc(test, 2 * TCPCRYPT_RSA3_KX_LEN, GFP_KERNEL);
	u8 *kx = ckey + TCPCRYPT_RSA3_KX_LEN;
	u8 pms_s[TCPCRYPT_RSA3_NS_LEN], pms_c[TCPCRYPT_RSA3_NS_LEN];
	int len, i;

	KUNIT_ASSERT_NOT_NULL(test, ckey);
	KUNIT_EXPECT_TRUE(test, pk->may_sleep);
	len = pk->client_key(&st, ckey, TCPCRYPT_RSA3_KX_LEN);
	KUNIT_ASSERT_EQ(test, len, (int)sizeof(kat_rsa_n));
	TCPCRYPT_EXPECT_MEMEQ(test, ckey, kat_rsa_n, len);
	KUNIT_ASSERT_EQ(test, pk->check_ckey(ckey, len), 0);
	KUNIT_ASSERT_EQ(test, pk->server_kx(ckey, len, kx, pms_s), 0);
	KUNIT_ASSERT_EQ(test, pk->client_kx(&st, kx, pms_c), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, pms_c, pms_s, sizeof(pms_s));
	/*
	 * The fixed ciphertext decrypts to the fixed N_S, each time under a
	 * different blinding pair, and again once the workqueue has made a
	 * fresh one.
	 */
	for (i = 0; i < TCPCRYPT_RSA_BLIND_USES + 3; i++) {
		if (i == TCPCRYPT_RSA_BLIND_USES + 1)
			flush_workqueue(tcpcrypt_wq);
		memset(pms_c, 0, sizeof(pms_c));
		KUNIT_ASSERT_EQ(test, pk->client_kx(&st, kat_rsa_c, pms_c), 0);
		TCPCRYPT_EXPECT_MEMEQ(test, pms_c, kat_rsa_ns, sizeof(pms_c));
	}
	/* Any change to the ciphertext is refused. */
	kx[200] ^= 0x01;
	KUNIT_EXPECT_NE(test, pk->client_kx(&st, kx, pms_c), 0);
	st.key = NULL;
	KUNIT_EXPECT_EQ(test, pk->client_kx(&st, kx, pms_c), -ENOKEY);
	tcpcrypt_rsa_priv_put(priv);
}

/* A copy of the test key with one byte changed at off (or none). */
static u8 *tcpcrypt_test_der_copy(struct kunit *test, size_t off, u8 x)
{
	u8 *der = kunit_kmalloc(test, sizeof(tcpcrypt_test_rsa_der), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, der);
	memcpy(der, tcpcrypt_test_rsa_der, sizeof(tcpcrypt_test_rsa_der));
	der[off] ^= x;
	return der;
}

/* The namespace key: load, refuse, replace while in use, clear. */
static void tcpcrypt_test_rsakey(struct kunit *test)
{
	static const u8 tiny[] = {	/* well-formed, with one-byte numbers */
		0x30, 0x1b, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01, 0x02, 0x01,
		0x03, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07, 0x02, 0x01, 0x09,
		0x02, 0x01, 0x0b, 0x02, 0x01, 0x0d, 0x02, 0x01, 0x0f,
	};
	const size_t len = sizeof(tcpcrypt_test_rsa_der);
	struct tcpcrypt_net *tn = kunit_kzalloc(test, sizeof(*tn), GFP_KERNEL);
	const struct tcpcrypt_pubkey_ops *pk = &tcpcrypt_pubkey_rsa3;
	struct tcpcrypt_rsa_der k;
	struct tcpcrypt_rsa_priv *held, *now;
	struct tcpcrypt_pk_state st;
	const char *msg = NULL;
	unsigned long loaded;
	unsigned int bits;
	u8 *der, *kx, pms_s[TCPCRYPT_RSA3_NS_LEN], pms_c[TCPCRYPT_RSA3_NS_LEN];
	ktime_t t0;

	KUNIT_ASSERT_NOT_NULL(test, tn);
	kx = kunit_kzalloc(test, TCPCRYPT_RSA3_KX_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kx);
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsakey_init(tn), 0);
	KUNIT_EXPECT_NULL(test, tcpcrypt_rsakey_get(tn));
	KUNIT_EXPECT_FALSE(test, tcpcrypt_rsakey_info(tn, &bits, &loaded));

	t0 = ktime_get();
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsakey_set(tn, tcpcrypt_test_rsa_der, len,
						  &msg), 0);
	kunit_info(test, "key loaded and checked in %lld us\n",
		   ktime_us_delta(ktime_get(), t0));
	KUNIT_EXPECT_TRUE(test, tcpcrypt_rsakey_info(tn, &bits, &loaded));
	KUNIT_EXPECT_EQ(test, bits, 4096U);
	held = tcpcrypt_rsakey_get(tn);
	KUNIT_ASSERT_NOT_NULL(test, held);

	/* Refusals leave the loaded key alone. */
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsakey_set(tn, tcpcrypt_test_rsa_der,
						  len - 1, &msg), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsakey_set(tn, tiny, sizeof(tiny), &msg),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "the modulus is not 4096 bits");
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsa_der_parse(tcpcrypt_test_rsa_der, len,
						     &k, &msg), 0);
	/* e = 3 -> 2 */
	der = tcpcrypt_test_der_copy(test, k.e.p - tcpcrypt_test_rsa_der, 0x01);
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsakey_set(tn, der, len, &msg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "the public exponent is not 3");
	/* A wrong d mod (p-1): the DER is fine, the key is not. */
	der = tcpcrypt_test_der_copy(test, k.dp.p + 9 - tcpcrypt_test_rsa_der,
				     0x10);
	KUNIT_EXPECT_EQ(test, tcpcrypt_rsakey_set(tn, der, len, &msg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "the private key does not match the modulus");
	KUNIT_EXPECT_TRUE(test, tcpcrypt_rsakey_info(tn, &bits, &loaded));

	/* Replaced, the held key still serves its handshake. */
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsakey_set(tn, tcpcrypt_test_rsa_der, len,
						  &msg), 0);
	now = tcpcrypt_rsakey_get(tn);
	KUNIT_ASSERT_NOT_NULL(test, now);
	KUNIT_EXPECT_PTR_NE(test, now, held);
	tcpcrypt_rsakey_put(now);
	st.key = held;
	KUNIT_ASSERT_EQ(test, pk->server_kx(kat_rsa_n, sizeof(kat_rsa_n), kx,
					    pms_s), 0);
	KUNIT_ASSERT_EQ(test, pk->client_kx(&st, kx, pms_c), 0);
	TCPCRYPT_EXPECT_MEMEQ(test, pms_c, pms_s, sizeof(pms_s));
	tcpcrypt_rsakey_put(held);
	tcpcrypt_rsakey_put(NULL);

	tcpcrypt_rsakey_clear(tn);
	KUNIT_EXPECT_NULL(test, tcpcrypt_rsakey_get(tn));
	KUNIT_EXPECT_FALSE(test, tcpcrypt_rsakey_info(tn, &bits, &loaded));
	KUNIT_ASSERT_EQ(test, tcpcrypt_rsakey_set(tn, tcpcrypt_test_rsa_der, len,
						  &msg), 0);
	tcpcrypt_rsakey_exit(tn);
	KUNIT_EXPECT_NULL(test, tcpcrypt_rsakey_get(tn));
	/* The freed keys' memory goes after a grace period: let it go now. */
	rcu_barrier();
}

/* The protocol's own vectors (wire-v02 and captures) through this backend. */
static void tcpcrypt_test_protocol_vectors(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, tcpcrypt_selftest(), 0);
}

static struct kunit_case tcpcrypt_crypto_cases[] = {
	KUNIT_CASE(tcpcrypt_test_sha256),
	KUNIT_CASE(tcpcrypt_test_hmac),
	KUNIT_CASE(tcpcrypt_test_aes128),
	KUNIT_CASE(tcpcrypt_test_chacha20),
	KUNIT_CASE(tcpcrypt_test_x25519),
	KUNIT_CASE(tcpcrypt_test_p256),
	KUNIT_CASE(tcpcrypt_test_sha1),
	KUNIT_CASE(tcpcrypt_test_rsa_raw),
	KUNIT_CASE(tcpcrypt_test_oaep_rsa3),
	KUNIT_CASE(tcpcrypt_test_rsakey),
	KUNIT_CASE(tcpcrypt_test_protocol_vectors),
	{}
};

static struct kunit_suite tcpcrypt_crypto_suite = {
	.name = "tcpcrypt_crypto",
	.test_cases = tcpcrypt_crypto_cases,
};

kunit_test_suite(tcpcrypt_crypto_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of tcpcrypt's kernel-side pieces");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
