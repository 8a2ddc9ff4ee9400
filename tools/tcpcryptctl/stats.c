// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl stats": the namespace's counters (the ones of
 * /proc/net/tcpcrypt_stat) and how full its tables are, from
 * TCPCRYPT_CMD_GET_STATS.
 */
#include <inttypes.h>
#include <string.h>

#include "tcpcryptctl.h"

struct stats_ctx {
	bool json;
	bool seen;
};

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[TCPCRYPT_A_MAX + 1], *c[TCPCRYPT_COUNTER_A_MAX + 1];
	size_t plen = strlen(TCPCRYPT_STAT_PREFIX);
	struct stats_ctx *sc = data;
	const struct nlattr *a;
	unsigned int n = 0;
	uint32_t conns, hs;

	tc_nl_parse_msg(nlh, tb, TCPCRYPT_A_MAX);
	if (!tb[TCPCRYPT_A_STATS] || !tb[TCPCRYPT_A_CONNS] ||
	    !tb[TCPCRYPT_A_HANDSHAKES])
		return MNL_CB_ERROR;
	conns = mnl_attr_get_u32(tb[TCPCRYPT_A_CONNS]);
	hs = mnl_attr_get_u32(tb[TCPCRYPT_A_HANDSHAKES]);
	if (sc->json)
		printf("{\"connections\": %u, \"handshakes_in_progress\": %u, \"counters\": {",
		       conns, hs);
	else
		printf("%-24s %u\n%-24s %u\n", "Connections", conns,
		       "HandshakesInProgress", hs);
	mnl_attr_for_each_nested(a, tb[TCPCRYPT_A_STATS]) {
		const char *name;
		uint64_t v;

		tc_nl_parse_nested(a, c, TCPCRYPT_COUNTER_A_MAX);
		if (!c[TCPCRYPT_COUNTER_A_NAME] || !c[TCPCRYPT_COUNTER_A_VALUE] ||
		    mnl_attr_validate(c[TCPCRYPT_COUNTER_A_NAME], MNL_TYPE_NUL_STRING))
			return MNL_CB_ERROR;
		name = mnl_attr_get_str(c[TCPCRYPT_COUNTER_A_NAME]);
		v = mnl_attr_get_u64(c[TCPCRYPT_COUNTER_A_VALUE]);
		if (sc->json) {
			printf("%s\"%s\": %" PRIu64, n ? ", " : "", name, v);
		} else {
			/* The prefix says nothing on a screen that is all tcpcrypt. */
			if (!strncmp(name, TCPCRYPT_STAT_PREFIX, plen))
				name += plen;
			printf("%-24s %" PRIu64 "\n", name, v);
		}
		n++;
	}
	if (sc->json)
		printf("}}\n");
	sc->seen = true;
	return MNL_CB_OK;
}

int cmd_stats(int argc, char **argv, const struct opts *o)
{
	struct stats_ctx sc = { .json = o->json };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int ret;

	if (argc > 1) {
		fprintf(stderr, "tcpcryptctl stats: unknown argument '%s' (valid: --json)\n",
			argv[1]);
		return EXIT_USAGE;
	}
	ret = tc_nl_open(&t, "stats");
	if (ret)
		return ret;
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_GET_STATS, 0),
			 stats_cb, &sc);
	tc_nl_close(&t);
	return ret;
}
