// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the OAEP-RSA-3 pieces that see untrusted bytes. The
 * DER RSAPrivateKey reader (fields must lie inside the input and end it),
 * the OAEP decoder on an arbitrary encoded message (whatever it accepts
 * must encode back to the same bytes from the seed it recovered), the
 * INIT1 modulus rule, and both ends of the key exchange: the server's on
 * an INIT1 modulus that passes the rule, the client's (under the test key
 * of rsa_testkey.h) on a 512-byte INIT2 field, whose private-key operation
 * is slow enough to be kept to that one length.
 */
#include <stdlib.h>
#include "rsa.h"
#include "pubkey.h"
#include "rsa_testkey.h"
#include "vectors_rsa.h"
#include "../unit/crypto_user.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static void check_field(const struct tcpcrypt_der_uint *f, const u8 *data,
			size_t size)
{
	if (!f->len || f->p < data || f->p + f->len > data + size)
		abort();
}

/*
 * The server refuses a modulus the INIT1 rule refuses, and encrypts to
 * any other.
 */
static void check_server_kx(const u8 *data, size_t size)
{
	u8 kx[TCPCRYPT_RSA3_KX_LEN], pms[TCPCRYPT_RSA3_NS_LEN];
	const u8 *n = data;
	size_t i, k;
	int ret;

	memset(kx, 0xa5, sizeof(kx));
	ret = tcpcrypt_pubkey_rsa3.server_kx(data, size, kx, pms);
	if (tcpcrypt_rsa3_check_modulus(data, size)) {
		if (!ret)
			abort();
		return;
	}
	k = tcpcrypt_rsa3_strip(&n, size);
	/* Past the k-byte ciphertext the field is zeros, never stack bytes. */
	for (i = k; i < sizeof(kx); i++) {
		if (kx[i])
			abort();
	}
}

/* The client decrypts any INIT2 field; the known answer must come out. */
static void check_client_kx(const u8 *data, size_t size)
{
	static struct user_rsa_key *key;
	struct tcpcrypt_pk_state st = { .key = NULL };
	u8 pms[TCPCRYPT_RSA3_NS_LEN];
	int ret;

	if (size != TCPCRYPT_RSA3_KX_LEN)
		return;
	if (!key) {
		key = user_rsa_key_from_der(tcpcrypt_test_rsa_der,
					    sizeof(tcpcrypt_test_rsa_der));
		if (!key)
			abort();
	}
	st.key = key;
	ret = tcpcrypt_pubkey_rsa3.client_kx(&st, data, pms);
	if (ret && ret != -EBADMSG && ret != -EINVAL)
		abort();
	if (!memcmp(data, kat_rsa_c, sizeof(kat_rsa_c)) &&
	    (ret || memcmp(pms, kat_rsa_ns, sizeof(pms))))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 em[TCPCRYPT_RSA_MAX_LEN], em2[TCPCRYPT_RSA_MAX_LEN];
	u8 ns[TCPCRYPT_RSA3_NS_LEN];
	struct tcpcrypt_rsa_der k;
	const char *msg = NULL;
	size_t i, kl;
	int ret;

	ret = tcpcrypt_rsa_der_parse(data, size, &k, &msg);
	if (ret && !msg)
		abort();
	if (!ret) {
		const struct tcpcrypt_der_uint *fields[] = {
			&k.n, &k.e, &k.d, &k.p, &k.q, &k.dp, &k.dq, &k.qinv,
		};

		for (i = 0; i < ARRAY_SIZE(fields); i++)
			check_field(fields[i], data, size);
		if (k.qinv.p + k.qinv.len != data + size)
			abort();
	}

	check_server_kx(data, size);
	check_client_kx(data, size);

	kl = size < sizeof(em) ? size : sizeof(em);
	memcpy(em, data, kl);
	if (!tcpcrypt_oaep_decode(em, kl, ns, sizeof(ns))) {
		/* em now holds the seed at em + 1: encode again from it. */
		if (tcpcrypt_oaep_encode(em2, kl, ns, sizeof(ns), em + 1) ||
		    memcmp(em2, data, kl))
			abort();
	}
	return 0;
}
