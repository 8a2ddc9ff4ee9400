// SPDX-License-Identifier: GPL-2.0
/*
 * ECDHE over X25519, this project's spec 0x000300. Same INIT2 layout as
 * the v0.2 ECDHE ciphers with 32-byte public keys. An all-zero shared
 * secret (small-order peer point) is refused.
 */
#include "pubkey.h"
#include "crypto.h"

#define X25519_NS_LEN	32
#define X25519_KX_LEN	(1 + X25519_NS_LEN + TCPCRYPT_X25519_LEN)

static int tcpcrypt_x25519_client_key(struct tcpcrypt_pk_state *st, u8 *ckey,
				      size_t room)
{
	int ret;

	if (room < TCPCRYPT_X25519_LEN)
		return -ENOSPC;
	ret = tcpcrypt_x25519_keygen(st->priv, ckey);
	return ret ? ret : TCPCRYPT_X25519_LEN;
}

static int tcpcrypt_x25519_server_kx(const u8 *ckey, size_t ckey_len, u8 *kx,
				     u8 *pms)
{
	u8 priv[TCPCRYPT_X25519_LEN];
	int ret;

	if (ckey_len != TCPCRYPT_X25519_LEN)
		return -EBADMSG;
	kx[0] = TCPCRYPT_ECDHE_NS_MARK;
	tcpcrypt_random(kx + 1, X25519_NS_LEN);
	ret = tcpcrypt_x25519_keygen(priv, kx + 1 + X25519_NS_LEN);
	if (!ret)
		ret = tcpcrypt_x25519(pms, priv, ckey);
	tcpcrypt_wipe(priv, sizeof(priv));
	return ret;
}

static int tcpcrypt_x25519_client_kx(const struct tcpcrypt_pk_state *st,
				     const u8 *kx, u8 *pms)
{
	return tcpcrypt_x25519(pms, st->priv, kx + 1 + X25519_NS_LEN);
}

const struct tcpcrypt_pubkey_ops tcpcrypt_pubkey_x25519 = {
	.spec		= TCPCRYPT_PK_X25519,
	.name		= "x25519",
	.nc_len		= TCPCRYPT_NONCE_C_LEN,
	.ns_len		= X25519_NS_LEN,
	.ckey_min	= TCPCRYPT_X25519_LEN,
	.ckey_max	= TCPCRYPT_X25519_LEN,
	.kx_len		= X25519_KX_LEN,
	.pms_len	= TCPCRYPT_X25519_LEN,
	.may_sleep	= false,
	.check_kx	= tcpcrypt_ecdhe_check_kx,
	.client_key	= tcpcrypt_x25519_client_key,
	.server_kx	= tcpcrypt_x25519_server_kx,
	.client_kx	= tcpcrypt_x25519_client_kx,
};
