// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcryptctl: look at and steer tcpcrypt in the current network
 * namespace, through the "tcpcrypt" generic netlink family. Without a
 * command it shows the connections, as "wg" does. main() knows only the
 * global options; each command parses its own arguments and flags.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpcryptctl.h"

#ifndef TCPCRYPTCTL_VERSION
#define TCPCRYPTCTL_VERSION "unknown"
#endif

static int cmd_version(int argc, char **argv, const struct opts *o);
static int cmd_help(int argc, char **argv, const struct opts *o);

/* The commands, in the order usage lists them. */
static const struct command {
	const char *name;
	const char *args;	/* for usage */
	const char *desc;	/* one line, for usage */
	int (*fn)(int argc, char **argv, const struct opts *o);
	bool json;		/* takes --json */
} commands[] = {
	{ "show", "[dump] [peer ADDR[/LEN]] [port PORT] [state STATE]",
	  "connections in this network namespace (the default command)", cmd_show, true },
	{ "stats", "[--prometheus]", "gauges and counters of this network namespace",
	  cmd_stats, true },
	{ "get", "[SETTING]", "settings, all or one", cmd_get, true },
	{ "set", "SETTING VALUE...", "change settings (CAP_NET_ADMIN)", cmd_set, false },
	{ "refresh", "", "replace the short-lived public keys now", cmd_refresh, false },
	{ "flush", "", "wipe the session cache", cmd_flush, true },
	{ "rsakey", "new|clear|rotate --every SECONDS",
	  "load a new RSA key, forget it, or load one every SECONDS", cmd_rsakey, false },
	{ "monitor", "[--count N]", "print session events as they happen", cmd_monitor, true },
	{ "version", "", "print the version of tcpcryptctl", cmd_version, false },
	{ "help", "", "print this text", cmd_help, false },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	unsigned int i;

	fprintf(out, "Usage: tcpcryptctl [-j] [-v] [COMMAND [ARGUMENTS]]\n"
		"       tcpcryptctl -h | --help | --version\n\nCommands:\n");
	for (i = 0; i < NCOMMANDS; i++) {
		char head[80];

		snprintf(head, sizeof(head), "%s %s", commands[i].name, commands[i].args);
		if (strlen(head) > 30)
			fprintf(out, "  %s\n  %-30s %s\n", head, "", commands[i].desc);
		else
			fprintf(out, "  %-30s %s\n", head, commands[i].desc);
	}
	fprintf(out,
		"\nOptions, anywhere on the line:\n"
		"  -j, --json                     JSON output (show, stats, get, flush, monitor)\n"
		"  -v, --verbose                  session IDs in full\n"
		"  -h, --help                     print this text\n"
		"      --version                  print the version\n"
		"Command options: stats --prometheus, monitor -c|--count N,\n"
		"rsakey rotate --every SECONDS.\n"
		"\n"
		"Exit status: 0 success, 1 error, 2 usage error or refused value,\n"
		"3 tcpcrypt not loaded, 4 permission denied. See tcpcryptctl(8).\n");
}

static int cmd_version(int argc, char **argv, const struct opts *o)
{
	(void)o;
	if (argc > 1) {
		fprintf(stderr, "tcpcryptctl version: unexpected argument '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	printf("tcpcryptctl %s\n", TCPCRYPTCTL_VERSION);
	return EXIT_OK;
}

static int cmd_help(int argc, char **argv, const struct opts *o)
{
	(void)argc;
	(void)argv;
	(void)o;
	usage(stdout);
	return EXIT_OK;
}

/*
 * The global options, wherever they stand: taken out of argv, the rest
 * closed up. 1 if argv[i] was one, 0 if not, -1 for --help or --version
 * (already answered).
 */
static int global_opt(const char *a, struct opts *o)
{
	if (!strcmp(a, "--json") || !strcmp(a, "-j")) {
		o->json = true;
	} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
		o->verbose = true;
	} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
		usage(stdout);
		return -1;
	} else if (!strcmp(a, "--version")) {
		printf("tcpcryptctl %s\n", TCPCRYPTCTL_VERSION);
		return -1;
	} else {
		return 0;
	}
	return 1;
}

/* "⇄" and "…" where the locale can show them, "<->" and "..." elsewhere. */
static void pick_glyphs(struct opts *o)
{
	bool utf8;

	setlocale(LC_CTYPE, "");
	utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	o->arrow = utf8 ? "\u21c4" : "<->";
	o->ellipsis = utf8 ? "\u2026" : "...";
}

int main(int argc, char **argv)
{
	char *show[] = { "show", NULL };
	const struct command *cmd = NULL;
	struct opts o = { 0 };
	char **args = argv + 1;
	int i, n = 0, r;
	unsigned int c;

	/* Global options may come anywhere; close up what is left. */
	for (i = 1; i < argc; i++) {
		/* After "--" or a command's "--every" and such: theirs. */
		r = global_opt(argv[i], &o);
		if (r < 0)
			return EXIT_OK;
		if (!r)
			args[n++] = argv[i];
	}
	args[n] = NULL;
	if (!n) {
		args = show;
		n = 1;
	}
	if (args[0][0] == '-') {
		fprintf(stderr, "tcpcryptctl: unknown option '%s' (valid: --json, -j, "
			"--verbose, -v, --help, -h, --version)\n", args[0]);
		return EXIT_USAGE;
	}
	for (c = 0; c < NCOMMANDS; c++)
		if (!strcmp(args[0], commands[c].name))
			cmd = &commands[c];
	if (!cmd) {
		fprintf(stderr, "tcpcryptctl: unknown command '%s'\n\n", args[0]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (o.json && !cmd->json) {
		fprintf(stderr, "tcpcryptctl %s: --json is not an option here\n", cmd->name);
		return EXIT_USAGE;
	}
	pick_glyphs(&o);
	/* Settle output into whole lines for pipes (monitor streams). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmd->fn(n, args, &o);
}
