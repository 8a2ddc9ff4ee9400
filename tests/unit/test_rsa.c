// SPDX-License-Identifier: GPL-2.0
/*
 * OAEP-RSA-3: the encoding against OpenSSL's RSA_PKCS1_OAEP_PADDING both
 * ways, every way a decoding can fail, the v0.2 modulus rules, the INIT
 * sizes, the reference daemons' RSA capture, and the DER RSAPrivateKey
 * reader. The test key is the one the KUnit suite uses (rsa_testkey.h).
 */
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "unit.h"
#include "crypto_user.h"
#include "../../kmod/proto/rsa.h"
#include "../../kmod/proto/rsa_testkey.h"
#include "../../kmod/proto/vectors_rsa.h"
#include "../../tools/tcpcryptctl/rsakey.h"

#define K	512
#define NS	TCPCRYPT_RSA3_NS_LEN
#define HLEN	TCPCRYPT_SHA1_LEN

static const struct tcpcrypt_pubkey_ops *const rsa = &tcpcrypt_pubkey_rsa3;

static struct user_rsa_key *testkey(void)
{
	struct user_rsa_key *k = user_rsa_key_from_der(tcpcrypt_test_rsa_der,
						       sizeof(tcpcrypt_test_rsa_der));

	ck_assert_ptr_nonnull(k);
	return k;
}

/*
 * OpenSSL's OAEP (its defaults: SHA-1, MGF1-SHA-1), optionally labelled:
 * the output length, or -1 when OpenSSL refuses.
 */
static long ossl_oaep(EVP_PKEY *pk, bool encrypt, const u8 *in, size_t len,
		      u8 *out, const char *label)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	size_t outlen = K;
	int ok;

	ck_assert_ptr_nonnull(pc);
	ck_assert_int_eq(encrypt ? EVP_PKEY_encrypt_init(pc) :
			 EVP_PKEY_decrypt_init(pc), 1);
	ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_OAEP_PADDING), 1);
	if (label) {
		void *l = OPENSSL_strdup(label);

		ck_assert_int_eq(EVP_PKEY_CTX_set0_rsa_oaep_label(pc, l,
								  strlen(label)), 1);
	}
	ok = encrypt ? EVP_PKEY_encrypt(pc, out, &outlen, in, len) :
		       EVP_PKEY_decrypt(pc, out, &outlen, in, len);
	EVP_PKEY_CTX_free(pc);
	return ok == 1 ? (long)outlen : -1;
}

/* The raw RSA public operation through OpenSSL alone. */
static void ossl_raw_encrypt(EVP_PKEY *pk, const u8 *em, u8 *c)
{
	EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
	size_t outlen = K;

	ck_assert_ptr_nonnull(pc);
	ck_assert_int_eq(EVP_PKEY_encrypt_init(pc), 1);
	ck_assert_int_eq(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_NO_PADDING), 1);
	ck_assert_int_eq(EVP_PKEY_encrypt(pc, c, &outlen, em, K), 1);
	ck_assert_uint_eq(outlen, K);
	EVP_PKEY_CTX_free(pc);
}

/* The tests' own MGF1, on OpenSSL's SHA-1, to build encodings by hand. */
static void t_mgf1_xor(u8 *out, size_t len, const u8 *seed, size_t slen)
{
	u8 buf[K + 4], h[HLEN];
	unsigned int c, i;

	memcpy(buf, seed, slen);
	for (c = 0; len; c++) {
		size_t n = len < HLEN ? len : HLEN;

		tcpcrypt_put_be32(buf + slen, c);
		ck_assert_int_eq(EVP_Digest(buf, slen + 4, h, NULL, EVP_sha1(),
					    NULL), 1);
		for (i = 0; i < n; i++)
			out[i] ^= h[i];
		out += n;
		len -= n;
	}
}

/* EM from a data block the test chose (RFC 8017 §7.1.1 steps 2e-2i). */
static void t_em_from_db(u8 *em, u8 y, const u8 *db)
{
	u8 *seed = em + 1, *mdb = em + 1 + HLEN;

	em[0] = y;
	tcpcrypt_random(seed, HLEN);
	memcpy(mdb, db, K - HLEN - 1);
	t_mgf1_xor(mdb, K - HLEN - 1, seed, HLEN);
	t_mgf1_xor(seed, HLEN, mdb, K - HLEN - 1);
}

/* Something shaped like a modulus: top bit set, odd. */
static void t_synth_modulus(u8 *n, size_t len)
{
	memset(n, 0x5a, len);
	n[0] = 0xc3;
	n[len - 1] |= 1;
}

/* lHash || PS || 0x01 || M with an mlen-byte M. */
static void t_db(u8 *db, size_t mlen)
{
	static const u8 lhash_empty[HLEN] = {
		0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55,
		0xbf, 0xef, 0x95, 0x60, 0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09,
	};
	const size_t db_len = K - HLEN - 1;

	memset(db, 0, db_len);
	memcpy(db, lhash_empty, HLEN);
	db[db_len - mlen - 1] = 0x01;
	tcpcrypt_random(db + db_len - mlen, mlen);
}

START_TEST(sha1_vectors)
{
	static const char msg2[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	u8 out[HLEN], want[HLEN];
	struct tcpcrypt_kvec v[3] = {
		{ msg2, 5 }, { msg2, 0 }, { msg2 + 5, sizeof(msg2) - 6 },
	};

	ck_assert_int_eq(tcpcrypt_sha1_vec(v, 1, out), 0);
	ck_assert_int_eq(tcpcrypt_sha1_vec(v + 1, 1, out), 0);
	unit_hex(want, sizeof(want), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	ck_assert_mem_eq(out, want, HLEN);
	ck_assert_int_eq(tcpcrypt_sha1_vec(v, 3, out), 0);
	unit_hex(want, sizeof(want), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	ck_assert_mem_eq(out, want, HLEN);
}
END_TEST

/* Our encoding with the KAT seed, decrypted by OpenSSL and by us. */
START_TEST(oaep_known_answer)
{
	struct user_rsa_key *key = testkey();
	struct tcpcrypt_pk_state st = { .key = key };
	u8 em[K], c[K], ns[NS];
	const u8 *n;
	size_t n_len;

	n = tcpcrypt_rsa_modulus(key, &n_len);
	ck_assert_uint_eq(n_len, K);
	ck_assert_mem_eq(n, kat_rsa_n, K);
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, K, kat_rsa_ns, NS, kat_rsa_seed), 0);
	ck_assert_int_eq(tcpcrypt_rsa_public(n, K, em, c), 0);
	ck_assert_mem_eq(c, kat_rsa_c, K);
	/* in place, as server_kx does it */
	ck_assert_int_eq(tcpcrypt_rsa_public(n, K, em, em), 0);
	ck_assert_mem_eq(em, kat_rsa_c, K);
	ck_assert_int_eq(ossl_oaep(user_rsa_key_pkey(key), false, c, K, em, NULL), NS);
	ck_assert_mem_eq(em, kat_rsa_ns, NS);
	ck_assert_int_eq(rsa->client_kx(&st, kat_rsa_c, ns), 0);
	ck_assert_mem_eq(ns, kat_rsa_ns, NS);
	user_rsa_key_free(key);
}
END_TEST

/* server_kx -> OpenSSL, OpenSSL -> client_kx, and ours both ways. */
START_TEST(oaep_interop)
{
	struct user_rsa_key *key = _i ? user_rsa_key_generate(4096) : testkey();
	struct tcpcrypt_pk_state st = { .key = key };
	EVP_PKEY *pub;
	u8 n[K], kx[K], pms[NS], pms2[NS], out[K];
	int i, len;

	ck_assert_ptr_nonnull(key);
	len = rsa->client_key(&st, n, sizeof(n));
	ck_assert_int_eq(len, K);
	pub = user_rsa_pubkey(n, K);
	ck_assert_ptr_nonnull(pub);
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(rsa->server_kx(n, K, kx, pms), 0);
		ck_assert_int_eq(ossl_oaep(user_rsa_key_pkey(key), false, kx, K,
					   out, NULL), NS);
		ck_assert_mem_eq(out, pms, NS);
		memset(pms2, 0, NS);
		ck_assert_int_eq(rsa->client_kx(&st, kx, pms2), 0);
		ck_assert_mem_eq(pms2, pms, NS);

		/* OpenSSL encrypts with the public key from INIT1 alone. */
		tcpcrypt_random(pms, NS);
		ck_assert_int_eq(ossl_oaep(pub, true, pms, NS, kx, NULL), K);
		ck_assert_int_eq(rsa->client_kx(&st, kx, pms2), 0);
		ck_assert_mem_eq(pms2, pms, NS);
	}
	/* N_S is fresh each time, and so is the seed. */
	ck_assert_int_eq(rsa->server_kx(n, K, kx, pms), 0);
	ck_assert_int_eq(rsa->server_kx(n, K, out, pms2), 0);
	ck_assert_mem_ne(pms, pms2, NS);
	ck_assert_mem_ne(kx, out, K);
	EVP_PKEY_free(pub);
	user_rsa_key_free(key);
}
END_TEST

enum bad_em {
	BAD_NONE, BAD_Y, BAD_LHASH, BAD_NO_SEP, BAD_SEP_02, BAD_PS,
	BAD_LEN_47, BAD_LEN_49, BAD_LEN_0, BAD_NUM
};

/* What OpenSSL makes of each: a message length, or -1 for invalid. */
static const long ossl_len[BAD_NUM] = {
	[BAD_NONE] = NS, [BAD_Y] = -1, [BAD_LHASH] = -1, [BAD_NO_SEP] = -1,
	[BAD_SEP_02] = -1, [BAD_PS] = K - 2 * HLEN - 2 - 7, [BAD_LEN_47] = NS - 1,
	[BAD_LEN_49] = NS + 1, [BAD_LEN_0] = 0,
};

/* Each malformed encoding, decoded directly and through client_kx. */
START_TEST(oaep_decode_rejects)
{
	struct user_rsa_key *key = testkey();
	struct tcpcrypt_pk_state st = { .key = key };
	const size_t db_len = K - HLEN - 1, sep = db_len - NS - 1;
	u8 db[K], em[K], em2[K], c[K], ns[NS], want[NS];
	long ret;
	int want_ret = _i == BAD_NONE ? 0 : -EBADMSG;

	t_db(db, NS);
	memcpy(want, db + db_len - NS, NS);
	switch (_i) {
	case BAD_LEN_47:
		t_db(db, NS - 1);
		break;
	case BAD_LEN_49:
		t_db(db, NS + 1);
		break;
	case BAD_LEN_0:
		t_db(db, 0);
		break;
	case BAD_LHASH:
		db[HLEN - 1] ^= 0x80;
		break;
	case BAD_NO_SEP:
		db[sep] = 0x00;
		break;
	case BAD_SEP_02:
		db[sep] = 0x02;
		break;
	case BAD_PS:
		db[HLEN + 7] = 0x01;
		break;
	}
	t_em_from_db(em, _i == BAD_Y ? 0x01 : 0x00, db);
	memcpy(em2, em, K);
	memset(ns, 0xee, NS);
	ck_assert_int_eq(tcpcrypt_oaep_decode(em2, K, ns, NS), want_ret);
	if (want_ret) {
		/* nothing of a refused message leaks into the output */
		memset(want, 0xee, NS);
	}
	ck_assert_mem_eq(ns, want, NS);

	/* Even Y = 1 stays below n: the decoder, not RSA, must refuse it. */
	ck_assert_uint_lt(em[0], kat_rsa_n[0]);
	ossl_raw_encrypt(user_rsa_key_pkey(key), em, c);
	memset(ns, 0xee, NS);
	ret = rsa->client_kx(&st, c, ns);
	ck_assert_int_eq(ret, want_ret);
	ck_assert_mem_eq(ns, want, NS);
	/*
	 * OpenSSL agrees on what is OAEP at all: an early 0x01 in PS is just
	 * a longer message to it, a length v0.2 never sends.
	 */
	ret = ossl_oaep(user_rsa_key_pkey(key), false, c, K, em, NULL);
	ck_assert_int_eq(ret, ossl_len[_i]);
	user_rsa_key_free(key);
}
END_TEST

/* What OpenSSL produces but v0.2 does not send is refused too. */
START_TEST(oaep_openssl_variants)
{
	struct user_rsa_key *key = testkey();
	struct tcpcrypt_pk_state st = { .key = key };
	u8 msg[NS + 1], kx[K], ns[NS];

	tcpcrypt_random(msg, sizeof(msg));
	ck_assert_int_eq(ossl_oaep(user_rsa_key_pkey(key), true, msg, NS, kx,
				   "label"), K);
	ck_assert_int_eq(rsa->client_kx(&st, kx, ns), -EBADMSG);
	ck_assert_int_eq(ossl_oaep(user_rsa_key_pkey(key), true, msg, NS - 1, kx,
				   NULL), K);
	ck_assert_int_eq(rsa->client_kx(&st, kx, ns), -EBADMSG);
	ck_assert_int_eq(ossl_oaep(user_rsa_key_pkey(key), true, msg, NS + 1, kx,
				   NULL), K);
	ck_assert_int_eq(rsa->client_kx(&st, kx, ns), -EBADMSG);
	/* a ciphertext not below n never reaches the decoder */
	ck_assert_int_eq(rsa->client_kx(&st, kat_rsa_n, ns), -EINVAL);
	memset(kx, 0xff, K);
	ck_assert_int_eq(rsa->client_kx(&st, kx, ns), -EINVAL);
	user_rsa_key_free(key);
}
END_TEST

/* The right ciphertext under the wrong key. */
START_TEST(oaep_wrong_key)
{
	struct user_rsa_key *key = user_rsa_key_generate(4096);
	struct tcpcrypt_pk_state st = { .key = key };
	u8 ns[NS];

	ck_assert_ptr_nonnull(key);
	ck_assert_int_ne(rsa->client_kx(&st, kat_rsa_c, ns), 0);
	user_rsa_key_free(key);
}
END_TEST

START_TEST(oaep_sizes)
{
	u8 em[K], msg[K], out[K];

	tcpcrypt_random(msg, sizeof(msg));
	/* k = 90 is the least that carries 48 bytes with SHA-1. */
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, 89, msg, NS, kat_rsa_seed), -EINVAL);
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, 90, msg, NS, kat_rsa_seed), 0);
	ck_assert_int_eq(tcpcrypt_oaep_decode(em, 90, out, NS), 0);
	ck_assert_mem_eq(out, msg, NS);
	ck_assert_int_eq(tcpcrypt_oaep_decode(em, 89, out, NS), -EINVAL);
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, 41, msg, 0, kat_rsa_seed), -EINVAL);
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, 42, msg, 0, kat_rsa_seed), 0);
	ck_assert_int_eq(tcpcrypt_oaep_decode(em, 42, out, 0), 0);
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, K, msg, K - 41, kat_rsa_seed), -EINVAL);
}
END_TEST

/*
 * A failing SHA-1 (the kernel's can fail to allocate) fails the encoding
 * and wipes the half-built message; it fails the decoding too. Every call
 * is made to fail in turn: the first and the last MGF1 block of each pass.
 */
START_TEST(oaep_sha1_failure)
{
	static const u8 zero[K];
	/* MGF1 over the 491-byte DB takes 25 blocks, over the seed one. */
	const unsigned int calls = 25 + 1;
	u8 em[K], good[K], out[NS];
	unsigned int i;

	ck_assert_int_eq(tcpcrypt_oaep_encode(good, K, kat_rsa_ns, NS, kat_rsa_seed), 0);
	for (i = 1; i <= calls; i++) {
		memset(em, 0xa5, sizeof(em));
		user_fail_sha1 = i;
		ck_assert_int_eq(tcpcrypt_oaep_encode(em, K, kat_rsa_ns, NS,
						      kat_rsa_seed), -ENOMEM);
		ck_assert_mem_eq(em, zero, K);
		memcpy(em, good, K);
		memset(out, 0xa5, sizeof(out));
		user_fail_sha1 = i;
		ck_assert_int_eq(tcpcrypt_oaep_decode(em, K, out, NS), -ENOMEM);
		/* Nothing of the message comes out of a failed decoding. */
		ck_assert_uint_eq(out[0], 0xa5);
		ck_assert_uint_eq(out[NS - 1], 0xa5);
	}
	/* Failing past the last call changes nothing. */
	user_fail_sha1 = calls + 1;
	ck_assert_int_eq(tcpcrypt_oaep_encode(em, K, kat_rsa_ns, NS, kat_rsa_seed), 0);
	ck_assert_mem_eq(em, good, K);
	user_fail_sha1 = 0;
}
END_TEST

/*
 * A server whose RSA operation or hashing fails leaves neither N_S nor a
 * half-encrypted field behind.
 */
START_TEST(server_kx_failure)
{
	static const u8 zero[TCPCRYPT_RSA3_KX_LEN];
	u8 kx[TCPCRYPT_RSA3_KX_LEN], pms[NS];
	int i;

	for (i = 0; i < 2; i++) {
		memset(kx, 0xa5, sizeof(kx));
		memset(pms, 0xa5, sizeof(pms));
		if (i)
			user_fail_sha1 = 1;
		else
			user_fail_rsa_public = 1;
		ck_assert_int_eq(rsa->server_kx(kat_rsa_n, K, kx, pms), -ENOMEM);
		ck_assert_mem_eq(kx, zero, sizeof(kx));
		ck_assert_mem_eq(pms, zero, sizeof(pms));
	}
	user_fail_sha1 = user_fail_rsa_public = 0;
	ck_assert_int_eq(rsa->server_kx(kat_rsa_n, K, kx, pms), 0);
}
END_TEST

/* A private key the INIT1 rule would refuse is never offered. */
START_TEST(client_key_small)
{
	struct user_rsa_key *key = user_rsa_key_generate(1024);
	struct tcpcrypt_pk_state st = { .key = key };
	u8 ckey[K];

	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(rsa->client_key(&st, ckey, sizeof(ckey)), -EINVAL);
	user_rsa_key_free(key);
}
END_TEST

/* The v0.2 rule for INIT1 moduli, and what the ops do with each. */
START_TEST(modulus_rules)
{
	struct tcpcrypt_pk_state st = { .key = NULL };
	struct user_rsa_key *key = testkey();
	u8 n[K + 1], kx[K], pms[NS];
	unsigned int i;

	memcpy(n, kat_rsa_n, K);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), 0);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K - 1), -EBADMSG);
	n[K - 1] ^= 1;	/* even */
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), -EBADMSG);
	ck_assert_int_eq(rsa->server_kx(n, K, kx, pms), -EBADMSG);
	n[K - 1] ^= 1;
	n[0] = 0x7f;	/* 4095 bits */
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), -EBADMSG);
	n[0] = 0x80;
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), 0);
	/* 2048 and 3072 bits in their own length; 2560 too, as in v0.2 */
	for (i = 256; i <= K; i++) {
		t_synth_modulus(n, i);
		ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, i),
				 i % 64 ? -EBADMSG : 0);
	}
	t_synth_modulus(n, 192);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, 192), -EBADMSG);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, 0), -EBADMSG);
	memcpy(n, kat_rsa_n, K);
	/* leading zero bytes count as v0.2 counts bits: 3584 passes */
	memset(n, 0, 64);
	n[64] |= 0x80;
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), 0);
	/* ...and its ciphertext takes the field's first 448 bytes */
	memset(kx, 0xcc, K);
	ck_assert_int_eq(rsa->server_kx(n, K, kx, pms), 0);
	for (i = 448; i < K; i++)
		ck_assert_uint_eq(kx[i], 0);
	ck_assert_int_lt(memcmp(kx, n + 64, 448), 0);
	n[64] = 0x40;
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), -EBADMSG);
	memset(n, 0, K);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K), -EBADMSG);
	memset(n, 0xff, K + 1);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(n, K + 1), -EBADMSG);

	/* client_key copies the caller's key, and needs one */
	ck_assert_int_eq(rsa->client_key(&st, n, K), -ENOKEY);
	ck_assert_int_eq(rsa->client_kx(&st, kat_rsa_c, pms), -ENOKEY);
	st.key = key;
	ck_assert_int_eq(rsa->client_key(&st, n, K - 1), -ENOSPC);
	ck_assert_int_eq(rsa->client_key(&st, n, K), K);
	ck_assert_mem_eq(n, kat_rsa_n, K);
	ck_assert(rsa->may_sleep);
	ck_assert_uint_eq(rsa->pms_len, NS);
	tcpcrypt_pk_state_clear(&st);
	ck_assert_ptr_null(st.key);
	user_rsa_key_free(key);
}
END_TEST

/* INIT1 564 and INIT2 524 bytes, through the codecs both ways. */
START_TEST(init_sizes)
{
	static const u32 sym[1] = { TCPCRYPT_SYM_AES128_HMAC };
	struct user_rsa_key *key = testkey();
	struct tcpcrypt_pk_state st = { .key = key };
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m2;
	u8 ckey[K], nc[32], init1[600], init2[600], kx[K], pms[NS], pms2[NS];
	int n, n1, n2;

	n = rsa->client_key(&st, ckey, sizeof(ckey));
	tcpcrypt_random(nc, sizeof(nc));
	n1 = tcpcrypt_init1_build(init1, sizeof(init1), rsa->spec, sym, 1, nc,
				  rsa->nc_len, ckey, n);
	ck_assert_int_eq(n1, 564);
	ck_assert_int_eq(tcpcrypt_init1_parse(init1, n1, &m1), 0);
	ck_assert_ptr_eq(m1.pk, rsa);
	ck_assert_uint_eq(m1.ckey_len, K);
	ck_assert_int_eq(m1.pk->server_kx(m1.ckey, m1.ckey_len, kx, pms), 0);
	n2 = tcpcrypt_init2_build(init2, sizeof(init2), sym[0], kx, rsa->kx_len);
	ck_assert_int_eq(n2, 524);
	ck_assert_int_eq(tcpcrypt_init2_parse(init2, n2, rsa, &m2), 0);
	ck_assert_uint_eq(m2.kx_len, K);
	ck_assert_int_eq(rsa->client_kx(&st, m2.kx, pms2), 0);
	ck_assert_mem_eq(pms, pms2, NS);
	/* a 2048-bit modulus makes a shorter INIT1 that v0.2 still takes */
	t_synth_modulus(ckey, 256);
	n1 = tcpcrypt_init1_build(init1, sizeof(init1), rsa->spec, sym, 1, nc,
				  rsa->nc_len, ckey, 256);
	ck_assert_int_eq(n1, 308);
	ck_assert_int_eq(tcpcrypt_init1_parse(init1, n1, &m1), 0);
	ck_assert_int_eq(tcpcrypt_init2_parse(init2, n2 - 1, rsa, &m2), -EBADMSG);
	user_rsa_key_free(key);
}
END_TEST

/* The reference daemons' RSA handshake: what can be checked without d. */
START_TEST(capture_rsa)
{
	const struct tcpcrypt_kat_capture *c = NULL;
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m2;
	u8 kx[K], pms[NS];
	unsigned int i;

	for (i = 0; (c = tcpcrypt_kat_capture_get(i)); i++)
		if (!strncmp(c->name, "rsa", 3))
			break;
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->pms_len, NS);
	ck_assert_int_eq(tcpcrypt_init1_parse(c->init1, c->init1_len, &m1), 0);
	ck_assert_ptr_eq(m1.pk, rsa);
	ck_assert_int_eq(tcpcrypt_init2_parse(c->init2, c->init2_len, m1.pk, &m2), 0);
	/* the daemon's key is a full 4096 bits, its ciphertext below n */
	ck_assert_uint_eq(m1.ckey_len, K);
	ck_assert_uint_ge(m1.ckey[0], 0x80);
	ck_assert_int_lt(memcmp(m2.kx, m1.ckey, K), 0);
	/* and we can answer that client: a 512-byte ciphertext below its n */
	ck_assert_int_eq(rsa->server_kx(m1.ckey, m1.ckey_len, kx, pms), 0);
	ck_assert_int_lt(memcmp(kx, m1.ckey, K), 0);
}
END_TEST

/* ---- DER RSAPrivateKey ----------------------------------------------------- */

START_TEST(der_testkey)
{
	const u8 *der = tcpcrypt_test_rsa_der;
	const size_t len = sizeof(tcpcrypt_test_rsa_der);
	struct tcpcrypt_rsa_der k;
	const char *msg = NULL;
	u8 *b = malloc(len + 1);
	size_t i;

	ck_assert_int_eq(tcpcrypt_rsa_der_parse(der, len, &k, &msg), 0);
	ck_assert_uint_eq(k.n.len, K);
	ck_assert_mem_eq(k.n.p, kat_rsa_n, K);
	ck_assert_uint_eq(k.e.len, 1);
	ck_assert_uint_eq(k.e.p[0], 3);
	ck_assert_uint_eq(k.d.len, K);
	ck_assert_uint_eq(k.p.len, 256);
	ck_assert_uint_eq(k.q.len, 256);
	ck_assert_uint_ge(k.qinv.len, 250);
	ck_assert_ptr_eq(k.qinv.p + k.qinv.len, der + len);

	/* every truncation and any byte after the key are refused */
	for (i = 0; i < len; i++) {
		msg = NULL;
		ck_assert_int_eq(tcpcrypt_rsa_der_parse(der, i, &k, &msg), -EINVAL);
		ck_assert_ptr_nonnull(msg);
	}
	memcpy(b, der, len);
	b[len] = 0;
	ck_assert_int_eq(tcpcrypt_rsa_der_parse(b, len + 1, &k, &msg), -EINVAL);
	ck_assert_str_eq(msg, "bytes after the key");
	/* the outer length one short leaves the last integer hanging */
	b[3]--;
	ck_assert_int_eq(tcpcrypt_rsa_der_parse(b, len - 1, &k, &msg), -EINVAL);
	b[3]++;
	/* version 1 (multi-prime) */
	b[6] = 1;
	ck_assert_int_eq(tcpcrypt_rsa_der_parse(b, len, &k, &msg), -EINVAL);
	ck_assert_str_eq(msg, "not a two-prime RSAPrivateKey (version 0)");
	b[6] = 0;
	ck_assert_int_eq(tcpcrypt_rsa_der_parse(b, len, &k, &msg), 0);
	free(b);
}
END_TEST

/* Small hand-made encodings: SEQUENCE { ints... } with one defect each. */
struct der_case {
	const char *hex;
	int ret;
};

static const struct der_case der_cases[] = {
	/* valid: version 0 and eight one-byte integers */
	{ "301b 020100 020101 020103 020105 020107 020109 02010b 02010d 02010f", 0 },
	/* a sign byte before a high bit is right */
	{ "301c 020100 02020080 020103 020105 020107 020109 02010b 02010d 02010f", 0 },
	/* long-form length where the short form fits */
	{ "30811b 020100 020101 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* indefinite length */
	{ "3080 020100 020101 020103 020105 020107 020109 02010b 02010d 02010f 0000", -EINVAL },
	/* three length bytes */
	{ "3083 00001b 020100 020101 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* a padded integer */
	{ "301c 020100 02020001 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* a negative integer */
	{ "301b 020100 020181 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* an empty integer */
	{ "301a 020100 0200 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* a field missing */
	{ "3018 020100 020101 020103 020105 020107 020109 02010b 02010d", -EINVAL },
	/* a field too many (otherPrimeInfos without version 1) */
	{ "301e 020100 020101 020103 020105 020107 020109 02010b 02010d 02010f 020111", -EINVAL },
	/* not an INTEGER */
	{ "301b 020100 030101 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* an integer longer than what is left of the sequence */
	{ "301b 020100 020101 020103 020105 020107 020109 02010b 02010d 02020f", -EINVAL },
	/* not a SEQUENCE */
	{ "311b 020100 020101 020103 020105 020107 020109 02010b 02010d 02010f", -EINVAL },
	/* empty input, and a header only */
	{ "", -EINVAL },
	{ "30", -EINVAL },
	{ "3000", -EINVAL },
};

START_TEST(der_cases_test)
{
	const struct der_case *dc = &der_cases[_i];
	struct tcpcrypt_rsa_der k;
	const char *msg = NULL;
	u8 b[64];
	size_t n = unit_hex(b, sizeof(b), dc->hex);

	ck_assert_msg(tcpcrypt_rsa_der_parse(b, n, &k, &msg) == dc->ret,
		      "case %d (%s): %s", _i, dc->hex, msg ? msg : "accepted");
	if (!dc->ret) {
		ck_assert_uint_eq(k.n.len, 1);
		ck_assert_uint_eq(k.n.p[0], _i ? 0x80 : 0x01);
		ck_assert_uint_eq(k.qinv.p[0], 0x0f);
	}
}
END_TEST

/* tcpcryptctl's key is what rsakey.c wants: read, sizes, and in use. */
START_TEST(tcpcryptctl_key)
{
	struct tcpcrypt_pk_state st;
	struct tcpcrypt_rsa_der k;
	struct user_rsa_key *key;
	const char *msg = NULL;
	unsigned char *der;
	u8 kx[K], pms[NS], pms2[NS];
	size_t len;

	ck_assert_int_eq(tcpcryptctl_rsa_generate(&der, &len, NULL), 0);
	ck_assert_int_eq(tcpcrypt_rsa_der_parse(der, len, &k, &msg), 0);
	ck_assert_uint_eq(k.n.len, K);
	ck_assert_uint_ge(k.n.p[0], 0x80);
	ck_assert_uint_eq(k.e.len, 1);
	ck_assert_uint_eq(k.e.p[0], 3);
	ck_assert_int_eq(tcpcrypt_rsa3_check_modulus(k.n.p, k.n.len), 0);
	key = user_rsa_key_from_der(der, len);
	ck_assert_ptr_nonnull(key);
	st.key = key;
	ck_assert_int_eq(rsa->server_kx(k.n.p, k.n.len, kx, pms), 0);
	ck_assert_int_eq(rsa->client_kx(&st, kx, pms2), 0);
	ck_assert_mem_eq(pms, pms2, NS);
	user_rsa_key_free(key);
	tcpcryptctl_rsa_free(der, len);
	tcpcryptctl_rsa_free(NULL, 0);
}
END_TEST

/* Asked to stop: the prime search ends, with no key and no message. */
static unsigned int stop_asked;

static bool stop_now(void)
{
	stop_asked++;
	return true;
}

START_TEST(tcpcryptctl_key_stopped)
{
	unsigned char *der = (unsigned char *)"x";
	size_t len = 1;

	stop_asked = 0;
	ck_assert_int_eq(tcpcryptctl_rsa_generate(&der, &len, stop_now), 1);
	ck_assert_ptr_null(der);
	ck_assert_uint_eq(len, 0);
	/* The search asked at its first step, not only after it. */
	ck_assert_uint_ge(stop_asked, 2);
	tcpcryptctl_rsa_free(der, len);
}
END_TEST

Suite *rsa_suite(void)
{
	Suite *s = suite_create("rsa");
	TCase *tc = tcase_create("oaep");
	TCase *td = tcase_create("der");

	/* RSA-4096 key generation takes a second or more. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sha1_vectors);
	tcase_add_test(tc, oaep_known_answer);
	tcase_add_loop_test(tc, oaep_interop, 0, 2);
	tcase_add_loop_test(tc, oaep_decode_rejects, 0, BAD_NUM);
	tcase_add_test(tc, oaep_openssl_variants);
	tcase_add_test(tc, oaep_wrong_key);
	tcase_add_test(tc, oaep_sizes);
	tcase_add_test(tc, oaep_sha1_failure);
	tcase_add_test(tc, server_kx_failure);
	tcase_add_test(tc, client_key_small);
	tcase_add_test(tc, modulus_rules);
	tcase_add_test(tc, init_sizes);
	tcase_add_test(tc, capture_rsa);
	tcase_add_test(tc, tcpcryptctl_key);
	tcase_add_test(tc, tcpcryptctl_key_stopped);
	suite_add_tcase(s, tc);
	tcase_add_test(td, der_testkey);
	tcase_add_loop_test(td, der_cases_test, 0, ARRAY_SIZE(der_cases));
	suite_add_tcase(s, td);
	return s;
}
