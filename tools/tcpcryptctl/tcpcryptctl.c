// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcryptctl: look at and steer tcpcrypt in the current network namespace.
 *
 * Exit codes: 0 success, 1 runtime error, 2 usage error,
 * 3 tcpcrypt not loaded (no /proc/net/tcpcrypt_stat in this namespace).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/tcpcrypt.h>

#include "stats.h"

#ifndef TCPCRYPTCTL_VERSION
#define TCPCRYPTCTL_VERSION "unknown"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: tcpcryptctl [--help] [--version] <command> [options]\n"
		"\n"
		"Commands:\n"
		"  stats [--json]   print this network namespace's tcpcrypt counters\n"
		"  version          print the version of tcpcryptctl\n"
		"  help             print this text\n"
		"\n"
		"Exit status: 0 success, 1 error, 2 usage error, 3 tcpcrypt not loaded.\n");
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return TCPCRYPTCTL_EXIT_USAGE;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return TCPCRYPTCTL_EXIT_OK;
	}
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("tcpcryptctl %s\n", TCPCRYPTCTL_VERSION);
		return TCPCRYPTCTL_EXIT_OK;
	}
	if (!strcmp(cmd, "stats"))
		return tcpcryptctl_stats(argc - 1, argv + 1);

	fprintf(stderr, "tcpcryptctl: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return TCPCRYPTCTL_EXIT_USAGE;
}
