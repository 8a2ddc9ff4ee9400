// SPDX-License-Identifier: GPL-2.0
/*
 * INIT1 / INIT2 codecs with the receiver checks of tcpcrypt v0.2.
 */
#include "init_msg.h"

int tcpcrypt_init1_parse(const u8 *buf, size_t len, struct tcpcrypt_init1 *m)
{
	const struct tcpcrypt_pubkey_ops *pk;
	size_t fixed, nc_len;
	int ret;

	memset(m, 0, sizeof(*m));
	if (len < TCPCRYPT_INIT1_HDR_LEN)
		return -EBADMSG;
	if (tcpcrypt_get_be32(buf + TCPCRYPT_INIT1_OFF_MAGIC) !=
	    TCPCRYPT_INIT1_MAGIC)
		return -EPROTO;
	m->len = tcpcrypt_get_be32(buf + TCPCRYPT_INIT1_OFF_LEN);
	if (m->len != len)
		return -EBADMSG;
	/* z0 and z1 are hashed as received, their values are ignored. */
	m->pkspec = tcpcrypt_get_be24(buf + TCPCRYPT_INIT1_OFF_PKSPEC);
	m->nsym = tcpcrypt_get_be16(buf + TCPCRYPT_INIT1_OFF_NSYM);
	if (!m->nsym || m->nsym > TCPCRYPT_SYM_MAX)
		return -EBADMSG;
	pk = tcpcrypt_pubkey_find(m->pkspec);
	nc_len = pk ? pk->nc_len : TCPCRYPT_NONCE_C_LEN;
	fixed = TCPCRYPT_INIT1_HDR_LEN + 4 * (size_t)m->nsym + nc_len;
	/* The client key must be present and at most 512 bytes (v0.2). */
	if (len <= fixed || len - fixed > TCPCRYPT_INIT_KEY_MAX)
		return -EBADMSG;
	m->sym = buf + TCPCRYPT_INIT1_OFF_SYM;
	m->nc = m->sym + 4 * (size_t)m->nsym;
	m->nc_len = nc_len;
	m->ckey = m->nc + nc_len;
	m->ckey_len = len - fixed;
	if (pk) {
		if (m->ckey_len < pk->ckey_min || m->ckey_len > pk->ckey_max)
			return -EBADMSG;
		if (pk->check_ckey) {
			ret = pk->check_ckey(m->ckey, m->ckey_len);
			if (ret)
				return ret;
		}
	}
	m->pk = pk;
	return 0;
}

int tcpcrypt_init1_build(u8 *buf, size_t buflen, u32 pkspec, const u32 *sym,
			 unsigned int nsym, const u8 *nc, size_t nc_len,
			 const u8 *ckey, size_t ckey_len)
{
	size_t total, i;
	u8 *p;

	if (!nsym || nsym > TCPCRYPT_SYM_MAX || !nc_len ||
	    nc_len > TCPCRYPT_NONCE_MAX || !ckey_len ||
	    ckey_len > TCPCRYPT_INIT_KEY_MAX || pkspec > 0xffffff)
		return -EINVAL;
	total = TCPCRYPT_INIT1_HDR_LEN + 4 * nsym + nc_len + ckey_len;
	if (total > buflen)
		return -ENOSPC;
	tcpcrypt_put_be32(buf + TCPCRYPT_INIT1_OFF_MAGIC, TCPCRYPT_INIT1_MAGIC);
	tcpcrypt_put_be32(buf + TCPCRYPT_INIT1_OFF_LEN, total);
	buf[TCPCRYPT_INIT1_OFF_Z0] = 0;
	tcpcrypt_put_be24(buf + TCPCRYPT_INIT1_OFF_PKSPEC, pkspec);
	tcpcrypt_put_be16(buf + TCPCRYPT_INIT1_OFF_Z1, 0);
	tcpcrypt_put_be16(buf + TCPCRYPT_INIT1_OFF_NSYM, nsym);
	p = buf + TCPCRYPT_INIT1_OFF_SYM;
	for (i = 0; i < nsym; i++, p += 4)
		tcpcrypt_put_be32(p, sym[i]);
	memcpy(p, nc, nc_len);
	memcpy(p + nc_len, ckey, ckey_len);
	return total;
}

int tcpcrypt_init2_parse(const u8 *buf, size_t len,
			 const struct tcpcrypt_pubkey_ops *pk,
			 struct tcpcrypt_init2 *m)
{
	int ret;

	memset(m, 0, sizeof(*m));
	if (len < TCPCRYPT_INIT2_HDR_LEN)
		return -EBADMSG;
	if (tcpcrypt_get_be32(buf + TCPCRYPT_INIT2_OFF_MAGIC) !=
	    TCPCRYPT_INIT2_MAGIC)
		return -EPROTO;
	m->len = tcpcrypt_get_be32(buf + TCPCRYPT_INIT2_OFF_LEN);
	if (m->len != len)
		return -EBADMSG;
	m->sym = tcpcrypt_get_be32(buf + TCPCRYPT_INIT2_OFF_SYM);
	m->kx = buf + TCPCRYPT_INIT2_OFF_KX;
	m->kx_len = len - TCPCRYPT_INIT2_HDR_LEN;
	if (!m->kx_len)
		return -EBADMSG;
	if (pk) {
		if (m->kx_len != pk->kx_len)
			return -EBADMSG;
		if (pk->check_kx) {
			ret = pk->check_kx(m->kx, m->kx_len);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int tcpcrypt_init2_build(u8 *buf, size_t buflen, u32 sym, const u8 *kx,
			 size_t kx_len)
{
	size_t total = TCPCRYPT_INIT2_HDR_LEN + kx_len;

	if (!kx_len || kx_len > 0xffff)
		return -EINVAL;
	if (total > buflen)
		return -ENOSPC;
	tcpcrypt_put_be32(buf + TCPCRYPT_INIT2_OFF_MAGIC, TCPCRYPT_INIT2_MAGIC);
	tcpcrypt_put_be32(buf + TCPCRYPT_INIT2_OFF_LEN, total);
	tcpcrypt_put_be32(buf + TCPCRYPT_INIT2_OFF_SYM, sym);
	memcpy(buf + TCPCRYPT_INIT2_OFF_KX, kx, kx_len);
	return total;
}

u32 tcpcrypt_init1_choose_sym(const struct tcpcrypt_init1 *m, const u32 *local,
			      unsigned int nlocal)
{
	unsigned int i, j;

	for (i = 0; i < m->nsym; i++) {
		u32 id = tcpcrypt_init1_sym(m, i);

		for (j = 0; j < nlocal; j++) {
			if (local[j] == id)
				return id;
		}
	}
	return 0;
}

u32 tcpcrypt_init1_prefer_sym(const struct tcpcrypt_init1 *m, const u32 *local,
			      unsigned int nlocal)
{
	unsigned int i, j;

	for (j = 0; j < nlocal; j++) {
		for (i = 0; i < m->nsym; i++) {
			if (tcpcrypt_init1_sym(m, i) == local[j])
				return local[j];
		}
	}
	return 0;
}
