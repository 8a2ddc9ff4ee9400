// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl monitor": print the namespace's session events as they
 * happen, from the "events" multicast group, until interrupted (or
 * after --count N events).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>

#include "tcpcryptctl.h"

static const char *const event_names[__TCPCRYPT_EVENT_MAX] = {
	[TCPCRYPT_EVENT_HANDSHAKE_DONE] = "handshake-done",
	[TCPCRYPT_EVENT_FALLBACK] = "fallback",
	[TCPCRYPT_EVENT_MAC_FAILURE] = "mac-failure",
	[TCPCRYPT_EVENT_CLOSED] = "closed",
};

struct monitor_ctx {
	bool json;
	unsigned long left;	/* 0: no limit */
	bool done;
};

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[TCPCRYPT_A_MAX + 1];
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	struct monitor_ctx *mc = data;
	const char *name = "unknown";
	struct tc_conn c;
	unsigned int ev;

	if (g->cmd != TCPCRYPT_CMD_EVENT)
		return MNL_CB_OK;
	tc_nl_parse_msg(nlh, tb, TCPCRYPT_A_MAX);
	if (!tb[TCPCRYPT_A_EVENT] || !tb[TCPCRYPT_A_CONN] ||
	    tc_conn_parse(tb[TCPCRYPT_A_CONN], &c))
		return MNL_CB_OK;	/* skip what we cannot read */
	ev = mnl_attr_get_u8(tb[TCPCRYPT_A_EVENT]);
	if (ev < __TCPCRYPT_EVENT_MAX)
		name = event_names[ev];
	if (mc->json) {
		printf("{\"event\": \"%s\", \"conn\": ", name);
		tc_conn_print_json(stdout, &c);
		printf("}\n");
	} else {
		printf("%s\t", name);
		tc_conn_print_dump(stdout, &c);
	}
	fflush(stdout);
	if (mc->left && !--mc->left)
		mc->done = true;
	return MNL_CB_OK;
}

int cmd_monitor(int argc, char **argv, const struct opts *o)
{
	struct monitor_ctx mc = { .json = o->json };
	struct tc_nl t;
	int ret, i;

	for (i = 1; i < argc; i++) {
		char *end;

		if ((!strcmp(argv[i], "--count") || !strcmp(argv[i], "-c")) &&
		    i + 1 < argc) {
			mc.left = strtoul(argv[++i], &end, 10);
			if (*end || !mc.left) {
				fprintf(stderr, "tcpcryptctl monitor: --count needs a number above 0\n");
				return EXIT_USAGE;
			}
		} else {
			fprintf(stderr, "tcpcryptctl monitor: unknown argument '%s' "
				"(valid: --count N, --json)\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	ret = tc_nl_open(&t, "monitor");
	if (ret)
		return ret;
	if (!t.events_group) {
		fprintf(stderr, "tcpcryptctl monitor: the loaded tcpcrypt module has no events group\n");
		tc_nl_close(&t);
		return EXIT_ERROR;
	}
	if (mnl_socket_setsockopt(t.sock, NETLINK_ADD_MEMBERSHIP, &t.events_group,
				  sizeof(t.events_group)) < 0) {
		ret = tc_nl_error(&t, errno, NULL);
		tc_nl_close(&t);
		return ret;
	}
	/* Tests and scripts wait for this line before they make traffic. */
	fprintf(stderr, "tcpcryptctl: monitoring tcpcrypt events\n");
	while (!mc.done) {
		ret = mnl_socket_recvfrom(t.sock, tc_nl_buf, tc_nl_buf_size);
		if (ret < 0) {
			if (errno == ENOBUFS) {
				fprintf(stderr, "tcpcryptctl: monitor: events lost "
					"(receive buffer full)\n");
				continue;
			}
			ret = tc_nl_error(&t, errno, NULL);
			tc_nl_close(&t);
			return ret;
		}
		if (mnl_cb_run(tc_nl_buf, ret, 0, 0, monitor_cb, &mc) < 0) {
			ret = tc_nl_error(&t, errno, NULL);
			tc_nl_close(&t);
			return ret;
		}
	}
	tc_nl_close(&t);
	return EXIT_OK;
}
