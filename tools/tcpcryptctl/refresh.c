// SPDX-License-Identifier: GPL-2.0
/* "tcpcryptctl refresh": new short-lived key pairs now (TCPCRYPT_CMD_REFRESH_KEYS). */
#include <stdio.h>

#include "tcpcryptctl.h"

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

