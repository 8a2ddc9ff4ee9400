// SPDX-License-Identifier: GPL-2.0
/* "tcpcryptctl flush": wipe the session cache (TCPCRYPT_CMD_FLUSH_CACHE). */
#include <stdio.h>

#include "tcpcryptctl.h"

struct flush_ctx {
	bool json;
	bool seen;
};

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[TCPCRYPT_A_MAX + 1];
	struct flush_ctx *fc = data;
	uint32_t n;

	tc_nl_parse_msg(nlh, tb, TCPCRYPT_A_MAX);
	if (!tb[TCPCRYPT_A_CACHE_FLUSHED])
		return MNL_CB_ERROR;
	n = mnl_attr_get_u32(tb[TCPCRYPT_A_CACHE_FLUSHED]);
	if (fc->json)
		printf("{\"flushed\": %u}\n", n);
	else
		printf("%u cached session%s wiped\n", n, n == 1 ? "" : "s");
	fc->seen = true;
	return MNL_CB_OK;
}

int cmd_flush(int argc, char **argv, const struct opts *o)
{
	struct flush_ctx fc = { .json = o->json };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int ret;

	if (argc > 1) {
		fprintf(stderr, "tcpcryptctl flush: unexpected argument '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	ret = tc_nl_open(&t, "flush");
	if (ret)
		return ret;
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_FLUSH_CACHE, 0),
			 flush_cb, &fc);
	tc_nl_close(&t);
	if (!ret && !fc.seen) {
		fprintf(stderr, "tcpcryptctl flush: no reply from the kernel\n");
		return EXIT_ERROR;
	}
	return ret;
}
