// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl show [dump]": the connections tcpcrypt handles in this
 * network namespace, from a TCPCRYPT_CMD_GET_SESSIONS dump.
 */
#include <string.h>

#include "tcpcryptctl.h"

enum show_format { SHOW_PRETTY, SHOW_DUMP, SHOW_JSON };

struct show_ctx {
	enum show_format fmt;
	bool verbose;
	unsigned int n;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *sc = data;
	const struct nlattr *a;
	struct tc_conn c;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(a) != TCPCRYPT_A_CONN)
			continue;
		if (tc_conn_parse(a, &c))
			return MNL_CB_ERROR;
		switch (sc->fmt) {
		case SHOW_PRETTY:
			if (sc->n)
				putchar('\n');
			tc_conn_print_pretty(stdout, &c, sc->verbose);
			break;
		case SHOW_DUMP:
			tc_conn_print_dump(stdout, &c);
			break;
		case SHOW_JSON:
			fputs(sc->n ? ",\n  " : "\n  ", stdout);
			tc_conn_print_json(stdout, &c);
			break;
		}
		sc->n++;
	}
	return MNL_CB_OK;
}

int cmd_show(int argc, char **argv, const struct opts *o)
{
	struct show_ctx sc = { .fmt = SHOW_PRETTY, .verbose = o->verbose };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int ret;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "dump"))) {
		fprintf(stderr, "tcpcryptctl show: unknown argument '%s' (valid: dump)\n",
			argv[1]);
		return EXIT_USAGE;
	}
	if (argc == 2)
		sc.fmt = SHOW_DUMP;
	if (o->json) {
		if (sc.fmt == SHOW_DUMP) {
			fprintf(stderr, "tcpcryptctl show: dump and --json exclude each other\n");
			return EXIT_USAGE;
		}
		sc.fmt = SHOW_JSON;
	}
	ret = tc_nl_open(&t, "show");
	if (ret)
		return ret;
	if (sc.fmt == SHOW_JSON)
		fputs("[", stdout);
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_GET_SESSIONS,
				       NLM_F_DUMP), show_cb, &sc);
	if (sc.fmt == SHOW_JSON)
		fputs(ret ? "]\n" : sc.n ? "\n]\n" : "]\n", stdout);
	tc_nl_close(&t);
	return ret;
}
