// SPDX-License-Identifier: GPL-2.0
/*
 * Option packing for the segments the engine rewrites (see optpack.h).
 * Every function walks the input with the bounds-checked walker and never
 * writes past the 40 bytes of option space.
 */
#include "optpack.h"
#include "tcpopt.h"

#define TCPCRYPT_TCPOPT_WSCALE	3
#define TCPCRYPT_TCPOPT_SACK	5
#define TCPCRYPT_SACK_BLOCK	8

/* Length of the area before the first EOL, or -EINVAL if malformed. */
static int tcpcrypt_optpack_used(const u8 *in, size_t inlen)
{
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	size_t end = 0;
	int err;

	tcpcrypt_opt_iter_init(&it, in, inlen);
	while ((err = tcpcrypt_opt_next(&it, &o)) > 0) {
		if (it.after_eol)
			break;
		end = o.off + o.len;
	}
	if (err < 0)
		return err;
	/* NOPs are not reported by the walker: count them up to the end. */
	while (end < inlen && in[end] == TCPCRYPT_TCPOPT_NOP)
		end++;
	return end;
}

static size_t tcpcrypt_optpack_pad(u8 *out, size_t len)
{
	while (len & 3)
		out[len++] = TCPCRYPT_TCPOPT_EOL;
	return len;
}

int tcpcrypt_optpack_append(const u8 *in, size_t inlen, const u8 *add,
			    size_t addlen, u8 out[TCPCRYPT_TCPOPT_SPACE])
{
	int used = tcpcrypt_optpack_used(in, inlen);

	if (used < 0)
		return used;
	if (used + addlen + tcpcrypt_opt_padlen(used + addlen) >
	    TCPCRYPT_TCPOPT_SPACE)
		return -ENOSPC;
	memmove(out, in, used);
	memcpy(out + used, add, addlen);
	return tcpcrypt_optpack_pad(out, used + addlen);
}

int tcpcrypt_optpack_clamp_mss(u8 *opts, size_t len, u16 overhead,
			       u16 min_mss)
{
	struct tcpcrypt_opt o;
	u16 mss;
	int err;

	err = tcpcrypt_opt_find(opts, len, TCPCRYPT_TCPOPT_MSS, &o);
	if (err <= 0)
		return err;
	if (o.len != 4)
		return -EINVAL;
	mss = (u16)(opts[o.off + 2] << 8 | opts[o.off + 3]);
	mss = mss > min_mss + overhead ? mss - overhead : min_mss;
	opts[o.off + 2] = mss >> 8;
	opts[o.off + 3] = mss & 0xff;
	return 1;
}

static bool tcpcrypt_optpack_is_ours(u8 kind)
{
	return kind == TCPCRYPT_TCPOPT_CRYPT || kind == TCPCRYPT_TCPOPT_MAC;
}

int tcpcrypt_optpack_protect(const u8 *in, size_t inlen,
			     u8 out[TCPCRYPT_TCPOPT_SPACE],
			     struct tcpcrypt_optpack_res *res)
{
	/* Room left for everything but the MAC option. */
	const size_t room = TCPCRYPT_TCPOPT_SPACE - TCPCRYPT_MACOPT_LEN;
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	size_t len = 0;
	int err, pass;

	memset(res, 0, sizeof(*res));
	/* Pass 0: timestamps; 1: SACK; 2: everything else that is kept. */
	for (pass = 0; pass < 3; pass++) {
		tcpcrypt_opt_iter_init(&it, in, inlen);
		while ((err = tcpcrypt_opt_next(&it, &o)) > 0) {
			bool ts = o.kind == TCPCRYPT_TCPOPT_TIMESTAMP;
			bool sack = o.kind == TCPCRYPT_TCPOPT_SACK;
			size_t n;

			if (it.after_eol || tcpcrypt_optpack_is_ours(o.kind))
				continue;
			if ((pass == 0 && !ts) || (pass == 1 && !sack) ||
			    (pass == 2 && (ts || sack)))
				continue;
			if (sack) {
				unsigned int blocks = (o.len - 2) / TCPCRYPT_SACK_BLOCK;
				unsigned int fit = 0;

				if (len + 2 + TCPCRYPT_SACK_BLOCK <= room)
					fit = (room - len - 2) / TCPCRYPT_SACK_BLOCK;
				if (fit > blocks)
					fit = blocks;
				res->sack_dropped += blocks - fit;
				if (!fit)
					continue;
				out[len] = TCPCRYPT_TCPOPT_SACK;
				out[len + 1] = 2 + fit * TCPCRYPT_SACK_BLOCK;
				memcpy(out + len + 2, o.data, fit * TCPCRYPT_SACK_BLOCK);
				len += 2 + fit * TCPCRYPT_SACK_BLOCK;
				continue;
			}
			n = o.len;
			if (len + n > room) {
				res->opts_dropped++;
				continue;
			}
			memcpy(out + len, in + o.off, n);
			len += n;
		}
		if (err < 0)
			return err;
	}
	res->mac_off = len;
	out[len] = TCPCRYPT_TCPOPT_MAC;
	out[len + 1] = TCPCRYPT_MACOPT_LEN;
	memset(out + len + 2, 0, TCPCRYPT_TAG_LEN);
	res->len = tcpcrypt_optpack_pad(out, len + TCPCRYPT_MACOPT_LEN);
	return 0;
}
