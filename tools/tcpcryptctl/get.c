// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl get [SETTING]": the namespace's settings, the same state as
 * the sysctls under /proc/sys/net/tcpcrypt/, from TCPCRYPT_CMD_GET_CONFIG.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpcryptctl.h"

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

/* 10.0.0.0/8 or fd00::/8, as the sysctl exclude_addrs writes them. */
static int format_prefix(const struct nlattr *nest, char *buf, size_t len)
{
	const struct nlattr *tb[TCPCRYPT_PREFIX_A_MAX + 1];
	char a[INET6_ADDRSTRLEN];
	int family;

	tc_nl_parse_nested(nest, tb, TCPCRYPT_PREFIX_A_MAX);
	if (!tb[TCPCRYPT_PREFIX_A_FAMILY] || !tb[TCPCRYPT_PREFIX_A_ADDR] ||
	    !tb[TCPCRYPT_PREFIX_A_LEN])
		return -1;
	family = mnl_attr_get_u16(tb[TCPCRYPT_PREFIX_A_FAMILY]);
	if ((family != AF_INET && family != AF_INET6) ||
	    mnl_attr_get_payload_len(tb[TCPCRYPT_PREFIX_A_ADDR]) !=
	    (family == AF_INET ? 4u : 16u) ||
	    !inet_ntop(family, mnl_attr_get_payload(tb[TCPCRYPT_PREFIX_A_ADDR]),
		       a, sizeof(a)))
		return -1;
	snprintf(buf, len, "%s/%u", a, mnl_attr_get_u8(tb[TCPCRYPT_PREFIX_A_LEN]));
	return 0;
}

static void print_addrs(const struct nlattr *nest, bool json)
{
	char p[INET6_ADDRSTRLEN + 8];
	const struct nlattr *a;
	unsigned int n = 0;

	if (json)
		putchar('[');
	if (nest) {
		mnl_attr_for_each_nested(a, nest) {
			if (mnl_attr_get_type(a) != TCPCRYPT_ADDRS_A_PREFIX ||
			    format_prefix(a, p, sizeof(p)))
				continue;
			printf(json ? "%s\"%s\"" : "%s%s", n ? (json ? ", " : ",") : "", p);
			n++;
		}
	}
	if (json)
		putchar(']');
	else if (!n)
		printf("none");
}

static void print_onoff(const struct nlattr *a, bool json)
{
	if (!a)
		printf(json ? "null" : "unknown");
	else if (json)
		printf(mnl_attr_get_u8(a) ? "true" : "false");
	else
		printf(mnl_attr_get_u8(a) ? "on" : "off");
}

static void print_u32(const struct nlattr *a, bool json)
{
	if (a)
		printf("%u", mnl_attr_get_u32(a));
	else
		printf(json ? "null" : "unknown");
}

static void print_cmode(const struct nlattr *a, bool json)
{
	unsigned int i, v;

	if (!a) {
		printf(json ? "null" : "unknown");
		return;
	}
	v = mnl_attr_get_u16(a);
	for (i = 0; i < ncmodes; i++) {
		if (cmodes[i].cmode == v) {
			printf(json ? "\"%s\"" : "%s", cmodes[i].name);
			return;
		}
	}
	/* A mode newer than this tool: its number still means something. */
	printf("%u", v);
}

static void print_rsakey(const struct nlattr **tb, bool json)
{
	uint64_t age;

	if (!tb[TCPCRYPT_A_RSA_KEY_LOADED]) {
		printf(json ? "null" : "unknown");
		return;
	}
	if (!mnl_attr_get_u8(tb[TCPCRYPT_A_RSA_KEY_LOADED]) ||
	    !tb[TCPCRYPT_A_RSA_KEY_BITS] || !tb[TCPCRYPT_A_RSA_KEY_AGE_MS]) {
		printf(json ? "{\"loaded\": false}" : "none");
		return;
	}
	age = mnl_attr_get_u64(tb[TCPCRYPT_A_RSA_KEY_AGE_MS]);
	if (json)
		printf("{\"loaded\": true, \"bits\": %u, \"age_ms\": %" PRIu64 "}",
		       mnl_attr_get_u32(tb[TCPCRYPT_A_RSA_KEY_BITS]), age);
	else
		printf("%u bits, loaded %" PRIu64 " s ago",
		       mnl_attr_get_u32(tb[TCPCRYPT_A_RSA_KEY_BITS]), age / 1000);
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
	for (i = 0; i < nsettings; i++) {
		const struct nlattr *a = tb[settings[i].attr];

		if (gc->only >= 0 && gc->only != i)
			continue;
		if (gc->json)
			printf("%s\"%s\": ", gc->only < 0 && i ? ", " : "", settings[i].name);
		else if (gc->only < 0)
			printf("%-16s ", settings[i].name);
		switch (settings[i].kind) {
		case K_ONOFF:
			print_onoff(a, gc->json);
			break;
		case K_NUM:
			print_u32(a, gc->json);
			break;
		case K_LIST:
			print_list(a, gc->json);
			break;
		case K_PORTS:
			print_ports(a, gc->json);
			break;
		case K_ADDRS:
			print_addrs(a, gc->json);
			break;
		case K_CMODE:
			print_cmode(a, gc->json);
			break;
		case K_RSA:
			print_rsakey(tb, gc->json);
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
		fprintf(stderr, "tcpcryptctl get: one setting at most (valid: " GET_SETTINGS ")\n");
		return EXIT_USAGE;
	}
	if (argc == 2) {
		gc.only = setting_find(argv[1], "get");
		if (gc.only < 0) {
			fprintf(stderr, "tcpcryptctl get: unknown setting '%s' (valid: "
				GET_SETTINGS ")\n", argv[1]);
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

