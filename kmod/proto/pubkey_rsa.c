// SPDX-License-Identifier: GPL-2.0
/*
 * OAEP-RSA-3, spec 0x000100 (wire-v02.md §2): the client sends its RSA
 * modulus (e = 3 implied) in INIT1; the server draws N_S, 48 bytes, and
 * returns it RSAES-OAEP encrypted (SHA-1, MGF1-SHA-1, empty label) in a
 * 512-byte INIT2 field; PMS = N_S. The client's private key lives outside
 * the protocol core: tcpcrypt_pk_state.key points to the backend's key
 * object, and client_key only copies its modulus into INIT1.
 *
 * Both sides may sleep here (the kernel backend's MPI code allocates), so
 * the engine runs them from its handshake workqueue.
 */
#include "pubkey.h"
#include "rsa.h"

/* SHA-1 of the empty label: lHash of RFC 8017 §7.1.1 step 2a. */
static const u8 tcpcrypt_oaep_lhash[TCPCRYPT_SHA1_LEN] = {
	0xda, 0x39, 0xa3, 0xee, 0x5e, 0x6b, 0x4b, 0x0d, 0x32, 0x55,
	0xbf, 0xef, 0x95, 0x60, 0x18, 0x90, 0xaf, 0xd8, 0x07, 0x09,
};

/* out ^= MGF1-SHA-1(seed, len), RFC 8017 B.2.1. */
static int tcpcrypt_mgf1_xor(u8 *out, size_t len, const u8 *seed,
			     size_t seed_len)
{
	u8 ctr[4], h[TCPCRYPT_SHA1_LEN];
	struct tcpcrypt_kvec v[2] = {
		{ seed, seed_len }, { ctr, sizeof(ctr) },
	};
	size_t i, n;
	u32 c;
	int ret = 0;

	for (c = 0; len; c++) {
		tcpcrypt_put_be32(ctr, c);
		ret = tcpcrypt_sha1_vec(v, 2, h);
		if (ret)
			break;
		n = len < sizeof(h) ? len : sizeof(h);
		for (i = 0; i < n; i++)
			out[i] ^= h[i];
		out += n;
		len -= n;
	}
	tcpcrypt_wipe(h, sizeof(h));
	return ret;
}

int tcpcrypt_oaep_encode(u8 *em, size_t k, const u8 *msg, size_t mlen,
			 const u8 seed[TCPCRYPT_OAEP_SEED_LEN])
{
	const size_t hlen = TCPCRYPT_SHA1_LEN;
	u8 *mseed = em + 1, *db = em + 1 + hlen;
	size_t db_len;
	int ret;

	if (k < TCPCRYPT_OAEP_OVERHEAD || mlen > k - TCPCRYPT_OAEP_OVERHEAD)
		return -EINVAL;
	db_len = k - hlen - 1;

	/* DB = lHash || PS (zeros) || 0x01 || M */
	memcpy(db, tcpcrypt_oaep_lhash, hlen);
	memset(db + hlen, 0, db_len - hlen - mlen - 1);
	db[db_len - mlen - 1] = 0x01;
	memcpy(db + db_len - mlen, msg, mlen);

	em[0] = 0x00;
	memcpy(mseed, seed, hlen);
	ret = tcpcrypt_mgf1_xor(db, db_len, mseed, hlen);
	if (!ret)
		ret = tcpcrypt_mgf1_xor(mseed, hlen, db, db_len);
	if (ret)
		tcpcrypt_wipe(em, k);
	return ret;
}

int tcpcrypt_oaep_decode(u8 *em, size_t k, u8 *msg, size_t mlen)
{
	const size_t hlen = TCPCRYPT_SHA1_LEN;
	u8 *mseed = em + 1, *db = em + 1 + hlen;
	size_t db_len, sep, i;
	u32 bad;
	int ret;

	/* Public sizes only: these branches reveal nothing about em. */
	if (k < TCPCRYPT_OAEP_OVERHEAD || mlen > k - TCPCRYPT_OAEP_OVERHEAD)
		return -EINVAL;
	db_len = k - hlen - 1;
	sep = db_len - mlen - 1;

	ret = tcpcrypt_mgf1_xor(mseed, hlen, db, db_len);
	if (!ret)
		ret = tcpcrypt_mgf1_xor(db, db_len, mseed, hlen);
	if (ret)
		return ret;

	/*
	 * With the length known, the separator has one place: Y = 0, lHash,
	 * zeros up to the separator, 0x01 there. OR every difference into one
	 * word and test it once, so that a wrong first byte (Manger's oracle),
	 * a wrong lHash, a missing separator and a wrong length look alike.
	 */
	bad = em[0];
	for (i = 0; i < hlen; i++)
		bad |= db[i] ^ tcpcrypt_oaep_lhash[i];
	for (i = hlen; i < sep; i++)
		bad |= db[i];
	bad |= db[sep] ^ 0x01;
	if (bad)
		return -EBADMSG;
	memcpy(msg, db + sep + 1, mlen);
	return 0;
}

size_t tcpcrypt_rsa3_strip(const u8 **n, size_t len)
{
	while (len && !**n) {
		(*n)++;
		len--;
	}
	return len;
}

int tcpcrypt_rsa3_check_modulus(const u8 *n, size_t len)
{
	unsigned int bits;
	u8 top;

	if (len < TCPCRYPT_RSA3_MIN_LEN || len > TCPCRYPT_RSA_MAX_LEN)
		return -EBADMSG;
	len = tcpcrypt_rsa3_strip(&n, len);
	if (!len || !(n[len - 1] & 1))
		return -EBADMSG;
	/* v0.2 counts bits as BN_num_bits does: up to the top set bit. */
	bits = 8 * (unsigned int)len;
	for (top = n[0]; !(top & 0x80); top <<= 1)
		bits--;
	if (bits % 512 || bits < TCPCRYPT_RSA3_MIN_BITS)
		return -EBADMSG;
	return 0;
}

static int tcpcrypt_rsa3_client_key(struct tcpcrypt_pk_state *st, u8 *ckey,
				    size_t room)
{
	const u8 *n;
	size_t len;

	/* The long-lived key is the caller's; without one there is no RSA. */
	if (!st->key)
		return -ENOKEY;
	n = tcpcrypt_rsa_modulus(st->key, &len);
	if (tcpcrypt_rsa3_check_modulus(n, len))
		return -EINVAL;
	if (room < len)
		return -ENOSPC;
	memcpy(ckey, n, len);
	return (int)len;
}

static int tcpcrypt_rsa3_server_kx(const u8 *ckey, size_t ckey_len, u8 *kx,
				   u8 *pms)
{
	u8 seed[TCPCRYPT_OAEP_SEED_LEN];
	const u8 *n = ckey;
	size_t k;
	int ret;

	ret = tcpcrypt_rsa3_check_modulus(ckey, ckey_len);
	if (ret)
		return ret;
	k = tcpcrypt_rsa3_strip(&n, ckey_len);

	tcpcrypt_random(pms, TCPCRYPT_RSA3_NS_LEN);
	tcpcrypt_random(seed, sizeof(seed));
	ret = tcpcrypt_oaep_encode(kx, k, pms, TCPCRYPT_RSA3_NS_LEN, seed);
	if (!ret)
		ret = tcpcrypt_rsa_public(n, k, kx, kx);
	tcpcrypt_wipe(seed, sizeof(seed));
	/*
	 * v0.2 writes the k-byte ciphertext at the start of the fixed field;
	 * where its key is smaller it leaves stack bytes after it, we zeros.
	 */
	memset(kx + k, 0, TCPCRYPT_RSA3_KX_LEN - k);
	if (ret) {
		tcpcrypt_wipe(kx, k);
		tcpcrypt_wipe(pms, TCPCRYPT_RSA3_NS_LEN);
	}
	return ret;
}

static int tcpcrypt_rsa3_client_kx(const struct tcpcrypt_pk_state *st,
				   const u8 *kx, u8 *pms)
{
	u8 em[TCPCRYPT_RSA_MAX_LEN];
	size_t k;
	int ret;

	if (!st->key)
		return -ENOKEY;
	tcpcrypt_rsa_modulus(st->key, &k);
	if (k > sizeof(em))
		return -EINVAL;
	/* The ciphertext is the field's first k bytes, as v0.2 writes it. */
	ret = tcpcrypt_rsa_private(st->key, kx, em);
	if (!ret)
		ret = tcpcrypt_oaep_decode(em, k, pms, TCPCRYPT_RSA3_NS_LEN);
	tcpcrypt_wipe(em, sizeof(em));
	return ret;
}

const struct tcpcrypt_pubkey_ops tcpcrypt_pubkey_rsa3 = {
	.spec		= TCPCRYPT_PK_RSA3,
	.name		= "rsa3",
	.nc_len		= TCPCRYPT_NONCE_C_LEN,
	.ns_len		= TCPCRYPT_RSA3_NS_LEN,
	.ckey_min	= TCPCRYPT_RSA3_MIN_LEN,
	.ckey_max	= TCPCRYPT_RSA_MAX_LEN,
	.kx_len		= TCPCRYPT_RSA3_KX_LEN,
	.pms_len	= TCPCRYPT_RSA3_NS_LEN,
	.may_sleep	= true,
	.check_ckey	= tcpcrypt_rsa3_check_modulus,
	.client_key	= tcpcrypt_rsa3_client_key,
	.server_kx	= tcpcrypt_rsa3_server_kx,
	.client_kx	= tcpcrypt_rsa3_client_kx,
};
