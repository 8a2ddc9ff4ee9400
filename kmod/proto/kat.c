// SPDX-License-Identifier: GPL-2.0
/*
 * Known-answer tests: primitives, the v0.2 key schedule and segment
 * protection from wire-v02 section 9 and real captures, and this
 * project's extensions.
 */
#include "kat.h"
#include "crypto.h"
#include "tcpopt.h"
#include "init_msg.h"
#include "pubkey.h"
#include "rsa.h"
#include "vectors.h"
#include "vectors_rsa.h"

unsigned int tcpcrypt_kat_ncaptures(void)
{
	return ARRAY_SIZE(tcpcrypt_kat_vectors);
}

const struct tcpcrypt_kat_capture *tcpcrypt_kat_capture_get(unsigned int i)
{
	return i < ARRAY_SIZE(tcpcrypt_kat_vectors) ? &tcpcrypt_kat_vectors[i] :
	       NULL;
}

static int tcpcrypt_kat_fail(struct tcpcrypt_kat_result *res,
			     const char *vector, const char *what, int err)
{
	res->vector = vector;
	res->what = what;
	return err ? err : -EBADMSG;
}

#define KAT_CHECK(cond, vec, what)					\
	do {								\
		if (!(cond))						\
			return tcpcrypt_kat_fail(res, vec, what, 0);	\
	} while (0)

#define KAT_CALL(expr, vec, what)					\
	do {								\
		int __r = (expr);					\
		if (__r)						\
			return tcpcrypt_kat_fail(res, vec, what, __r);	\
	} while (0)

/* Standard vectors: FIPS 180-2, RFC 4231 case 1, FIPS-197, RFC 8439. */
static const u8 kat_sha256_abc[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde,
	0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
	0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};

static const u8 kat_hmac_rfc4231_1[32] = {
	0xb0, 0x34, 0x4c, 0x61, 0xd8, 0xdb, 0x38, 0x53, 0x5c, 0xa8, 0xaf, 0xce,
	0xaf, 0x0b, 0xf1, 0x2b, 0x88, 0x1d, 0xc2, 0x00, 0xc9, 0x83, 0x3d, 0xa7,
	0x26, 0xe9, 0x37, 0x6c, 0x2e, 0x32, 0xcf, 0xf7,
};

static const u8 kat_aes_fips197_ct[16] = {
	0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
	0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
};

static int tcpcrypt_kat_hashes(struct tcpcrypt_kat_ws *ws,
			       struct tcpcrypt_kat_result *res)
{
	struct tcpcrypt_hmac_ctx *h = &ws->hmac;
	struct tcpcrypt_aes_ctx *a = &ws->aes;
	struct tcpcrypt_kvec v[2];
	u8 key[20], out[32], pt[16];
	unsigned int i;

	tcpcrypt_sha256((const u8 *)"abc", 3, out);
	KAT_CHECK(!memcmp(out, kat_sha256_abc, 32), "sha256", "abc");
	res->passed++;

	memset(key, 0x0b, sizeof(key));
	KAT_CALL(tcpcrypt_hmac_setkey(h, key, sizeof(key)), "hmac-sha256",
		 "setkey");
	/* Split input: the vector interface must equal one piece. */
	v[0].base = "Hi ";
	v[0].len = 3;
	v[1].base = "There";
	v[1].len = 5;
	tcpcrypt_hmac_vec(h, v, 2, out);
	tcpcrypt_hmac_clear(h);
	KAT_CHECK(!memcmp(out, kat_hmac_rfc4231_1, 32), "hmac-sha256",
		  "rfc4231 case 1");
	res->passed++;

	for (i = 0; i < 16; i++) {
		key[i] = i;
		pt[i] = i * 0x11;
	}
	KAT_CALL(tcpcrypt_aes128_setkey(a, key), "aes128", "setkey");
	tcpcrypt_aes128_encrypt(a, out, pt, 1);
	tcpcrypt_aes128_clear(a);
	KAT_CHECK(!memcmp(out, kat_aes_fips197_ct, 16), "aes128", "fips-197");
	res->passed++;
	memset(out, 0, 16);
	tcpcrypt_aes128_encrypt_raw(key, out, pt, 1);
	KAT_CHECK(!memcmp(out, kat_aes_fips197_ct, 16), "aes128",
		  "fips-197, raw key");
	res->passed++;

	memcpy(ws->buf, kat_prim_chacha_pt, sizeof(kat_prim_chacha_pt));
	tcpcrypt_chacha20_xor(kat_prim_chacha_key, kat_prim_chacha_iv, ws->buf,
			      sizeof(kat_prim_chacha_pt));
	KAT_CHECK(!memcmp(ws->buf, kat_prim_chacha_ct, sizeof(kat_prim_chacha_ct)),
		  "chacha20", "rfc8439 2.4.2");
	res->passed++;
	return 0;
}

static int tcpcrypt_kat_ecdh(struct tcpcrypt_kat_ws *ws,
			     struct tcpcrypt_kat_result *res)
{
	static const u8 base[TCPCRYPT_X25519_LEN] = { 9 };
	u8 *pub = ws->buf, *ss = ws->buf + 128, *bad = ws->buf + 256;

	KAT_CALL(tcpcrypt_x25519(pub, kat_x25519_privc, base), "x25519",
		 "public key");
	KAT_CHECK(!memcmp(pub, kat_x25519_pubc, 32), "x25519", "public key");
	KAT_CALL(tcpcrypt_x25519(ss, kat_x25519_privc, kat_x25519_pubs),
		 "x25519", "client side");
	KAT_CHECK(!memcmp(ss, kat_x25519_pms, 32), "x25519", "client side");
	KAT_CALL(tcpcrypt_x25519(ss, kat_x25519_privs, kat_x25519_pubc),
		 "x25519", "server side");
	KAT_CHECK(!memcmp(ss, kat_x25519_pms, 32), "x25519", "server side");
	/* u = 0 is of small order: the result is zero and must be refused. */
	memset(bad, 0, TCPCRYPT_X25519_LEN);
	KAT_CHECK(tcpcrypt_x25519(ss, kat_x25519_privc, bad) == -EINVAL,
		  "x25519", "zero point accepted");
	res->passed++;

	KAT_CALL(tcpcrypt_p256_ecdh(ss, kat_p256_ecdh_priv_a, kat_p256_ecdh_pub_b),
		 "p256-ecdh", "a side");
	KAT_CHECK(!memcmp(ss, kat_p256_ecdh_shared, 32), "p256-ecdh", "a side");
	KAT_CALL(tcpcrypt_p256_ecdh(ss, kat_p256_ecdh_priv_b, kat_p256_ecdh_pub_a),
		 "p256-ecdh", "b side");
	KAT_CHECK(!memcmp(ss, kat_p256_ecdh_shared, 32), "p256-ecdh", "b side");
	/* A point off the curve must be refused. */
	memcpy(bad, kat_p256_ecdh_pub_b, TCPCRYPT_P256_PUB_LEN);
	bad[TCPCRYPT_P256_PUB_LEN - 1] ^= 1;
	KAT_CHECK(tcpcrypt_p256_ecdh(ss, kat_p256_ecdh_priv_a, bad) != 0,
		  "p256-ecdh", "off-curve point accepted");
	res->passed++;
	return 0;
}

/* FIPS 180-2 SHA-1 "abc". */
static const u8 kat_sha1_abc[TCPCRYPT_SHA1_LEN] = {
	0xa9, 0x99, 0x3e, 0x36, 0x47, 0x06, 0x81, 0x6a, 0xba, 0x3e,
	0x25, 0x71, 0x78, 0x50, 0xc2, 0x6c, 0x9c, 0xd0, 0xd8, 0x9d,
};

/*
 * OAEP-RSA-3 with a fixed seed: SHA-1, the OAEP encoding and the raw
 * public operation against an answer computed elsewhere, then the decoding
 * back to N_S. The private half is not in the module.
 */
static int tcpcrypt_kat_rsa(struct tcpcrypt_kat_ws *ws,
			    struct tcpcrypt_kat_result *res)
{
	const struct tcpcrypt_kvec abc[2] = { { "a", 1 }, { "bc", 2 } };
	const size_t k = sizeof(kat_rsa_n);
	u8 *em = ws->buf, *ns = ws->buf2;

	KAT_CALL(tcpcrypt_sha1_vec(abc, 2, ns), "sha1", "hash");
	KAT_CHECK(!memcmp(ns, kat_sha1_abc, TCPCRYPT_SHA1_LEN), "sha1", "abc");
	KAT_CALL(tcpcrypt_oaep_encode(em, k, kat_rsa_ns, sizeof(kat_rsa_ns),
				      kat_rsa_seed), "rsa3", "encode");
	KAT_CALL(tcpcrypt_rsa_public(kat_rsa_n, k, em, ws->buf2), "rsa3",
		 "public operation");
	KAT_CHECK(!memcmp(ws->buf2, kat_rsa_c, k), "rsa3", "ciphertext");
	KAT_CALL(tcpcrypt_oaep_decode(em, k, ns, sizeof(kat_rsa_ns)),
		 "rsa3", "decode");
	KAT_CHECK(!memcmp(ns, kat_rsa_ns, sizeof(kat_rsa_ns)), "rsa3",
		  "N_S");
	/* An input not below n is refused, not reduced mod n. */
	KAT_CHECK(tcpcrypt_rsa_public(kat_rsa_n, k, kat_rsa_n, em) == -EINVAL,
		  "rsa3", "input n accepted");
	res->passed++;
	return 0;
}

int tcpcrypt_kat_primitives(struct tcpcrypt_kat_ws *ws,
			    struct tcpcrypt_kat_result *res)
{
	int ret = tcpcrypt_kat_hashes(ws, res);

	if (!ret)
		ret = tcpcrypt_kat_ecdh(ws, res);
	return ret ? ret : tcpcrypt_kat_rsa(ws, res);
}

int tcpcrypt_kat_ext_init(struct tcpcrypt_kat_ws *ws,
			  struct tcpcrypt_kat_result *res)
{
	static const u32 syms[] = {
		TCPCRYPT_SYM_CHACHA20_HMAC, TCPCRYPT_SYM_AES128_HMAC
	};
	const char *vec = "x25519 INIT1/INIT2";
	u8 *kx = ws->buf2;
	int n;

	n = tcpcrypt_init1_build(ws->buf, sizeof(ws->buf), TCPCRYPT_PK_X25519,
				 syms, ARRAY_SIZE(syms), kat_x25519_nc,
				 sizeof(kat_x25519_nc), kat_x25519_pubc,
				 sizeof(kat_x25519_pubc));
	KAT_CHECK(n == sizeof(kat_x25519_init1) &&
		  !memcmp(ws->buf, kat_x25519_init1, n), vec, "INIT1");
	kx[0] = TCPCRYPT_ECDHE_NS_MARK;
	memcpy(kx + 1, kat_x25519_ns, sizeof(kat_x25519_ns));
	memcpy(kx + 1 + sizeof(kat_x25519_ns), kat_x25519_pubs,
	       sizeof(kat_x25519_pubs));
	n = tcpcrypt_init2_build(ws->buf, sizeof(ws->buf),
				 TCPCRYPT_SYM_CHACHA20_HMAC, kx,
				 tcpcrypt_pubkey_x25519.kx_len);
	KAT_CHECK(n == sizeof(kat_x25519_init2) &&
		  !memcmp(ws->buf, kat_x25519_init2, n), vec, "INIT2");
	res->passed++;
	return 0;
}

static int tcpcrypt_kat_schedule(struct tcpcrypt_kat_ws *ws,
				 const struct tcpcrypt_kat_capture *c,
				 struct tcpcrypt_kat_result *res)
{
	struct tcpcrypt_transcript t = {
		.nc = c->nc, .nc_len = c->nc_len,
		.pkconf = c->pkconf, .npk = c->npk,
		.init1 = c->init1, .init1_len = c->init1_len,
		.init2 = c->init2, .init2_len = c->init2_len,
		.pms = c->pms, .pms_len = c->pms_len,
	};
	const u8 (*k)[TCPCRYPT_KEY_LEN] = c->keys;
	struct tcpcrypt_init1 m1;
	struct tcpcrypt_init2 m2;

	if (c->real) {
		/* The transcript must parse, and N_C comes out of INIT1. */
		KAT_CALL(tcpcrypt_init1_parse(c->init1, c->init1_len, &m1),
			 c->name, "INIT1 parse");
		KAT_CHECK(m1.nc_len == c->nc_len &&
			  !memcmp(m1.nc, c->nc, c->nc_len), c->name, "N_C");
		KAT_CALL(tcpcrypt_init2_parse(c->init2, c->init2_len, m1.pk, &m2),
			 c->name, "INIT2 parse");
		KAT_CHECK(m2.sym == c->sym, c->name, "INIT2 suite");
	}
	KAT_CALL(tcpcrypt_ss(&t, ws->ss), c->name, "ss");
	KAT_CHECK(!memcmp(ws->ss, k[TCPCRYPT_KAT_SS], 32), c->name, "ss");
	KAT_CALL(tcpcrypt_session_derive(ws->ss, c->app, &ws->sess), c->name,
		 "session");
	KAT_CHECK(!memcmp(ws->sess.sid, k[TCPCRYPT_KAT_SID], 32), c->name, "sid");
	KAT_CHECK(!memcmp(ws->sess.mk, k[TCPCRYPT_KAT_MK], 32), c->name, "mk");
	KAT_CHECK(!memcmp(ws->sess.nk, k[TCPCRYPT_KAT_NK], 32), c->name, "nk");
	KAT_CALL(tcpcrypt_dir_derive(ws->sess.mk, false, &ws->dir[0]), c->name,
		 "C keys");
	KAT_CALL(tcpcrypt_dir_derive(ws->sess.mk, true, &ws->dir[1]), c->name,
		 "S keys");
	KAT_CHECK(!memcmp(&ws->dir[0], k[TCPCRYPT_KAT_K_C], 4 * 32) &&
		  !memcmp(&ws->dir[1], k[TCPCRYPT_KAT_K_S], 4 * 32), c->name,
		  "direction keys");
	res->passed++;
	return 0;
}

/* Receiver keys for a segment, with the vector's SNE state. */
static int tcpcrypt_kat_seg_key(struct tcpcrypt_kat_ws *ws,
				const struct tcpcrypt_kat_capture *c,
				const struct tcpcrypt_kat_seg *sv)
{
	int ret;

	ret = sv->from_server ?
	      tcpcrypt_dir_key_init(&ws->key, c->sym, &ws->dir[1], c->isn_s,
				    c->isn_c) :
	      tcpcrypt_dir_key_init(&ws->key, c->sym, &ws->dir[0], c->isn_c,
				    c->isn_s);
	ws->key.seq_ext = sv->seq_ext;
	ws->key.ack_ext = sv->ack_ext;
	return ret;
}

static int tcpcrypt_kat_seg_one(struct tcpcrypt_kat_ws *ws,
				const struct tcpcrypt_kat_capture *c,
				const struct tcpcrypt_kat_seg *sv,
				struct tcpcrypt_kat_result *res)
{
	struct tcpcrypt_tcphdr th;
	struct tcpcrypt_wireseg seg;
	u8 tag[TCPCRYPT_TAG_LEN], tag2[TCPCRYPT_TAG_LEN];
	const u8 *ct;
	int ret;

	KAT_CALL(tcpcrypt_tcphdr_parse(sv->tcp, sv->tcp_len, &th), sv->name,
		 "tcp header");
	KAT_CHECK(th.payload_len <= sizeof(ws->buf), sv->name, "too long");
	KAT_CALL(tcpcrypt_macopt_parse(sv->tcp + th.opts_off, th.opts_len, tag),
		 sv->name, "MAC option");
	ct = sv->tcp + th.payload_off;
	memset(&seg, 0, sizeof(seg));
	seg.seq = th.seq;
	seg.ack = th.ack;
	seg.tcp_len = sv->tcp_len;
	seg.doff = th.doff;
	seg.flags = th.flags;
	seg.urg = th.urg;
	seg.opts = sv->tcp + th.opts_off;
	seg.opts_len = th.opts_len;
	seg.data = ws->buf;
	seg.len = th.payload_len;

	/* A tag off by one bit is refused and leaves the payload alone. */
	KAT_CALL(tcpcrypt_kat_seg_key(ws, c, sv), sv->name, "keys");
	memcpy(ws->buf, ct, seg.len);
	tag[3] ^= 0x20;
	ret = tcpcrypt_open(&ws->key, &seg, tag);
	tag[3] ^= 0x20;
	if (ret != -EBADMSG || memcmp(ws->buf, ct, seg.len)) {
		tcpcrypt_dir_key_clear(&ws->key);
		return tcpcrypt_kat_fail(res, sv->name, "bad tag accepted", 0);
	}
	ret = tcpcrypt_open(&ws->key, &seg, tag);
	tcpcrypt_dir_key_clear(&ws->key);
	KAT_CALL(ret, sv->name, "MAC verify");
	if (sv->plain) {
		KAT_CHECK(!memcmp(ws->buf, sv->plain, seg.len), sv->name,
			  "plaintext");
	} else if (sv->plain_sha256) {
		tcpcrypt_sha256(ws->buf, seg.len, ws->buf2);
		KAT_CHECK(!memcmp(ws->buf2, sv->plain_sha256, 32), sv->name,
			  "plaintext digest");
	}

	/* Sealing the plaintext again reproduces the wire bytes. */
	KAT_CALL(tcpcrypt_kat_seg_key(ws, c, sv), sv->name, "keys");
	ret = tcpcrypt_seal(&ws->key, &seg, tag2);
	tcpcrypt_dir_key_clear(&ws->key);
	KAT_CALL(ret, sv->name, "seal");
	KAT_CHECK(!memcmp(tag2, tag, sizeof(tag)), sv->name, "sealed tag");
	KAT_CHECK(!memcmp(ws->buf, ct, seg.len), sv->name, "ciphertext");
	res->passed++;
	return 0;
}

int tcpcrypt_kat_capture_run(struct tcpcrypt_kat_ws *ws,
			     const struct tcpcrypt_kat_capture *c,
			     struct tcpcrypt_kat_result *res)
{
	unsigned int i;
	int ret;

	ret = tcpcrypt_kat_schedule(ws, c, res);
	for (i = 0; !ret && i < c->nsegs; i++)
		ret = tcpcrypt_kat_seg_one(ws, c, &c->segs[i], res);
	tcpcrypt_wipe(ws, sizeof(*ws));
	return ret;
}

int tcpcrypt_kat_run_all(struct tcpcrypt_kat_ws *ws,
			 struct tcpcrypt_kat_result *res)
{
	unsigned int i;
	int ret;

	memset(res, 0, sizeof(*res));
	ret = tcpcrypt_kat_primitives(ws, res);
	if (!ret)
		ret = tcpcrypt_kat_ext_init(ws, res);
	for (i = 0; !ret && i < ARRAY_SIZE(tcpcrypt_kat_vectors); i++)
		ret = tcpcrypt_kat_capture_run(ws, &tcpcrypt_kat_vectors[i], res);
	return ret;
}
