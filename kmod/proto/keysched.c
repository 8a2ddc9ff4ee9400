// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcrypt v0.2 key schedule (HKDF-SHA256, 32-byte outputs).
 */
#include "keysched.h"
#include "crypto.h"

int tcpcrypt_expand(const u8 prk[TCPCRYPT_KEY_LEN], const u8 *info,
		    size_t info_len, u8 out[TCPCRYPT_KEY_LEN])
{
	static const u8 one = 0x01;
	struct tcpcrypt_hmac_ctx h;
	struct tcpcrypt_kvec v[2] = {
		{ info, info_len },
		{ &one, 1 },
	};
	int ret;

	ret = tcpcrypt_hmac_setkey(&h, prk, TCPCRYPT_KEY_LEN);
	if (ret)
		return ret;
	tcpcrypt_hmac_vec(&h, v, ARRAY_SIZE(v), out);
	tcpcrypt_hmac_clear(&h);
	return 0;
}

int tcpcrypt_ss(const struct tcpcrypt_transcript *t, u8 ss[TCPCRYPT_KEY_LEN])
{
	struct tcpcrypt_hmac_ctx h;
	struct tcpcrypt_kvec v[5] = {
		{ &t->npk, 1 },
		{ t->pkconf, (size_t)t->npk * TCPCRYPT_PKSPEC_LEN },
		{ t->init1, t->init1_len },
		{ t->init2, t->init2_len },
		{ t->pms, t->pms_len },
	};
	int ret;

	/* HKDF-Extract with the client nonce as salt. */
	ret = tcpcrypt_hmac_setkey(&h, t->nc, t->nc_len);
	if (ret)
		return ret;
	tcpcrypt_hmac_vec(&h, v, ARRAY_SIZE(v), ss);
	tcpcrypt_hmac_clear(&h);
	return 0;
}

int tcpcrypt_session_derive(const u8 prk[TCPCRYPT_KEY_LEN], u8 app,
			    struct tcpcrypt_session *s)
{
	const u8 sid_info = TCPCRYPT_CONST_SESSID;
	const u8 nk_info = TCPCRYPT_CONST_NEXTK;
	const u8 mk_info[2] = { TCPCRYPT_CONST_REKEY, app };
	int ret;

	s->app = app;
	ret = tcpcrypt_expand(prk, &sid_info, 1, s->sid);
	if (!ret)
		ret = tcpcrypt_expand(prk, mk_info, sizeof(mk_info), s->mk);
	if (!ret)
		ret = tcpcrypt_expand(prk, &nk_info, 1, s->nk);
	return ret;
}

int tcpcrypt_session_next(const struct tcpcrypt_session *cur,
			  struct tcpcrypt_session *next)
{
	/* The chain keeps the first session's app byte (v0.2 section 6.1). */
	return tcpcrypt_session_derive(cur->nk, cur->app, next);
}

int tcpcrypt_dir_derive(const u8 mk[TCPCRYPT_KEY_LEN], bool server,
			struct tcpcrypt_dir_secrets *d)
{
	const u8 k_info = server ? TCPCRYPT_CONST_KEY_S : TCPCRYPT_CONST_KEY_C;
	const u8 enc_info = TCPCRYPT_CONST_KEY_ENC;
	const u8 mac_info = TCPCRYPT_CONST_KEY_MAC;
	const u8 ack_info = TCPCRYPT_CONST_KEY_ACK;
	int ret;

	ret = tcpcrypt_expand(mk, &k_info, 1, d->k);
	if (!ret)
		ret = tcpcrypt_expand(d->k, &enc_info, 1, d->enc);
	if (!ret)
		ret = tcpcrypt_expand(d->k, &mac_info, 1, d->mac);
	if (!ret)
		ret = tcpcrypt_expand(d->k, &ack_info, 1, d->ack);
	return ret;
}
