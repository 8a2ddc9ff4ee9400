// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl show [dump] [peer ADDR[/LEN]] [port PORT] [state STATE]":
 * the connections tcpcrypt handles in this network namespace, from a
 * TCPCRYPT_CMD_GET_SESSIONS dump, those that match every filter given.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpcryptctl.h"

enum show_format { SHOW_PRETTY, SHOW_DUMP, SHOW_JSON };

struct show_filter {
	int family;		/* 0: no peer filter */
	uint8_t peer[16];
	unsigned int plen;
	long port;		/* -1: none; local or remote */
	int state;		/* -1: none */
};

struct show_ctx {
	enum show_format fmt;
	const struct opts *o;
	struct show_filter f;
	unsigned int n;
};

static bool prefix_match(const uint8_t *a, const uint8_t *p, unsigned int plen)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (memcmp(a, p, full))
		return false;
	return !rest || !((a[full] ^ p[full]) & (0xff00 >> rest));
}

static bool show_match(const struct show_filter *f, const struct tc_conn *c)
{
	if (f->family && (c->family != f->family ||
			  !prefix_match(c->rbin, f->peer, f->plen)))
		return false;
	if (f->port >= 0 && c->lport != f->port && c->rport != f->port)
		return false;
	return f->state < 0 || c->state == f->state;
}

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
		if (!show_match(&sc->f, &c))
			continue;
		switch (sc->fmt) {
		case SHOW_PRETTY:
			if (sc->n)
				putchar('\n');
			tc_conn_print_pretty(stdout, &c, sc->o);
			break;
		case SHOW_DUMP:
			tc_conn_print_dump(stdout, &c);
			break;
		case SHOW_JSON:
			if (sc->n)
				fputs(", ", stdout);
			tc_conn_print_json(stdout, &c);
			break;
		}
		sc->n++;
	}
	return MNL_CB_OK;
}

/* "10.0.0.2", "10.0.0.0/8", "fd00::/8": a host or a prefix. */
static int parse_peer(const char *s, struct show_filter *f)
{
	char a[INET6_ADDRSTRLEN + 5], *slash, *end;
	size_t len = strlen(s);
	unsigned int max;

	/* An address and "/128" at most. */
	if (len >= sizeof(a))
		return -1;
	memcpy(a, s, len + 1);
	slash = strchr(a, '/');
	if (slash)
		*slash = '\0';
	f->family = strchr(a, ':') ? AF_INET6 : AF_INET;
	max = f->family == AF_INET ? 32 : 128;
	if (inet_pton(f->family, a, f->peer) != 1)
		return -1;
	f->plen = max;
	if (slash) {
		s = strchr(s, '/') + 1;
		f->plen = strtoul(s, &end, 10);
		if (!*s || *end || f->plen > max)
			return -1;
	}
	return 0;
}

static int parse_state(const char *s)
{
	int i;

	for (i = 0; i < __TCPCRYPT_CONN_STATE_MAX; i++)
		if (!strcmp(s, tc_state_name(i)))
			return i;
	return -1;
}

int cmd_show(int argc, char **argv, const struct opts *o)
{
	struct show_ctx sc = { .fmt = SHOW_PRETTY, .o = o,
			       .f = { .port = -1, .state = -1 } };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *v = argv[i + 1];
		char *end;

		if (!strcmp(argv[i], "dump")) {
			sc.fmt = SHOW_DUMP;
			continue;
		}
		if (strcmp(argv[i], "peer") && strcmp(argv[i], "port") &&
		    strcmp(argv[i], "state")) {
			fprintf(stderr, "tcpcryptctl show: unknown argument '%s' "
				"(valid: dump, peer ADDR[/LEN], port PORT, state STATE)\n",
				argv[i]);
			return EXIT_USAGE;
		}
		if (!v) {
			fprintf(stderr, "tcpcryptctl show: %s needs a value\n", argv[i]);
			return EXIT_USAGE;
		}
		i++;
		if (!strcmp(argv[i - 1], "peer") && parse_peer(v, &sc.f)) {
			fprintf(stderr, "tcpcryptctl show: peer: invalid value '%s' "
				"(valid: an IPv4 or IPv6 address, optionally /LEN)\n", v);
			return EXIT_USAGE;
		}
		if (!strcmp(argv[i - 1], "port")) {
			sc.f.port = strtol(v, &end, 10);
			if (!*v || *v == '-' || *end || sc.f.port > 65535) {
				fprintf(stderr, "tcpcryptctl show: port: invalid value '%s' "
					"(valid: 0 to 65535)\n", v);
				return EXIT_USAGE;
			}
		}
		if (!strcmp(argv[i - 1], "state")) {
			sc.f.state = parse_state(v);
			if (sc.f.state < 0) {
				fprintf(stderr, "tcpcryptctl show: state: invalid value '%s' "
					"(valid: syn-sent, syn-rcvd, init1-ready, init1-sent, "
					"keying, encrypting, failed)\n", v);
				return EXIT_USAGE;
			}
		}
	}
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
	/* One JSON document on one line, as every --json output but monitor's. */
	if (sc.fmt == SHOW_JSON)
		fputs("[", stdout);
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_GET_SESSIONS,
				       NLM_F_DUMP), show_cb, &sc);
	if (sc.fmt == SHOW_JSON)
		fputs("]\n", stdout);
	tc_nl_close(&t);
	return ret;
}
