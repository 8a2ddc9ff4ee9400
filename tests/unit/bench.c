// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace benchmark of the protocol core on the OpenSSL backend:
 * seal+open per byte for each suite on 1448-byte segments, one key
 * schedule, and the raw primitives measured in the same run so that the
 * overhead over them is visible.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <openssl/evp.h>

#include "../../kmod/proto/crypto.h"
#include "../../kmod/proto/suite.h"
#include "../../kmod/proto/keysched.h"
#include "../../kmod/proto/pubkey.h"
#include "../../kmod/proto/kat.h"
#include "../../kmod/proto/rsa_testkey.h"
#include "crypto_user.h"

#define SEG	1448
#define MIN_NS	300000000.0	/* run each measurement at least 0.3 s */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static u8 buf[SEG], opts[32], tag[16];
static struct tcpcrypt_dir_key tx, rx;
static struct tcpcrypt_hmac_ctx hctx;
static struct tcpcrypt_aes_ctx actx;
static const struct tcpcrypt_kat_capture *cap;
static u32 seq;
static struct user_rsa_key *rsakey;
static u8 rsa_n[TCPCRYPT_RSA_MAX_LEN], rsa_kx[TCPCRYPT_RSA_MAX_LEN];

/* Runs fn until MIN_NS have passed; returns ns per call. */
static double measure(void (*fn)(void))
{
	unsigned long n = 0, batch = 1;
	double t0 = now_ns(), t;

	do {
		unsigned long i;

		for (i = 0; i < batch; i++)
			fn();
		n += batch;
		batch *= 2;
		t = now_ns() - t0;
	} while (t < MIN_NS);
	return t / n;
}

static void do_aes_block(void)
{
	tcpcrypt_aes128_encrypt(&actx, buf, buf, 1);
}

static void do_aes_ecb(void)
{
	tcpcrypt_aes128_encrypt(&actx, buf, buf, SEG / 16);
}

static void do_aes_ctr_evp(void)
{
	static EVP_CIPHER_CTX *c;
	static const u8 key[16], iv[16];
	int outl;

	if (!c) {
		c = EVP_CIPHER_CTX_new();
		EVP_EncryptInit_ex(c, EVP_aes_128_ctr(), NULL, key, iv);
	}
	EVP_EncryptUpdate(c, buf, &outl, buf, SEG);
}

static void do_chacha(void)
{
	static const u8 key[32], iv[16];

	tcpcrypt_chacha20_xor(key, iv, buf, SEG);
}

static void do_poly(void)
{
	static const u8 r[16] = { 1 };
	struct tcpcrypt_kvec v = { buf, SEG };
	u8 out[16];

	tcpcrypt_poly1305_vec(r, &v, 1, out);
}

static void do_hmac(void)
{
	struct tcpcrypt_kvec v = { buf, SEG };
	u8 out[32];

	tcpcrypt_hmac_vec(&hctx, &v, 1, out);
}

static void do_seal_open(void)
{
	struct tcpcrypt_wireseg s = {
		.seq = seq, .ack = 1, .tcp_len = 52 + SEG, .doff = 13,
		.flags = 0x10, .opts = opts, .opts_len = 32,
		.data = buf, .len = SEG,
	};

	if (tcpcrypt_seal(&tx, &s, tag) || tcpcrypt_open(&rx, &s, tag))
		abort();
	seq += SEG;
}

static void do_keysched(void)
{
	struct tcpcrypt_transcript t = {
		.nc = cap->nc, .nc_len = cap->nc_len,
		.pkconf = cap->pkconf, .npk = cap->npk,
		.init1 = cap->init1, .init1_len = cap->init1_len,
		.init2 = cap->init2, .init2_len = cap->init2_len,
		.pms = cap->pms, .pms_len = cap->pms_len,
	};
	struct tcpcrypt_dir_key a, b;
	struct tcpcrypt_session s;
	u8 ss[32];

	if (tcpcrypt_ss(&t, ss) || tcpcrypt_session_derive(ss, 0, &s) ||
	    tcpcrypt_conn_keys(&a, &b, cap->sym, &s, true, 1, 2))
		abort();
	tcpcrypt_dir_key_clear(&a);
	tcpcrypt_dir_key_clear(&b);
}

static void do_x25519(void)
{
	u8 priv[32], pub[32], ss[32];

	if (tcpcrypt_x25519_keygen(priv, pub) || tcpcrypt_x25519(ss, priv, pub))
		abort();
}

static void do_p256(void)
{
	u8 priv[32], pub[65], ss[32];

	if (tcpcrypt_p256_keygen(priv, pub) || tcpcrypt_p256_ecdh(ss, priv, pub))
		abort();
}

/* The test key, and its modulus as INIT1 would carry it. */
static void rsa_setup(void)
{
	struct tcpcrypt_pk_state st;

	rsakey = user_rsa_key_from_der(tcpcrypt_test_rsa_der,
				       sizeof(tcpcrypt_test_rsa_der));
	st.key = rsakey;
	if (!rsakey || tcpcrypt_pubkey_rsa3.client_key(&st, rsa_n, sizeof(rsa_n)) !=
	    (int)sizeof(rsa_n))
		abort();
}

/* OAEP-RSA-3 server: N_S, OAEP, m^3 mod n (EVP key built per call). */
static void do_rsa_server(void)
{
	u8 pms[48];

	if (tcpcrypt_pubkey_rsa3.server_kx(rsa_n, sizeof(rsa_n), rsa_kx, pms))
		abort();
}

/* OAEP-RSA-3 client: RSA-4096 decryption (CRT) and OAEP decoding. */
static void do_rsa_client(void)
{
	struct tcpcrypt_pk_state st = { .key = rsakey };
	u8 pms[48];

	if (tcpcrypt_pubkey_rsa3.client_kx(&st, rsa_kx, pms))
		abort();
}

int main(void)
{
	static const u32 suites[] = {
		TCPCRYPT_SYM_AES128_HMAC, TCPCRYPT_SYM_CHACHA20_HMAC,
		TCPCRYPT_SYM_AES128_POLY, TCPCRYPT_SYM_CHACHA20_POLY
	};
	struct tcpcrypt_dir_secrets d;
	double hmac, t;
	unsigned int i;
	u8 key[32] = { 1 };

	memset(buf, 0x61, sizeof(buf));
	memcpy(opts, "\x01\x01\x08\x0a\0\0\0\1\0\0\0\2\x46\x12", 14);
	if (tcpcrypt_hmac_setkey(&hctx, key, 32) || tcpcrypt_aes128_setkey(&actx, key))
		abort();
	cap = tcpcrypt_kat_capture_get(0);

	printf("primitives (OpenSSL backend, %d-byte buffers):\n", SEG);
	t = measure(do_aes_block);
	printf("  AES-128 one block call      %8.2f ns/byte\n", t / 16);
	t = measure(do_aes_ecb);
	printf("  AES-128 blocks (batch)      %8.2f ns/byte\n", t / SEG);
	t = measure(do_aes_ctr_evp);
	printf("  AES-128-CTR (EVP, ref)      %8.2f ns/byte\n", t / SEG);
	t = measure(do_chacha);
	printf("  ChaCha20                    %8.2f ns/byte\n", t / SEG);
	hmac = measure(do_hmac);
	printf("  HMAC-SHA256 (keyed)         %8.2f ns/byte\n", hmac / SEG);
	t = measure(do_poly);
	printf("  Poly1305 hash (portable C)  %8.2f ns/byte\n", t / SEG);

	printf("suites, seal+open of one %d-byte segment (= 2 x (cipher + MAC)):\n",
	       SEG);
	for (i = 0; i < ARRAY_SIZE(suites); i++) {
		memset(&d, 0x33 + i, sizeof(d));
		if (tcpcrypt_dir_key_init(&tx, suites[i], &d, 7, 9) ||
		    tcpcrypt_dir_key_init(&rx, suites[i], &d, 7, 9))
			abort();
		seq = 8;
		t = measure(do_seal_open);
		printf("  %-26s %8.2f ns/byte  (%.0f ns/segment, %.2f ns/byte per direction)\n",
		       tx.ops->name, t / SEG, t, t / SEG / 2);
		tcpcrypt_dir_key_clear(&tx);
		tcpcrypt_dir_key_clear(&rx);
	}

	printf("handshake:\n");
	t = measure(do_keysched);
	printf("  key schedule (ss..both directions, %s transcript) %8.0f ns\n",
	       cap->name, t);
	t = measure(do_x25519);
	printf("  X25519 keygen + shared secret  %8.0f ns\n", t);
	t = measure(do_p256);
	printf("  P-256 keygen + shared secret   %8.0f ns\n", t);
	rsa_setup();
	t = measure(do_rsa_server);
	printf("  OAEP-RSA-3 4096 server (encrypt) %8.0f ns\n", t);
	t = measure(do_rsa_client);
	printf("  OAEP-RSA-3 4096 client (decrypt) %8.0f ns\n", t);
	user_rsa_key_free(rsakey);
	tcpcrypt_hmac_clear(&hctx);
	tcpcrypt_aes128_clear(&actx);
	return 0;
}
