// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcryptctl: look at and steer tcpcrypt in the current network
 * namespace, through the "tcpcrypt" generic netlink family. Without a
 * command it shows the connections, as "wg" does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpcryptctl.h"

#ifndef TCPCRYPTCTL_VERSION
#define TCPCRYPTCTL_VERSION "unknown"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: tcpcryptctl [-v] [--json] [<command> [arguments]]\n"
		"\n"
		"Commands:\n"
		"  show [dump]             connections in this network namespace (default);\n"
		"                          dump: tab-separated lines, -v: full session IDs\n"
		"  stats                   counters of this network namespace\n"
		"  get [SETTING]           settings: enabled, max_conns, max_handshakes,\n"
		"                          pubkeys, suites, legacy, exclude_ports,\n"
		"                          exclude_addrs, default_cmode, key_lifetime,\n"
		"                          key_max_uses, cache_max, cache_lifetime, rsa_key\n"
		"  set SETTING VALUE...    change settings (needs CAP_NET_ADMIN)\n"
		"  refresh                 replace the short-lived public keys now\n"
		"  flush                   wipe the session cache\n"
		"  rsakey new|clear        load a new RSA key, or forget it\n"
		"  rsakey rotate --every SECONDS\n"
		"                          load a new RSA key every SECONDS until stopped\n"
		"  monitor [--count N]     print session events as they happen\n"
		"  version                 print the version of tcpcryptctl\n"
		"  help                    print this text\n"
		"\n"
		"Options: --json (-j) prints JSON (show, stats, get, flush, monitor);\n"
		"         -v (--verbose) prints session IDs in full.\n"
		"\n"
		"Exit status: 0 success, 1 error, 2 usage error or refused value,\n"
		"3 tcpcrypt not loaded, 4 permission denied. See tcpcryptctl(8).\n");
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv, const struct opts *o);
	bool json;
} commands[] = {
	{ "show", cmd_show, true },
	{ "stats", cmd_stats, true },
	{ "get", cmd_get, true },
	{ "set", cmd_set, false },
	{ "refresh", cmd_refresh, false },
	{ "flush", cmd_flush, true },
	{ "rsakey", cmd_rsakey, false },
	{ "monitor", cmd_monitor, true },
};

int main(int argc, char **argv)
{
	char *show[] = { "show", NULL };
	struct opts o = { 0 };
	char **args;
	int i, n = 0;

	/* Options may come anywhere; what is left is the command line. */
	args = calloc(argc + 1, sizeof(*args));
	if (!args) {
		perror("tcpcryptctl");
		return EXIT_ERROR;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json") || !strcmp(a, "-j")) {
			o.json = true;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o.verbose = true;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("tcpcryptctl %s\n", TCPCRYPTCTL_VERSION);
			return EXIT_OK;
		} else if (a[0] == '-' && a[1] && strcmp(a, "--count") && strcmp(a, "-c") &&
			   strcmp(a, "--every")) {
			fprintf(stderr, "tcpcryptctl: unknown option '%s' (valid: --json, -v, "
				"--help, --version)\n", a);
			return EXIT_USAGE;
		} else {
			args[n++] = argv[i];
		}
	}
	if (!n) {
		args = show;
		n = 1;
	}
	if (!strcmp(args[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(args[0], "version")) {
		printf("tcpcryptctl %s\n", TCPCRYPTCTL_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < (int)(sizeof(commands) / sizeof(commands[0])); i++) {
		if (strcmp(args[0], commands[i].name))
			continue;
		if (o.json && !commands[i].json) {
			fprintf(stderr, "tcpcryptctl %s: --json is not an option here\n",
				args[0]);
			return EXIT_USAGE;
		}
		/* Settle output into whole lines for pipes (monitor streams). */
		setvbuf(stdout, NULL, _IOLBF, 0);
		return commands[i].fn(n, args, &o);
	}
	fprintf(stderr, "tcpcryptctl: unknown command '%s'\n\n", args[0]);
	usage(stderr);
	return EXIT_USAGE;
}
