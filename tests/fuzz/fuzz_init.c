// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: INIT1 / INIT2 parsers. The first input byte picks
 * the public-key cipher the INIT2 parser is told about; accepted INIT1s
 * must rebuild to the same bytes (reserved fields aside), accepted INIT2s
 * exactly, and the suite choice must pick a suite both sides offer.
 */
#include <stdlib.h>
#include "init_msg.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* A suite both lists hold, or 0 when they share none. */
static void check_choice(const struct tcpcrypt_init1 *m, u32 got,
			 const u32 *local, unsigned int nlocal)
{
	unsigned int i, j;
	bool shared = false, in_local = false, in_m = false;

	for (i = 0; i < m->nsym; i++) {
		for (j = 0; j < nlocal; j++)
			shared |= tcpcrypt_init1_sym(m, i) == local[j];
		in_m |= got && tcpcrypt_init1_sym(m, i) == got;
	}
	for (j = 0; j < nlocal; j++)
		in_local |= got && local[j] == got;
	if (got ? !(in_m && in_local) : shared)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u32 local[] = {
		TCPCRYPT_SYM_CHACHA20_HMAC, TCPCRYPT_SYM_AES128_HMAC,
	};
	static const struct tcpcrypt_pubkey_ops *const pks[] = {
		NULL, &tcpcrypt_pubkey_p256, &tcpcrypt_pubkey_x25519,
		&tcpcrypt_pubkey_rsa3,
	};
	static u8 buf[1 << 16];
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m2;
	u32 syms[TCPCRYPT_SYM_MAX];
	unsigned int i;
	int n;

	if (!size)
		return 0;
	if (!tcpcrypt_init2_parse(data + 1, size - 1,
				  pks[data[0] % ARRAY_SIZE(pks)], &m2)) {
		if (m2.kx < data + 1 || m2.kx + m2.kx_len != data + size)
			abort();
		n = tcpcrypt_init2_build(buf, sizeof(buf), m2.sym, m2.kx,
					 m2.kx_len);
		/* The builder caps kx at 0xffff bytes, the parser does not. */
		if (size - 1 <= sizeof(buf) &&
		    (n != (int)size - 1 || memcmp(buf, data + 1, size - 1)))
			abort();
	}
	data++;
	size--;
	if (tcpcrypt_init1_parse(data, size, &m1))
		return 0;
	if (m1.ckey + m1.ckey_len != data + size || !m1.nsym ||
	    m1.nsym > TCPCRYPT_SYM_MAX)
		abort();
	check_choice(&m1, tcpcrypt_init1_choose_sym(&m1, local, ARRAY_SIZE(local)),
		     local, ARRAY_SIZE(local));
	check_choice(&m1, tcpcrypt_init1_prefer_sym(&m1, local, ARRAY_SIZE(local)),
		     local, ARRAY_SIZE(local));
	for (i = 0; i < m1.nsym; i++)
		syms[i] = tcpcrypt_init1_sym(&m1, i);
	n = tcpcrypt_init1_build(buf, sizeof(buf), m1.pkspec, syms, m1.nsym,
				 m1.nc, m1.nc_len, m1.ckey, m1.ckey_len);
	if (n != (int)size || memcmp(buf, data, 8) ||
	    memcmp(buf + 9, data + 9, 3) || memcmp(buf + 14, data + 14, size - 14))
		abort();
	return 0;
}
