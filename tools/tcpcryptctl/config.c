// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl get", "set" and "refresh": the namespace's settings, the
 * same state as the sysctls under /proc/sys/net/tcpcrypt/, through
 * TCPCRYPT_CMD_GET_CONFIG and TCPCRYPT_CMD_SET_CONFIG; and rotating the
 * short-lived keys with TCPCRYPT_CMD_REFRESH_KEYS.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcpcryptctl.h"

#define SETTINGS "enabled, max-conns, max-handshakes, pubkeys, suites, exclude-ports"
/* The kernel's bounds of max_conns and max_handshakes. */
#define LIMIT_MAX (1u << 24)
/* Room for the longest request: 32768 port ranges of 8 bytes. */
#define SET_BUF_SIZE (512 * 1024)

enum setting { S_ENABLED, S_MAX_CONNS, S_MAX_HS, S_PUBKEYS, S_SUITES, S_PORTS, S_NUM };

static const char *const setting_names[S_NUM] = {
	[S_ENABLED] = "enabled",
	[S_MAX_CONNS] = "max-conns",
	[S_MAX_HS] = "max-handshakes",
	[S_PUBKEYS] = "pubkeys",
	[S_SUITES] = "suites",
	[S_PORTS] = "exclude-ports",
};

static int setting_find(const char *name)
{
	int i;

	for (i = 0; i < S_NUM; i++)
		if (!strcmp(name, setting_names[i]))
			return i;
	return -1;
}

/* ---- get ---- */

struct get_ctx {
	int only;		/* one setting, or -1 for all */
	bool json;
};

static void print_list(const struct nlattr *nest, bool json)
{
	const struct nlattr *a;
	unsigned int n = 0;

	if (json)
		putchar('[');
	if (nest) {
		mnl_attr_for_each_nested(a, nest) {
			if (mnl_attr_get_type(a) != TCPCRYPT_LIST_A_NAME ||
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
				continue;
			printf(json ? "%s\"%s\"" : "%s%s", n ? (json ? ", " : " ") : "",
			       mnl_attr_get_str(a));
			n++;
		}
	}
	if (json)
		putchar(']');
}

static void print_ports(const struct nlattr *nest, bool json)
{
	const struct nlattr *a;
	unsigned int n = 0;

	if (json)
		putchar('[');
	if (nest) {
		mnl_attr_for_each_nested(a, nest) {
			const struct tcpcrypt_port_range *r;

			if (mnl_attr_get_type(a) != TCPCRYPT_PORTS_A_RANGE ||
			    mnl_attr_get_payload_len(a) != sizeof(*r))
				continue;
			r = mnl_attr_get_payload(a);
			printf("%s%s", n ? (json ? ", " : ",") : "", json ? "\"" : "");
			if (r->first == r->last)
				printf("%u", r->first);
			else
				printf("%u-%u", r->first, r->last);
			if (json)
				putchar('"');
			n++;
		}
	}
	if (json)
		putchar(']');
	else if (!n)
		printf("none");
}

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[TCPCRYPT_A_MAX + 1];
	struct get_ctx *gc = data;
	int i;

	tc_nl_parse_msg(nlh, tb, TCPCRYPT_A_MAX);
	if (!tb[TCPCRYPT_A_ENABLED] || !tb[TCPCRYPT_A_MAX_CONNS] ||
	    !tb[TCPCRYPT_A_MAX_HANDSHAKES])
		return MNL_CB_ERROR;
	if (gc->json)
		putchar('{');
	for (i = 0; i < S_NUM; i++) {
		if (gc->only >= 0 && gc->only != i)
			continue;
		if (gc->json) {
			char key[32];
			char *p;

			snprintf(key, sizeof(key), "%s", setting_names[i]);
			for (p = key; *p; p++)
				if (*p == '-')
					*p = '_';
			printf("%s\"%s\": ", gc->only < 0 && i ? ", " : "", key);
		} else if (gc->only < 0) {
			printf("%-16s ", setting_names[i]);
		}
		switch (i) {
		case S_ENABLED:
			if (gc->json)
				printf(mnl_attr_get_u8(tb[TCPCRYPT_A_ENABLED]) ? "true" : "false");
			else
				printf(mnl_attr_get_u8(tb[TCPCRYPT_A_ENABLED]) ? "on" : "off");
			break;
		case S_MAX_CONNS:
			printf("%u", mnl_attr_get_u32(tb[TCPCRYPT_A_MAX_CONNS]));
			break;
		case S_MAX_HS:
			printf("%u", mnl_attr_get_u32(tb[TCPCRYPT_A_MAX_HANDSHAKES]));
			break;
		case S_PUBKEYS:
			print_list(tb[TCPCRYPT_A_PUBKEYS], gc->json);
			break;
		case S_SUITES:
			print_list(tb[TCPCRYPT_A_SUITES], gc->json);
			break;
		case S_PORTS:
			print_ports(tb[TCPCRYPT_A_EXCLUDE_PORTS], gc->json);
			break;
		}
		if (!gc->json)
			putchar('\n');
	}
	if (gc->json)
		printf("}\n");
	return MNL_CB_OK;
}

int cmd_get(int argc, char **argv, const struct opts *o)
{
	struct get_ctx gc = { .only = -1, .json = o->json };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int ret;

	if (argc > 2) {
		fprintf(stderr, "tcpcryptctl get: one setting at most (valid: " SETTINGS ")\n");
		return EXIT_USAGE;
	}
	if (argc == 2) {
		gc.only = setting_find(argv[1]);
		if (gc.only < 0) {
			fprintf(stderr, "tcpcryptctl get: unknown setting '%s' (valid: "
				SETTINGS ")\n", argv[1]);
			return EXIT_USAGE;
		}
	}
	ret = tc_nl_open(&t, "get");
	if (ret)
		return ret;
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_GET_CONFIG, 0),
			 get_cb, &gc);
	tc_nl_close(&t);
	return ret;
}

/* ---- set ---- */

static int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

/* "p256,x25519" or "p256 x25519": names go to the kernel, which checks them. */
static int put_names(struct nlmsghdr *nlh, size_t size, int type,
		     const char *value)
{
	char *copy = strdup(value), *tok, *save;
	struct nlattr *nest;
	unsigned int n = 0;

	if (!copy)
		return -1;
	nest = mnl_attr_nest_start(nlh, type);
	for (tok = strtok_r(copy, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		if (!mnl_attr_put_strz_check(nlh, size, TCPCRYPT_LIST_A_NAME, tok))
			break;
		n++;
	}
	mnl_attr_nest_end(nlh, nest);
	free(copy);
	return n && !tok ? 0 : -1;
}

/* "22,8000-8099", or "none" (or "") for no exclusions. */
static int put_ports(struct nlmsghdr *nlh, size_t size, const char *value)
{
	char *copy = strdup(value), *tok, *save;
	struct nlattr *nest;
	int err = 0;

	if (!copy)
		return -1;
	nest = mnl_attr_nest_start(nlh, TCPCRYPT_A_EXCLUDE_PORTS);
	if (strcmp(value, "none")) {
		for (tok = strtok_r(copy, ",", &save); tok && !err;
		     tok = strtok_r(NULL, ",", &save)) {
			struct tcpcrypt_port_range r;
			unsigned long first, last;
			char *dash = strchr(tok, '-');

			if (dash)
				*dash = '\0';
			if (parse_uint(tok, 65535, &first) ||
			    parse_uint(dash ? dash + 1 : tok, 65535, &last) ||
			    first > last) {
				err = -1;
				break;
			}
			r.first = first;
			r.last = last;
			if (!mnl_attr_put_check(nlh, size, TCPCRYPT_PORTS_A_RANGE,
						sizeof(r), &r))
				err = -1;
		}
	}
	mnl_attr_nest_end(nlh, nest);
	free(copy);
	return err;
}

int cmd_set(int argc, char **argv, const struct opts *o)
{
	static char buf[SET_BUF_SIZE];
	struct tc_nl t = { 0 };
	struct nlmsghdr *nlh;
	unsigned long v;
	int i, s, ret;

	(void)o;
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "tcpcryptctl set: expected SETTING VALUE pairs (settings: "
			SETTINGS ")\n");
		return EXIT_USAGE;
	}
	/* Check the command line before asking the kernel anything. */
	nlh = tc_nl_msg(&t, buf, TCPCRYPT_CMD_SET_CONFIG, NLM_F_ACK);
	for (i = 1; i < argc; i += 2) {
		const char *val = argv[i + 1];

		s = setting_find(argv[i]);
		switch (s) {
		case S_ENABLED:
			if (!strcmp(val, "on") || !strcmp(val, "1"))
				mnl_attr_put_u8(nlh, TCPCRYPT_A_ENABLED, 1);
			else if (!strcmp(val, "off") || !strcmp(val, "0"))
				mnl_attr_put_u8(nlh, TCPCRYPT_A_ENABLED, 0);
			else
				goto bad_value;
			break;
		case S_MAX_CONNS:
		case S_MAX_HS:
			if (parse_uint(val, LIMIT_MAX, &v) || !v)
				goto bad_value;
			mnl_attr_put_u32(nlh, s == S_MAX_CONNS ? TCPCRYPT_A_MAX_CONNS :
					 TCPCRYPT_A_MAX_HANDSHAKES, v);
			break;
		case S_PUBKEYS:
		case S_SUITES:
			if (put_names(nlh, sizeof(buf), s == S_PUBKEYS ?
				      TCPCRYPT_A_PUBKEYS : TCPCRYPT_A_SUITES, val))
				goto bad_value;
			break;
		case S_PORTS:
			if (put_ports(nlh, sizeof(buf), val))
				goto bad_value;
			break;
		default:
			fprintf(stderr, "tcpcryptctl set: unknown setting '%s' (valid: "
				SETTINGS ")\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	ret = tc_nl_open(&t, "set");
	if (ret)
		return ret;
	nlh->nlmsg_type = t.family;
	nlh->nlmsg_seq = ++t.seq;
	ret = tc_nl_talk(&t, nlh, NULL, NULL);
	tc_nl_close(&t);
	return ret;

bad_value:
	switch (s) {
	case S_ENABLED:
		fprintf(stderr, "tcpcryptctl set: enabled: invalid value '%s' (valid: on, off)\n",
			argv[i + 1]);
		break;
	case S_MAX_CONNS:
	case S_MAX_HS:
		fprintf(stderr, "tcpcryptctl set: %s: invalid value '%s' (valid: 1 to %u)\n",
			setting_names[s], argv[i + 1], LIMIT_MAX);
		break;
	case S_PUBKEYS:
		fprintf(stderr, "tcpcryptctl set: pubkeys: empty list (valid: p256, x25519)\n");
		break;
	case S_SUITES:
		fprintf(stderr, "tcpcryptctl set: suites: empty list (valid: chacha20, aes128)\n");
		break;
	case S_PORTS:
		fprintf(stderr, "tcpcryptctl set: exclude-ports: invalid value '%s' (valid: a "
			"list of ports 0 to 65535 and ranges such as 22,8000-8099, or none)\n",
			argv[i + 1]);
		break;
	}
	return EXIT_USAGE;
}

/* ---- refresh ---- */

int cmd_refresh(int argc, char **argv, const struct opts *o)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int ret;

	(void)o;
	if (argc > 1) {
		fprintf(stderr, "tcpcryptctl refresh: unexpected argument '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	ret = tc_nl_open(&t, "refresh");
	if (ret)
		return ret;
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_REFRESH_KEYS, NLM_F_ACK),
			 NULL, NULL);
	tc_nl_close(&t);
	return ret;
}
