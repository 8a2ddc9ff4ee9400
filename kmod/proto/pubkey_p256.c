// SPDX-License-Identifier: GPL-2.0
/*
 * ECDHE over NIST P-256, spec 0x000200 (v0.2). Public keys travel as
 * uncompressed points, the PMS is the shared point's X coordinate.
 * The kernel backend sleeps here: callers use process context.
 */
#include "pubkey.h"
#include "crypto.h"

#define P256_NS_LEN	32
#define P256_KX_LEN	(1 + P256_NS_LEN + TCPCRYPT_P256_PUB_LEN)

static int tcpcrypt_p256_check_point(const u8 *ckey, size_t len)
{
	/* Only the uncompressed form is defined by v0.2. */
	if (len != TCPCRYPT_P256_PUB_LEN || ckey[0] != 0x04)
		return -EBADMSG;
	return 0;
}

static int tcpcrypt_p256_check_kx(const u8 *kx, size_t len)
{
	int ret = tcpcrypt_ecdhe_check_kx(kx, len);

	if (ret)
		return ret;
	return tcpcrypt_p256_check_point(kx + 1 + P256_NS_LEN,
					 len - 1 - P256_NS_LEN);
}

static int tcpcrypt_p256_client_key(struct tcpcrypt_pk_state *st, u8 *ckey,
				    size_t room)
{
	int ret;

	if (room < TCPCRYPT_P256_PUB_LEN)
		return -ENOSPC;
	ret = tcpcrypt_p256_keygen(st->priv, ckey);
	return ret ? ret : TCPCRYPT_P256_PUB_LEN;
}

static int tcpcrypt_p256_server_kx(const u8 *ckey, size_t ckey_len, u8 *kx,
				   u8 *pms)
{
	u8 priv[TCPCRYPT_P256_PRIV_LEN];
	int ret;

	ret = tcpcrypt_p256_check_point(ckey, ckey_len);
	if (ret)
		return ret;
	kx[0] = TCPCRYPT_ECDHE_NS_MARK;
	tcpcrypt_random(kx + 1, P256_NS_LEN);
	ret = tcpcrypt_p256_keygen(priv, kx + 1 + P256_NS_LEN);
	if (!ret)
		ret = tcpcrypt_p256_ecdh(pms, priv, ckey);
	tcpcrypt_wipe(priv, sizeof(priv));
	return ret;
}

static int tcpcrypt_p256_client_kx(const struct tcpcrypt_pk_state *st,
				   const u8 *kx, u8 *pms)
{
	return tcpcrypt_p256_ecdh(pms, st->priv, kx + 1 + P256_NS_LEN);
}

const struct tcpcrypt_pubkey_ops tcpcrypt_pubkey_p256 = {
	.spec		= TCPCRYPT_PK_P256,
	.name		= "p256",
	.nc_len		= TCPCRYPT_NONCE_C_LEN,
	.ns_len		= P256_NS_LEN,
	.ckey_min	= TCPCRYPT_P256_PUB_LEN,
	.ckey_max	= TCPCRYPT_P256_PUB_LEN,
	.kx_len		= P256_KX_LEN,
	.pms_len	= TCPCRYPT_P256_SS_LEN,
	.may_sleep	= true,
	.check_ckey	= tcpcrypt_p256_check_point,
	.check_kx	= tcpcrypt_p256_check_kx,
	.client_key	= tcpcrypt_p256_client_key,
	.server_kx	= tcpcrypt_p256_server_kx,
	.client_kx	= tcpcrypt_p256_client_kx,
};
