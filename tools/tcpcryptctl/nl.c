// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink side of tcpcryptctl, on libmnl: find the "tcpcrypt"
 * family (never loaded on demand: that is the administrator's modprobe),
 * send a request, collect the
 * replies, and turn errors into messages a person can act on.
 *
 * libmnl rather than a netlink layer of our own: it is small, packaged
 * (Debian libmnl-dev), and already does the framing and attribute
 * walking that a private copy would have to get right again.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "tcpcryptctl.h"

/* The exclusion list can take 32768 ranges: about 256 KiB. */
#define TC_NL_BUF_SIZE	(512 * 1024)
char tc_nl_buf[TC_NL_BUF_SIZE];
const size_t tc_nl_buf_size = TC_NL_BUF_SIZE;

int tc_nl_error(const struct tc_nl *t, int err, const char *extack)
{
	switch (err) {
	case EPERM:
		fprintf(stderr,
			"tcpcryptctl: %s: permission denied: this needs CAP_NET_ADMIN "
			"in the network namespace (run it as root)\n", t->what);
		return EXIT_PERM;
	case EINVAL:
	case ERANGE:	/* what a policy's range check returns */
		if (extack) {
			fprintf(stderr, "tcpcryptctl: %s: refused: %s\n", t->what,
				extack);
			return EXIT_USAGE;
		}
		break;
	case EOPNOTSUPP:
		fprintf(stderr,
			"tcpcryptctl: %s: the loaded tcpcrypt module does not know this "
			"command (older than tcpcryptctl?)\n", t->what);
		return EXIT_ERROR;
	}
	fprintf(stderr, "tcpcryptctl: %s: %s%s%s\n", t->what, strerror(err),
		extack ? ": " : "", extack ? extack : "");
	return EXIT_ERROR;
}

int tc_nl_parse_nested(const struct nlattr *nest, const struct nlattr **tb,
		       unsigned int max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_nested(a, nest) {
		unsigned int type = mnl_attr_get_type(a);

		/* Newer kernels may add attributes: skip what we do not know. */
		if (type <= max)
			tb[type] = a;
	}
	return 0;
}

int tc_nl_parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb,
		    unsigned int max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		unsigned int type = mnl_attr_get_type(a);

		if (type <= max)
			tb[type] = a;
	}
	return 0;
}

struct tc_nl_err {
	int err;
	char msg[256];
	/* Where the kernel pointed: offset of the attribute in the request. */
	bool has_offs;
	uint32_t offs;
	/* The bounds of the policy the value broke, if it said. */
	bool has_range, has_maxlen;
	uint64_t min, max, maxlen;
};

/* NLMSGERR_ATTR_POLICY: the valid range of the refused attribute. */
static void tc_nl_policy(const struct nlattr *nest, struct tc_nl_err *te)
{
	const struct nlattr *tb[NL_POLICY_TYPE_ATTR_MAX + 1];

	tc_nl_parse_nested(nest, tb, NL_POLICY_TYPE_ATTR_MAX);
	if (tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U] && tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U] &&
	    mnl_attr_get_payload_len(tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U]) == 8 &&
	    mnl_attr_get_payload_len(tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]) == 8) {
		te->has_range = true;
		te->min = mnl_attr_get_u64(tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U]);
		te->max = mnl_attr_get_u64(tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]);
	}
	if (tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH] &&
	    mnl_attr_get_payload_len(tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH]) == 4) {
		te->has_maxlen = true;
		te->maxlen = mnl_attr_get_u32(tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH]);
	}
}

/* NLMSG_ERROR: an error (with its extended ACK message) or the final ACK. */
static int tc_nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct tc_nl_err *te = data;
	const struct nlattr *a;
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		te->err = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!e->error)
		return MNL_CB_STOP;
	te->err = -e->error;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* The TLVs follow the request, or only its header if capped. */
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(e->msg);
		mnl_attr_for_each(a, nlh, off) {
			switch (mnl_attr_get_type(a)) {
			case NLMSGERR_ATTR_MSG:
				if (!mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
					snprintf(te->msg, sizeof(te->msg), "%s",
						 mnl_attr_get_str(a));
				break;
			case NLMSGERR_ATTR_OFFS:
				if (!mnl_attr_validate(a, MNL_TYPE_U32)) {
					te->has_offs = true;
					te->offs = mnl_attr_get_u32(a);
				}
				break;
			case NLMSGERR_ATTR_POLICY:
				tc_nl_policy(a, te);
				break;
			}
		}
	}
	return MNL_CB_ERROR;
}

/* Send, run cb on the replies; 0, or -1 with te filled in. */
static int tc_nl_do(struct tc_nl *t, struct nlmsghdr *nlh, mnl_cb_t cb,
		    void *data, struct tc_nl_err *te)
{
	unsigned int seq = nlh->nlmsg_seq;
	const struct nlmsghdr *m;
	int len;

	if (mnl_socket_sendto(t->sock, nlh, nlh->nlmsg_len) < 0)
		goto sys_err;
	for (;;) {
		len = mnl_socket_recvfrom(t->sock, tc_nl_buf, tc_nl_buf_size);
		if (len < 0)
			goto sys_err;
		/*
		 * Walk the messages here rather than in mnl_cb_run(): errors
		 * must reach the extended ACK parser, replies the callback.
		 */
		for (m = (const struct nlmsghdr *)tc_nl_buf; mnl_nlmsg_ok(m, len);
		     m = mnl_nlmsg_next(m, &len)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != t->portid)
				continue;	/* not a reply to this request */
			if (m->nlmsg_type == NLMSG_DONE) {
				/* A dump that failed midway says so here. */
				const int *e = mnl_nlmsg_get_payload(m);

				if (mnl_nlmsg_get_payload_len(m) >= sizeof(*e) && *e < 0) {
					te->err = -*e;
					return -1;
				}
				return 0;
			}
			if (m->nlmsg_type == NLMSG_ERROR)
				return tc_nl_error_cb(m, te) == MNL_CB_STOP ? 0 : -1;
			if (m->nlmsg_type < NLMSG_MIN_TYPE)
				continue;	/* NOOP, OVERRUN */
			if (m->nlmsg_flags & NLM_F_DUMP_INTR)
				fprintf(stderr,
					"tcpcryptctl: %s: the table changed during the dump; "
					"some connections may be missing or repeated\n",
					t->what);
			if (cb && cb(m, data) < MNL_CB_OK) {
				te->err = EBADMSG;
				return -1;
			}
			/* A reply to a request without an ACK ends it. */
			if (!(m->nlmsg_flags & NLM_F_MULTI) &&
			    !(nlh->nlmsg_flags & NLM_F_ACK))
				return 0;
		}
	}
sys_err:
	te->err = errno;
	return -1;
}

/* The top-level attribute of the request that holds offset offs, or -1. */
static int tc_nl_attr_at(const struct nlmsghdr *nlh, uint32_t offs)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		uint32_t start = (const char *)a - (const char *)nlh;

		if (offs >= start && offs < start + a->nla_len)
			return mnl_attr_get_type(a);
	}
	return -1;
}

int tc_nl_talk(struct tc_nl *t, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct tc_nl_err te = { 0 };
	const char *name = NULL;
	char msg[512];
	size_t n = 0;
	int type;

	if (!tc_nl_do(t, nlh, cb, data, &te))
		return EXIT_OK;
	if (!te.msg[0])
		return tc_nl_error(t, te.err, NULL);
	/*
	 * Say which setting was refused, and its valid values when the
	 * kernel's message leaves them to the policy it sent along.
	 */
	if (te.has_offs && t->attr_name) {
		type = tc_nl_attr_at(nlh, te.offs);
		if (type >= 0)
			name = t->attr_name(type);
	}
	if (name)
		n += snprintf(msg + n, sizeof(msg) - n, "%s: ", name);
	n += snprintf(msg + n, sizeof(msg) - n, "%s", te.msg);
	if (!strstr(te.msg, "valid:") && n < sizeof(msg)) {
		if (te.has_range)
			snprintf(msg + n, sizeof(msg) - n, " (valid: %" PRIu64 " to %" PRIu64 ")",
				 te.min, te.max);
		else if (te.has_maxlen)
			snprintf(msg + n, sizeof(msg) - n, " (valid: at most %" PRIu64 " bytes)",
				 te.maxlen);
	}
	return tc_nl_error(t, te.err, msg);
}

struct nlmsghdr *tc_nl_msg(struct tc_nl *t, void *buf, uint8_t cmd,
			   uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = t->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++t->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = TCPCRYPT_GENL_VERSION;
	return nlh;
}

/* CTRL_CMD_GETFAMILY reply: the family id and the events group id. */
static int tc_nl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1], *grp, *g[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct tc_nl *t = data;

	tc_nl_parse_msg(nlh, tb, CTRL_ATTR_MAX);
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return MNL_CB_ERROR;
	t->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS]) {
		tc_nl_parse_nested(grp, g, CTRL_ATTR_MCAST_GRP_MAX);
		if (g[CTRL_ATTR_MCAST_GRP_NAME] && g[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(mnl_attr_get_str(g[CTRL_ATTR_MCAST_GRP_NAME]),
			    TCPCRYPT_GENL_MCGRP_EVENTS))
			t->events_group = mnl_attr_get_u32(g[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return MNL_CB_OK;
}

int tc_nl_open(struct tc_nl *t, const char *what)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct tc_nl_err te = { 0 };
	struct genlmsghdr *g;
	int one = 1;

	memset(t, 0, sizeof(*t));
	t->what = what;
	t->seq = time(NULL);
	t->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!t->sock) {
		fprintf(stderr, "tcpcryptctl: %s: cannot open a netlink socket: %s\n",
			what, strerror(errno));
		return EXIT_ERROR;
	}
	/* Best effort: older kernels just give no error messages. */
	mnl_socket_setsockopt(t->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(t->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(t->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "tcpcryptctl: %s: cannot bind a netlink socket: %s\n",
			what, strerror(errno));
		tc_nl_close(t);
		return EXIT_ERROR;
	}
	t->portid = mnl_socket_get_portid(t->sock);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = ++t->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, TCPCRYPT_GENL_NAME);
	/* The module has no family alias: absent means not loaded. */
	t->family = GENL_ID_CTRL;
	if (!tc_nl_do(t, nlh, tc_nl_family_cb, t, &te) &&
	    t->family != GENL_ID_CTRL)
		return EXIT_OK;
	tc_nl_close(t);
	if (te.err == ENOENT) {
		fprintf(stderr,
			"tcpcryptctl: tcpcrypt is not loaded in this kernel.\n"
			"Loading it switches encryption on for the whole host; an "
			"administrator does that with: modprobe tcpcrypt\n");
		return EXIT_NOT_LOADED;
	}
	fprintf(stderr, "tcpcryptctl: cannot look up the tcpcrypt netlink family: %s\n",
		strerror(te.err ? te.err : EBADMSG));
	return EXIT_ERROR;
}

void tc_nl_close(struct tc_nl *t)
{
	if (t->sock)
		mnl_socket_close(t->sock);
	t->sock = NULL;
}
