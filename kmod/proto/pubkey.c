// SPDX-License-Identifier: GPL-2.0
/*
 * Public-key cipher table and helpers shared by the ECDHE ciphers.
 */
#include "pubkey.h"
#include "crypto.h"

static const struct tcpcrypt_pubkey_ops *const tcpcrypt_pubkeys[] = {
	&tcpcrypt_pubkey_p256,
	&tcpcrypt_pubkey_x25519,
	&tcpcrypt_pubkey_rsa3,
};

const struct tcpcrypt_pubkey_ops *tcpcrypt_pubkey_find(u32 spec)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tcpcrypt_pubkeys); i++) {
		if (TCPCRYPT_PK_ALGO(tcpcrypt_pubkeys[i]->spec) ==
		    TCPCRYPT_PK_ALGO(spec))
			return tcpcrypt_pubkeys[i];
	}
	return NULL;
}

const struct tcpcrypt_pubkey_ops *
tcpcrypt_pubkey_choose(const u8 *pkconf, unsigned int npk, const u32 *prefs,
		       unsigned int nprefs)
{
	unsigned int i, j;

	for (i = 0; i < nprefs; i++) {
		for (j = 0; j < npk; j++) {
			u32 spec = tcpcrypt_get_be24(pkconf +
						     j * TCPCRYPT_PKSPEC_LEN);

			if (TCPCRYPT_PK_ALGO(spec) == TCPCRYPT_PK_ALGO(prefs[i]))
				return tcpcrypt_pubkey_find(prefs[i]);
		}
	}
	return NULL;
}

void tcpcrypt_pk_state_clear(struct tcpcrypt_pk_state *st)
{
	tcpcrypt_wipe(st, sizeof(*st));
}

int tcpcrypt_ecdhe_check_kx(const u8 *kx, size_t len)
{
	if (len < 1 + 32 || kx[0] != TCPCRYPT_ECDHE_NS_MARK)
		return -EBADMSG;
	return 0;
}
