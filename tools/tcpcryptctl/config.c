// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl get", "set", "refresh" and "flush": the namespace's
 * settings, the same state as the sysctls under /proc/sys/net/tcpcrypt/,
 * through TCPCRYPT_CMD_GET_CONFIG and TCPCRYPT_CMD_SET_CONFIG; rotating
 * the short-lived keys with TCPCRYPT_CMD_REFRESH_KEYS; and wiping the
 * session cache with TCPCRYPT_CMD_FLUSH_CACHE.
 *
 * Settings go by their one name, the sysctl's (old names are accepted as
 * deprecated aliases). set checks the form of each value (a number in the
 * range of the uapi header's TCPCRYPT_NUM_SETTINGS, a known name, an
 * address); the kernel checks the rest, and its refusal names the setting
 * and the valid values.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpcryptctl.h"

/* Room for the longest request: 32768 port ranges of 8 bytes. */
#define SET_BUF_SIZE (512 * 1024)

enum kind { K_ONOFF, K_NUM, K_LIST, K_PORTS, K_ADDRS, K_CMODE, K_RSA };

/* Every setting by its one name (the sysctl's), in the order get prints. */
static const struct {
	const char *name;
	int attr;		/* TCPCRYPT_A_* that carries it */
	enum kind kind;
	const char *valid;	/* what a refusal names as valid; K_NUM: the range */
} settings[] = {
	{ "enabled", TCPCRYPT_A_ENABLED, K_ONOFF, "on, off, 1, 0" },
	{ "max_conns", TCPCRYPT_A_MAX_CONNS, K_NUM, NULL },
	{ "max_handshakes", TCPCRYPT_A_MAX_HANDSHAKES, K_NUM, NULL },
	{ "pubkeys", TCPCRYPT_A_PUBKEYS, K_LIST, "p256, x25519, rsa3" },
	{ "suites", TCPCRYPT_A_SUITES, K_LIST, "chacha20, aes128" },
	{ "legacy", TCPCRYPT_A_LEGACY, K_ONOFF, "on, off, 1, 0" },
	{ "exclude_ports", TCPCRYPT_A_EXCLUDE_PORTS, K_PORTS,
	  "a list of ports 0 to 65535 and ranges such as 22,8000-8099, or none" },
	{ "exclude_addrs", TCPCRYPT_A_EXCLUDE_ADDRS, K_ADDRS,
	  "a list of addresses and prefixes such as 10.0.0.0/8,fd00::/8, or none" },
	{ "default_cmode", TCPCRYPT_A_DEFAULT_CMODE, K_CMODE,
	  "default, always, never, default-nk, always-nk, never-nk" },
	{ "key_lifetime", TCPCRYPT_A_KEY_LIFETIME, K_NUM, NULL },
	{ "key_max_uses", TCPCRYPT_A_KEY_MAX_USES, K_NUM, NULL },
	{ "cache_max", TCPCRYPT_A_CACHE_MAX, K_NUM, NULL },
	{ "cache_lifetime", TCPCRYPT_A_CACHE_LIFETIME, K_NUM, NULL },
	{ "rsa_key", TCPCRYPT_A_RSA_KEY, K_RSA, NULL },
};

#define NSETTINGS ((int)(sizeof(settings) / sizeof(settings[0])))

/* The ranges of the numeric settings, from the uapi header's table. */
static const struct {
	int attr;
	unsigned long min, max;
} ranges[] = {
#define RANGE(name, attr, type, lo, hi, def) { TCPCRYPT_A_##attr, lo, hi },
	TCPCRYPT_NUM_SETTINGS(RANGE)
#undef RANGE
};

/* Old names, still accepted (deprecated, see tcpcryptctl(8)). */
static const struct {
	const char *alias;
	const char *name;
} aliases[] = {
	{ "max-conns", "max_conns" },
	{ "max_connections", "max_conns" },
	{ "max-handshakes", "max_handshakes" },
	{ "exclude-ports", "exclude_ports" },
	{ "exclude-addrs", "exclude_addrs" },
	{ "cmode", "default_cmode" },
	{ "key-lifetime", "key_lifetime" },
	{ "key-max-uses", "key_max_uses" },
	{ "cache-size", "cache_max" },
	{ "cache_size", "cache_max" },
	{ "cache-lifetime", "cache_lifetime" },
	{ "rsa-key", "rsa_key" },
};

#define SETTING_NAMES "enabled, max_conns, max_handshakes, pubkeys, suites, legacy, " \
	"exclude_ports, exclude_addrs, default_cmode, key_lifetime, key_max_uses, " \
	"cache_max, cache_lifetime"
#define GET_SETTINGS SETTING_NAMES ", rsa_key"
#define SET_SETTINGS SETTING_NAMES

/* TCP_CRYPT_CMODE_* by the names the sysctl default_cmode uses too. */
static const struct {
	uint16_t cmode;
	const char *name;
} cmodes[] = {
	{ TCP_CRYPT_CMODE_DEFAULT, "default" },
	{ TCP_CRYPT_CMODE_ALWAYS, "always" },
	{ TCP_CRYPT_CMODE_NEVER, "never" },
	{ TCP_CRYPT_CMODE_DEFAULT_NK, "default-nk" },
	{ TCP_CRYPT_CMODE_ALWAYS_NK, "always-nk" },
	{ TCP_CRYPT_CMODE_NEVER_NK, "never-nk" },
};

static int range_of(int attr, unsigned long *min, unsigned long *max)
{
	unsigned int i;

	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if (ranges[i].attr == attr) {
			*min = ranges[i].min;
			*max = ranges[i].max;
			return 0;
		}
	}
	return -1;
}

/* What a refusal of setting s names as valid. */
static const char *setting_valid(int s, char *buf, size_t len)
{
	unsigned long min, max;

	if (settings[s].kind != K_NUM || range_of(settings[s].attr, &min, &max))
		return settings[s].valid;
	snprintf(buf, len, "%lu to %lu", min, max);
	return buf;
}

/* A setting by its name or an old alias of it (with a note); or -1. */
static int setting_find(const char *name, const char *cmd)
{
	unsigned int j;
	int i;

	for (i = 0; i < NSETTINGS; i++)
		if (!strcmp(name, settings[i].name))
			return i;
	for (j = 0; j < sizeof(aliases) / sizeof(aliases[0]); j++) {
		if (strcmp(name, aliases[j].alias))
			continue;
		fprintf(stderr, "tcpcryptctl %s: '%s' is deprecated, its name is '%s'\n",
			cmd, name, aliases[j].name);
		for (i = 0; i < NSETTINGS; i++)
			if (!strcmp(aliases[j].name, settings[i].name))
				return i;
	}
	return -1;
}

/* For refusals: the setting a SET_CONFIG attribute carries. */
static const char *setting_of_attr(int type)
{
	int i;

	for (i = 0; i < NSETTINGS; i++)
		if (settings[i].attr == type)
			return settings[i].name;
	return NULL;
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
	for (i = 0; i < sizeof(cmodes) / sizeof(cmodes[0]); i++) {
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
	for (i = 0; i < NSETTINGS; i++) {
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

/*
 * "10.0.0.0/8,fd00::/8" (commas or spaces), a bare address being a host;
 * or "none" (or "") for no exclusions. The kernel checks the lengths and
 * the count.
 */
static int put_addrs(struct nlmsghdr *nlh, size_t size, const char *value)
{
	char *copy = strdup(value), *tok, *save;
	struct nlattr *nest, *pfx;
	int err = 0;

	if (!copy)
		return -1;
	nest = mnl_attr_nest_start(nlh, TCPCRYPT_A_EXCLUDE_ADDRS);
	if (strcmp(value, "none")) {
		for (tok = strtok_r(copy, " ,", &save); tok && !err;
		     tok = strtok_r(NULL, " ,", &save)) {
			char *slash = strchr(tok, '/');
			unsigned char addr[16];
			unsigned long plen;
			int family = strchr(tok, ':') ? AF_INET6 : AF_INET;

			if (slash)
				*slash = '\0';
			if (inet_pton(family, tok, addr) != 1 ||
			    (slash && parse_uint(slash + 1, 255, &plen))) {
				err = -1;
				break;
			}
			if (!slash)
				plen = family == AF_INET ? 32 : 128;
			pfx = mnl_attr_nest_start_check(nlh, size, TCPCRYPT_ADDRS_A_PREFIX);
			if (!pfx ||
			    !mnl_attr_put_u16_check(nlh, size, TCPCRYPT_PREFIX_A_FAMILY, family) ||
			    !mnl_attr_put_check(nlh, size, TCPCRYPT_PREFIX_A_ADDR,
						family == AF_INET ? 4 : 16, addr) ||
			    !mnl_attr_put_u8_check(nlh, size, TCPCRYPT_PREFIX_A_LEN, plen)) {
				err = -1;
				break;
			}
			mnl_attr_nest_end(nlh, pfx);
		}
	}
	mnl_attr_nest_end(nlh, nest);
	free(copy);
	return err;
}

static int parse_onoff(const char *val)
{
	if (!strcmp(val, "on") || !strcmp(val, "1"))
		return 1;
	if (!strcmp(val, "off") || !strcmp(val, "0"))
		return 0;
	return -1;
}

/* One SETTING VALUE pair into the request; -1 if the value is malformed. */
static int put_setting(struct nlmsghdr *nlh, size_t size, int s, const char *val)
{
	unsigned long v, min, max;
	unsigned int i;
	int b;

	switch (settings[s].kind) {
	case K_ONOFF:
		b = parse_onoff(val);
		if (b < 0)
			return -1;
		mnl_attr_put_u8(nlh, settings[s].attr, b);
		return 0;
	case K_NUM:
		if (range_of(settings[s].attr, &min, &max) ||
		    parse_uint(val, max, &v) || v < min)
			return -1;
		mnl_attr_put_u32(nlh, settings[s].attr, v);
		return 0;
	case K_LIST:
		return put_names(nlh, size, settings[s].attr, val);
	case K_PORTS:
		return put_ports(nlh, size, val);
	case K_ADDRS:
		return put_addrs(nlh, size, val);
	case K_CMODE:
		for (i = 0; i < sizeof(cmodes) / sizeof(cmodes[0]); i++) {
			if (!strcmp(val, cmodes[i].name)) {
				mnl_attr_put_u16(nlh, TCPCRYPT_A_DEFAULT_CMODE,
						 cmodes[i].cmode);
				return 0;
			}
		}
		return -1;
	case K_RSA:
		break;
	}
	return -1;
}

int cmd_set(int argc, char **argv, const struct opts *o)
{
	static char buf[SET_BUF_SIZE];
	struct tc_nl t = { 0 };
	char valid[64];
	struct nlmsghdr *nlh;
	int i, s, ret;

	(void)o;
	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "tcpcryptctl set: expected SETTING VALUE pairs (settings: "
			SET_SETTINGS ")\n");
		return EXIT_USAGE;
	}
	/* Check the command line before asking the kernel anything. */
	nlh = tc_nl_msg(&t, buf, TCPCRYPT_CMD_SET_CONFIG, NLM_F_ACK);
	for (i = 1; i < argc; i += 2) {
		const char *val = argv[i + 1];

		s = setting_find(argv[i], "set");
		if (s >= 0 && settings[s].kind == K_RSA) {
			fprintf(stderr, "tcpcryptctl set: rsa_key: load or clear the key with "
				"'tcpcryptctl rsakey new' or 'tcpcryptctl rsakey clear'\n");
			return EXIT_USAGE;
		}
		if (s < 0) {
			fprintf(stderr, "tcpcryptctl set: unknown setting '%s' (valid: "
				SET_SETTINGS ")\n", argv[i]);
			return EXIT_USAGE;
		}
		if (!put_setting(nlh, sizeof(buf), s, val))
			continue;
		if (settings[s].kind == K_LIST)
			fprintf(stderr, "tcpcryptctl set: %s: empty list (valid: %s)\n",
				settings[s].name, settings[s].valid);
		else
			fprintf(stderr, "tcpcryptctl set: %s: invalid value '%s' (valid: %s)\n",
				settings[s].name, val,
				setting_valid(s, valid, sizeof(valid)));
		return EXIT_USAGE;
	}
	ret = tc_nl_open(&t, "set");
	if (ret)
		return ret;
	t.attr_name = setting_of_attr;
	nlh->nlmsg_type = t.family;
	nlh->nlmsg_seq = ++t.seq;
	ret = tc_nl_talk(&t, nlh, NULL, NULL);
	tc_nl_close(&t);
	return ret;
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

/* ---- flush ---- */

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
