// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: INIT1 / INIT2 parsers. The first input byte picks
 * the public-key cipher the INIT2 parser is told about; accepted INIT1s
 * must rebuild to the same bytes (reserved fields aside).
 */
#include <stdlib.h>
#include "init_msg.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
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
	}
	data++;
	size--;
	if (tcpcrypt_init1_parse(data, size, &m1))
		return 0;
	if (m1.ckey + m1.ckey_len != data + size || !m1.nsym ||
	    m1.nsym > TCPCRYPT_SYM_MAX)
		abort();
	for (i = 0; i < m1.nsym; i++)
		syms[i] = tcpcrypt_init1_sym(&m1, i);
	n = tcpcrypt_init1_build(buf, sizeof(buf), m1.pkspec, syms, m1.nsym,
				 m1.nc, m1.nc_len, m1.ckey, m1.ckey_len);
	if (n != (int)size || memcmp(buf, data, 8) ||
	    memcmp(buf + 9, data + 9, 3) || memcmp(buf + 14, data + 14, size - 14))
		abort();
	return 0;
}
