// SPDX-License-Identifier: GPL-2.0
/*
 * Writes seed corpora from the known-answer vectors: real TCP segments
 * and option areas, INIT1/INIT2 messages, CRYPT option bodies, and for
 * OAEP-RSA-3 a DER RSAPrivateKey, a valid OAEP encoding and moduli.
 */
#include <stdio.h>
#include <stdlib.h>
#include "kat.h"
#include "tcpopt.h"
#include "rsa.h"
#include "init_msg.h"
#include "rsa_testkey.h"
#include "vectors_rsa.h"
#include "vectors_poly.h"

static void put(const char *dir, const char *name, unsigned int i,
		const u8 *pre, size_t plen, const u8 *p, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s-%u", dir, name, i);
	f = fopen(path, "wb");
	if (!f || (plen && fwrite(pre, 1, plen, f) != plen) ||
	    (len && fwrite(p, 1, len, f) != len)) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	static const char *const bodies[] = {
		"", "\x02", "\x41\x0b\x00\x02\x00\x00\x01\x00\x00\x02\x01",
		"\x84\x01\x02\x03\x04\x05\x06\x07\x08\x09", "\x83\x00\x00\x00\x00\x01",
		"\x07", "\x08\x3f\x7f\x03\xaa",
	};
	static const size_t blen[] = { 0, 1, 11, 10, 6, 1, 5 };
	const struct tcpcrypt_kat_capture *c;
	unsigned int i, j, n = 0;
	u8 sel;

	u8 em[sizeof(kat_rsa_n)];

	if (argc != 5) {
		fprintf(stderr, "usage: %s tcpopt-dir init-dir seg-dir rsa-dir\n",
			argv[0]);
		return 2;
	}
	put(argv[4], "der", 0, NULL, 0, tcpcrypt_test_rsa_der,
	    sizeof(tcpcrypt_test_rsa_der));
	put(argv[4], "modulus", 0, NULL, 0, kat_rsa_n, sizeof(kat_rsa_n));
	put(argv[4], "ciphertext", 0, NULL, 0, kat_rsa_c, sizeof(kat_rsa_c));
	if (tcpcrypt_oaep_encode(em, sizeof(em), kat_rsa_ns, sizeof(kat_rsa_ns),
				 kat_rsa_seed))
		return 1;
	put(argv[4], "em", 0, NULL, 0, em, sizeof(em));
	/* the smallest encoding that holds N_S */
	if (tcpcrypt_oaep_encode(em, TCPCRYPT_OAEP_OVERHEAD + sizeof(kat_rsa_ns),
				 kat_rsa_ns, sizeof(kat_rsa_ns), kat_rsa_seed))
		return 1;
	put(argv[4], "em", 1, NULL, 0, em,
	    TCPCRYPT_OAEP_OVERHEAD + sizeof(kat_rsa_ns));
	for (i = 0; i < ARRAY_SIZE(bodies); i++)
		put(argv[1], "body", i, NULL, 0, (const u8 *)bodies[i], blen[i]);
	for (i = 0; (c = tcpcrypt_kat_capture_get(i)); i++) {
		for (j = 0; j < c->nsegs; j++, n++) {
			const struct tcpcrypt_kat_seg *s = &c->segs[j];
			size_t hl = (s->tcp[12] >> 4) * 4;

			put(argv[1], "seg", n, NULL, 0, s->tcp, hl);
			put(argv[1], "opts", n, NULL, 0, s->tcp + 20, hl - 20);
			put(argv[3], "seg", n, NULL, 0, s->tcp, s->tcp_len);
		}
		if (!c->real)
			continue;
		for (sel = 0; sel < 4; sel++) {
			put(argv[2], "init1", i * 4 + sel, &sel, 1, c->init1,
			    c->init1_len);
			put(argv[2], "init2", i * 4 + sel, &sel, 1, c->init2,
			    c->init2_len);
		}
	}
	/* Segments of the Poly1305 suites, under fuzz_seg's keys for them */
	for (j = 0; j < ARRAY_SIZE(kat_poly_aes_segs); j++) {
		put(argv[3], "poly-aes", j, NULL, 0, kat_poly_aes_segs[j].tcp,
		    kat_poly_aes_segs[j].tcp_len);
		put(argv[3], "poly-chacha", j, NULL, 0,
		    kat_poly_chacha_segs[j].tcp, kat_poly_chacha_segs[j].tcp_len);
	}
	/* An INIT2 header alone, its length field right: no key exchange. */
	{
		u8 hdr[1 + TCPCRYPT_INIT2_HDR_LEN] = { 0 };

		tcpcrypt_put_be32(hdr + 1 + TCPCRYPT_INIT2_OFF_MAGIC,
				  TCPCRYPT_INIT2_MAGIC);
		tcpcrypt_put_be32(hdr + 1 + TCPCRYPT_INIT2_OFF_LEN,
				  TCPCRYPT_INIT2_HDR_LEN);
		put(argv[2], "init2-empty", 0, NULL, 0, hdr, sizeof(hdr));
	}
	return 0;
}
