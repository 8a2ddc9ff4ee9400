// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl set SETTING VALUE...": change settings through
 * TCPCRYPT_CMD_SET_CONFIG, all in one request, so that the kernel applies
 * all or none. set checks the form of each value (a number in the range
 * of the uapi header's TCPCRYPT_NUM_SETTINGS, a known name, an address);
 * the kernel checks the rest, and its refusal names the setting and the
 * valid values.
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
		for (i = 0; i < ncmodes; i++) {
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

