// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: TCP header, option walker, MAC option, CRYPT option
 * parser, and build(parse(x)) == canonical round trip.
 */
#include <stdlib.h>
#include "tcpopt.h"

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

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct tcpcrypt_crypt_opt co;
	struct tcpcrypt_tcphdr th;
	u8 o[TCPCRYPT_TCPOPT_SPACE], tag[TCPCRYPT_TAG_LEN];
	int r;

	check_walk(data, size);
	check_crypt(data, size);
	r = tcpcrypt_mac_opts(data, size, o, sizeof(o));
	if (r > (int)sizeof(o))
		abort();
	tcpcrypt_macopt_parse(data, size, tag);
	tcpcrypt_crypt_opt_find(data, size, &co);
	if (!tcpcrypt_tcphdr_parse(data, size, &th)) {
		const u8 *opts = data + th.opts_off;

		if (th.payload_off + th.payload_len != size ||
		    th.opts_off + th.opts_len != th.payload_off)
			abort();
		check_walk(opts, th.opts_len);
		tcpcrypt_macopt_parse(opts, th.opts_len, tag);
		tcpcrypt_crypt_opt_find(opts, th.opts_len, &co);
		tcpcrypt_mac_opts(opts, th.opts_len, o, sizeof(o));
	}
	return 0;
}
