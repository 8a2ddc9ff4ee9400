// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl stats": the namespace's counters, read from
 * /proc/net/tcpcrypt_stat and printed aligned or as JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/tcpcrypt.h>

#include "stats.h"

#define STAT_PATH "/proc/net/" TCPCRYPT_PROC_STAT
#define MAX_STATS 256

struct stat_line {
	char name[64];
	unsigned long long value;
};

/* Returns the number of counters read, or -1 with a message printed. */
static int read_stats(struct stat_line *lines, int max, int *exit_code)
{
	char buf[256];
	FILE *f;
	int n = 0;

	f = fopen(STAT_PATH, "re");
	if (!f) {
		if (errno == ENOENT) {
			fprintf(stderr,
				"tcpcryptctl: tcpcrypt is not loaded (no %s in this network namespace).\n"
				"Load it with: modprobe tcpcrypt\n", STAT_PATH);
			*exit_code = TCPCRYPTCTL_EXIT_NOT_LOADED;
		} else {
			fprintf(stderr, "tcpcryptctl: cannot open %s: %s\n",
				STAT_PATH, strerror(errno));
			*exit_code = TCPCRYPTCTL_EXIT_ERROR;
		}
		return -1;
	}
	while (fgets(buf, sizeof(buf), f)) {
		char *end;

		if (n == max || sscanf(buf, "%63s", lines[n].name) != 1)
			goto bad;
		errno = 0;
		lines[n].value = strtoull(buf + strlen(lines[n].name), &end, 10);
		if (errno || (*end != '\n' && *end != '\0'))
			goto bad;
		n++;
	}
	fclose(f);
	return n;
bad:
	fprintf(stderr, "tcpcryptctl: unexpected line in %s: %s", STAT_PATH, buf);
	fclose(f);
	*exit_code = TCPCRYPTCTL_EXIT_ERROR;
	return -1;
}

int tcpcryptctl_stats(int argc, char **argv)
{
	static struct stat_line lines[MAX_STATS];
	int json = 0, exit_code, n, i;
	size_t plen = strlen(TCPCRYPT_STAT_PREFIX);

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			json = 1;
		} else {
			fprintf(stderr, "tcpcryptctl stats: unknown option '%s' (valid: --json)\n",
				argv[i]);
			return TCPCRYPTCTL_EXIT_USAGE;
		}
	}

	n = read_stats(lines, MAX_STATS, &exit_code);
	if (n < 0)
		return exit_code;

	if (json) {
		printf("{");
		for (i = 0; i < n; i++)
			printf("%s\"%s\": %llu", i ? ", " : "", lines[i].name,
			       lines[i].value);
		printf("}\n");
		return TCPCRYPTCTL_EXIT_OK;
	}
	for (i = 0; i < n; i++) {
		const char *name = lines[i].name;

		/* The prefix says nothing on a screen that is all tcpcrypt. */
		if (!strncmp(name, TCPCRYPT_STAT_PREFIX, plen))
			name += plen;
		printf("%-24s %llu\n", name, lines[i].value);
	}
	return TCPCRYPTCTL_EXIT_OK;
}
