// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: TCP header, option walker, MAC option, CRYPT option
 * parser, and build(parse(x)) == canonical round trip; the option packing
 * of optpack.c on any option area that fits a header.
 */
#include <stdlib.h>
#include "tcpopt.h"
#include "optpack.h"

static void check_walk(const u8 *p, size_t len)
{
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	size_t seen = 0;
	int ret;

	tcpcrypt_opt_iter_init(&it, p, len);
	while ((ret = tcpcrypt_opt_next(&it, &o)) > 0) {
		if (o.len < 2 || o.off + o.len > len || o.data != p + o.off + 2)
			abort();
		if (++seen > len)
			abort();	/* no progress */
	}
	if (ret < 0 && ret != -EBADMSG)
		abort();
}

static void check_crypt(const u8 *body, size_t len)
{
	struct tcpcrypt_crypt_opt co, back;
	u8 buf[TCPCRYPT_TCPOPT_SPACE];
	int n;

	if (tcpcrypt_crypt_opt_parse(body, len, &co))
		return;
	if (co.npk > TCPCRYPT_PKCONF_MAX)
		abort();
	n = tcpcrypt_crypt_opt_build(buf, sizeof(buf), &co);
	if (n < 0)
		return;		/* e.g. more than fits in one option */
	if (n < 2 || n > (int)sizeof(buf) || buf[1] != n)
		abort();
	if (tcpcrypt_crypt_opt_parse(buf + 2, n - 2, &back) ||
	    back.present != co.present || back.npk != co.npk ||
	    memcmp(back.pkconf, co.pkconf, 3 * co.npk))
		abort();
}

/* Whatever the packers accept, they write a well-formed, padded area. */
static void check_pack(const u8 *p, size_t len)
{
	static const u8 add[] = { TCPCRYPT_TCPOPT_CRYPT, 3, 0x01 };
	struct tcpcrypt_optpack_res res;
	u8 out[TCPCRYPT_TCPOPT_SPACE], tag[TCPCRYPT_TAG_LEN];
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	int n;

	if (len > TCPCRYPT_TCPOPT_SPACE)
		return;
	if (!tcpcrypt_optpack_protect(p, len, out, &res)) {
		if (res.len > sizeof(out) || res.len % 4 ||
		    res.mac_off + TCPCRYPT_MACOPT_LEN > res.len ||
		    tcpcrypt_macopt_parse(out, res.len, tag))
			abort();
		tcpcrypt_opt_iter_init(&it, out, res.len);
		while ((n = tcpcrypt_opt_next(&it, &o)) > 0)
			;
		if (n)
			abort();
	}
	n = tcpcrypt_optpack_append(p, len, add, sizeof(add), out);
	if (n >= 0 && (n > (int)sizeof(out) || n % 4 ||
		       tcpcrypt_opt_find(out, n, TCPCRYPT_TCPOPT_CRYPT, &o) != 1))
		abort();
	memcpy(out, p, len);
	n = tcpcrypt_optpack_clamp_mss(out, len, 100, 536);
	if (n == 1 && (tcpcrypt_opt_find(out, len, TCPCRYPT_TCPOPT_MSS, &o) != 1 ||
		       tcpcrypt_get_be16(out + o.off + 2) < 536))
		abort();
}

/* An accepted MAC option builds back to its tag. */
static void check_macopt(const u8 *p, size_t len)
{
	u8 tag[TCPCRYPT_TAG_LEN], back[TCPCRYPT_TAG_LEN];
	u8 buf[TCPCRYPT_MACOPT_SPACE];

	if (tcpcrypt_macopt_parse(p, len, tag))
		return;
	if (tcpcrypt_macopt_build(buf, sizeof(buf), tag) != (int)sizeof(buf) ||
	    tcpcrypt_macopt_parse(buf, sizeof(buf), back) ||
	    memcmp(tag, back, sizeof(tag)))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct tcpcrypt_crypt_opt co;
	struct tcpcrypt_tcphdr th;
	u8 o[TCPCRYPT_TCPOPT_SPACE];
	int r;

	check_walk(data, size);
	check_crypt(data, size);
	r = tcpcrypt_mac_opts(data, size, o, sizeof(o));
	if (r > (int)sizeof(o))
		abort();
	check_macopt(data, size);
	check_pack(data, size);
	tcpcrypt_crypt_opt_find(data, size, &co);
	if (!tcpcrypt_tcphdr_parse(data, size, &th)) {
		const u8 *opts = data + th.opts_off;

		if (th.payload_off + th.payload_len != size ||
		    th.opts_off + th.opts_len != th.payload_off)
			abort();
		check_walk(opts, th.opts_len);
		check_macopt(opts, th.opts_len);
		check_pack(opts, th.opts_len);
		tcpcrypt_crypt_opt_find(opts, th.opts_len, &co);
		tcpcrypt_mac_opts(opts, th.opts_len, o, sizeof(o));
	}
	return 0;
}
