/* SPDX-License-Identifier: GPL-2.0 */
#ifndef TCPCRYPTCTL_STATS_H
#define TCPCRYPTCTL_STATS_H

enum {
	TCPCRYPTCTL_EXIT_OK = 0,
	TCPCRYPTCTL_EXIT_ERROR = 1,
	TCPCRYPTCTL_EXIT_USAGE = 2,
	TCPCRYPTCTL_EXIT_NOT_LOADED = 3,
};

int tcpcryptctl_stats(int argc, char **argv);

#endif
