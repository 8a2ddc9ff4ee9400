// SPDX-License-Identifier: GPL-2.0
/*
 * tcnlset: send one TCPCRYPT_CMD_SET_CONFIG request, built attribute by
 * attribute from the command line, and print the kernel's answer. It
 * reaches the kernel's own checks with values tcpcryptctl never sends
 * (an unknown address family, an oversized key, ...).
 *
 *   tcnlset ATTR...
 *     u8:NAME=V  u16:NAME=V  u32:NAME=V   an integer attribute
 *     hex:NAME=HEX                        bytes given in hex ("" for none)
 *     zero:NAME=N                         N zero bytes
 *     nest:NAME ... end                   a nest around the following ones
 *   NAME is a uapi attribute name without its TCPCRYPT_ prefix, such as
 *   A_EXCLUDE_ADDRS, ADDRS_A_PREFIX or PREFIX_A_FAMILY.
 *
 * Prints "ok" and exits 0 on success; otherwise prints
 * "error: <errno name>: <extack message>", and the bounds of the policy
 * when the kernel sent it along ("policy: MIN to MAX", "policy: at least
 * N bytes", "policy: at most N bytes"), and exits 1. Usage errors exit 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/tcpcrypt.h>

#define BUF_SIZE 16384

#define NAME(n) { #n, TCPCRYPT_##n }
static const struct {
	const char *name;
	int type;
} names[] = {
	NAME(A_ENABLED), NAME(A_MAX_CONNS), NAME(A_MAX_HANDSHAKES),
	NAME(A_PUBKEYS), NAME(A_SUITES), NAME(A_EXCLUDE_PORTS),
	NAME(A_EXCLUDE_ADDRS), NAME(A_DEFAULT_CMODE), NAME(A_KEY_LIFETIME),
	NAME(A_KEY_MAX_USES), NAME(A_CACHE_MAX), NAME(A_CACHE_LIFETIME),
	NAME(A_LEGACY), NAME(A_RSA_KEY),
	NAME(LIST_A_NAME), NAME(PORTS_A_RANGE),
	NAME(ADDRS_A_PREFIX), NAME(PREFIX_A_FAMILY), NAME(PREFIX_A_ADDR),
	NAME(PREFIX_A_LEN),
};

static char req[BUF_SIZE], resp[BUF_SIZE], kept[BUF_SIZE];

static void __attribute__((noreturn)) usage(const char *why)
{
	fprintf(stderr, "tcnlset: %s\n", why);
	exit(2);
}

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "tcnlset: %s: %s\n", what, strerror(errno));
	exit(2);
}

static struct nlattr *put(struct nlmsghdr *nlh, int type, const void *data,
			  size_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)nlh + NLMSG_ALIGN(nlh->nlmsg_len));

	if (NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(NLA_HDRLEN + len) > BUF_SIZE)
		usage("request too large");
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	nlh->nlmsg_len = NLMSG_ALIGN(nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static struct nlmsghdr *msg(uint16_t family, uint8_t cmd, unsigned int seq)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)req;
	struct genlmsghdr *g;

	memset(req, 0, sizeof(req));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(*g));
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = NLMSG_DATA(nlh);
	g->cmd = cmd;
	g->version = family == GENL_ID_CTRL ? 1 : TCPCRYPT_GENL_VERSION;
	return nlh;
}

/*
 * Send the request and read until its ACK or error; the error's header.
 * A reply before it is kept aside, as the ACK may come in a later read.
 */
static struct nlmsgerr *talk(int fd, struct nlmsghdr *nlh, struct nlmsghdr **reply)
{
	ssize_t n;

	*reply = NULL;
	if (send(fd, nlh, nlh->nlmsg_len, 0) < 0)
		die("send");
	for (;;) {
		struct nlmsghdr *m;

		n = recv(fd, resp, sizeof(resp), 0);
		if (n < 0)
			die("recv");
		for (m = (struct nlmsghdr *)resp; NLMSG_OK(m, n); m = NLMSG_NEXT(m, n)) {
			if (m->nlmsg_seq != nlh->nlmsg_seq)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR)
				return NLMSG_DATA(m);
			if (m->nlmsg_len <= sizeof(kept)) {
				memcpy(kept, m, m->nlmsg_len);
				*reply = (struct nlmsghdr *)kept;
			}
		}
	}
}

static uint16_t family_id(int fd)
{
	struct nlmsghdr *nlh = msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1), *reply;
	struct nlmsgerr *e;
	struct nlattr *a;
	int len;

	put(nlh, CTRL_ATTR_FAMILY_NAME, TCPCRYPT_GENL_NAME, sizeof(TCPCRYPT_GENL_NAME));
	e = talk(fd, nlh, &reply);
	if (e->error || !reply) {
		errno = e->error ? -e->error : EBADMSG;
		die("family " TCPCRYPT_GENL_NAME);
	}
	len = reply->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (a = (struct nlattr *)((char *)NLMSG_DATA(reply) + GENL_HDRLEN);
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
	usage("no family id in the reply");
}

static int lookup(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len && !strncmp(names[i].name, name, len))
			return names[i].type;
	fprintf(stderr, "tcnlset: unknown attribute '%.*s'\n", (int)len, name);
	exit(2);
}

/* The attributes of the command line into nlh, nests closed by "end". */
static void build(struct nlmsghdr *nlh, int argc, char **argv)
{
	struct nlattr *open[8];
	int depth = 0, i;

	for (i = 1; i < argc; i++) {
		char *colon = strchr(argv[i], ':'), *eq, *name;
		unsigned char bytes[BUF_SIZE / 2];
		unsigned long v;
		size_t n, k;

		if (!strcmp(argv[i], "end")) {
			if (!depth)
				usage("'end' without a nest");
			depth--;
			open[depth]->nla_len = (char *)nlh + nlh->nlmsg_len - (char *)open[depth];
			continue;
		}
		if (!colon)
			usage("expected TYPE:NAME[=VALUE]");
		name = colon + 1;
		eq = strchr(name, '=');
		if (!strncmp(argv[i], "nest:", 5)) {
			if (depth == 8)
				usage("nests too deep");
			open[depth++] = put(nlh, lookup(name, strlen(name)) | NLA_F_NESTED,
					    NULL, 0);
			continue;
		}
		if (!eq)
			usage("expected TYPE:NAME=VALUE");
		v = strtoul(eq + 1, NULL, 0);
		if (!strncmp(argv[i], "u8:", 3)) {
			uint8_t x = v;

			put(nlh, lookup(name, eq - name), &x, sizeof(x));
		} else if (!strncmp(argv[i], "u16:", 4)) {
			uint16_t x = v;

			put(nlh, lookup(name, eq - name), &x, sizeof(x));
		} else if (!strncmp(argv[i], "u32:", 4)) {
			uint32_t x = v;

			put(nlh, lookup(name, eq - name), &x, sizeof(x));
		} else if (!strncmp(argv[i], "hex:", 4)) {
			n = strlen(eq + 1) / 2;
			if (n > sizeof(bytes))
				usage("hex value too long");
			for (k = 0; k < n; k++)
				if (sscanf(eq + 1 + 2 * k, "%2hhx", &bytes[k]) != 1)
					usage("bad hex");
			put(nlh, lookup(name, eq - name), bytes, n);
		} else if (!strncmp(argv[i], "zero:", 5)) {
			if (v > sizeof(bytes))
				usage("too many zero bytes");
			memset(bytes, 0, v);
			put(nlh, lookup(name, eq - name), bytes, v);
		} else {
			usage("unknown TYPE (valid: u8, u16, u32, hex, zero, nest)");
		}
	}
	if (depth)
		usage("a nest without its 'end'");
}

/* The extended ACK: message and, if given, the policy's bounds. */
static void print_error(const struct nlmsgerr *e, const struct nlmsghdr *m)
{
	const char *msg = "";
	uint64_t min = 0, max = 0;
	int have_range = 0, len;
	struct nlattr *a, *p;
	size_t off = sizeof(*e);

	if (!(m->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	len = m->nlmsg_len - NLMSG_LENGTH(off);
	for (a = (struct nlattr *)((char *)e + off);
	     len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN && a->nla_len <= len;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		int plen;

		/* The policy is a nest: NLA_F_NESTED is set in its type. */
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			msg = (char *)a + NLA_HDRLEN;
		if ((a->nla_type & NLA_TYPE_MASK) != NLMSGERR_ATTR_POLICY)
			continue;
		plen = a->nla_len - NLA_HDRLEN;
		for (p = (struct nlattr *)((char *)a + NLA_HDRLEN);
		     plen >= NLA_HDRLEN && p->nla_len >= NLA_HDRLEN && p->nla_len <= plen;
		     plen -= NLA_ALIGN(p->nla_len),
		     p = (struct nlattr *)((char *)p + NLA_ALIGN(p->nla_len))) {
			int type = p->nla_type & NLA_TYPE_MASK;

			if (type == NL_POLICY_TYPE_ATTR_MIN_VALUE_U) {
				memcpy(&min, (char *)p + NLA_HDRLEN, sizeof(min));
				have_range = 1;
			} else if (type == NL_POLICY_TYPE_ATTR_MAX_VALUE_U) {
				memcpy(&max, (char *)p + NLA_HDRLEN, sizeof(max));
			} else if (type == NL_POLICY_TYPE_ATTR_MIN_LENGTH ||
				   type == NL_POLICY_TYPE_ATTR_MAX_LENGTH) {
				uint32_t l;

				memcpy(&l, (char *)p + NLA_HDRLEN, sizeof(l));
				printf("policy: at %s %u bytes\n",
				       type == NL_POLICY_TYPE_ATTR_MIN_LENGTH ?
				       "least" : "most", l);
			}
		}
	}
	printf("error: %s: %s\n", strerrorname_np(-e->error) ?: "?", msg);
	if (have_range)
		printf("policy: %llu to %llu\n", (unsigned long long)min,
		       (unsigned long long)max);
}

int main(int argc, char **argv)
{
	struct nlmsghdr *nlh, *reply;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsgerr *e;
	int fd, one = 1;
	uint16_t family;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)))
		die("setsockopt");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	family = family_id(fd);
	nlh = msg(family, TCPCRYPT_CMD_SET_CONFIG, 2);
	build(nlh, argc, argv);
	e = talk(fd, nlh, &reply);
	if (!e->error) {
		printf("ok\n");
		return 0;
	}
	print_error(e, (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN));
	return 1;
}
