// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a received segment through header parsing, MAC
 * option lookup and open() under fixed keys for each suite. Forged
 * input must be refused without touching the payload. The Poly1305
 * suites use the keys and ISNs of vectors_poly.h, from a fresh sequence
 * state each time, so that the seeds from those vectors verify and the
 * fuzzer reaches the accepting path too.
 */
#include <stdlib.h>
#include "tcpopt.h"
#include "suite.h"
#include "vectors_poly.h"

static void fuzz_poly_key(struct tcpcrypt_dir_key *k, u32 suite)
{
	struct tcpcrypt_dir_secrets d;

	memcpy(d.enc, kat_poly_enc, sizeof(d.enc));
	memcpy(d.mac, kat_poly_mac, sizeof(d.mac));
	memcpy(d.ack, kat_poly_ack, sizeof(d.ack));
	if (tcpcrypt_dir_key_init(k, suite, &d, KAT_POLY_ISN_SENDER,
				  KAT_POLY_ISN_PEER))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct tcpcrypt_dir_key keys[4];
	static bool ready;
	static u8 buf[1 << 16];
	struct tcpcrypt_tcphdr th;
	struct tcpcrypt_wireseg s;
	u8 tag[TCPCRYPT_TAG_LEN];
	unsigned int i;

	if (!ready) {
		struct tcpcrypt_dir_secrets d;

		memset(&d, 0x42, sizeof(d));
		if (tcpcrypt_dir_key_init(&keys[0], TCPCRYPT_SYM_AES128_HMAC, &d,
					  0x80000000u, 7) ||
		    tcpcrypt_dir_key_init(&keys[1], TCPCRYPT_SYM_CHACHA20_HMAC,
					  &d, 0x80000000u, 7))
			abort();
		fuzz_poly_key(&keys[2], TCPCRYPT_SYM_AES128_POLY);
		fuzz_poly_key(&keys[3], TCPCRYPT_SYM_CHACHA20_POLY);
		ready = true;
	}
	if (size > 0xffff || tcpcrypt_tcphdr_parse(data, size, &th))
		return 0;
	if (tcpcrypt_macopt_parse(data + th.opts_off, th.opts_len, tag))
		return 0;
	memset(&s, 0, sizeof(s));
	s.seq = th.seq;
	s.ack = th.ack;
	s.tcp_len = size;
	s.doff = th.doff;
	s.flags = th.flags;
	s.urg = th.urg;
	s.opts = data + th.opts_off;
	s.opts_len = th.opts_len;
	s.data = buf;
	s.len = th.payload_len;
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (i >= 2)
			keys[i].seq_ext = keys[i].ack_ext = 0;
		memcpy(buf, data + th.payload_off, th.payload_len);
		if (tcpcrypt_open(&keys[i], &s, tag) == 0)
			continue;	/* a forgery found by chance: not a bug here */
		if (memcmp(buf, data + th.payload_off, th.payload_len))
			abort();
	}
	return 0;
}
