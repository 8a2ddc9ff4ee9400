// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the OAEP-RSA-3 pieces that see untrusted bytes. The
 * DER RSAPrivateKey reader (fields must lie inside the input and end it),
 * the OAEP decoder on an arbitrary encoded message (whatever it accepts
 * must encode back to the same bytes from the seed it recovered), and the
 * INIT1 modulus rule.
 */
#include <stdlib.h>
#include "rsa.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static void check_field(const struct tcpcrypt_der_uint *f, const u8 *data,
			size_t size)
{
	if (!f->len || f->p < data || f->p + f->len > data + size)
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

	(void)tcpcrypt_rsa3_check_modulus(data, size);

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
