// SPDX-License-Identifier: GPL-2.0
/*
 * The coverage build's one program: `tcpcrypt_cov NAME PATH...` replays
 * corpus files (or directories of them, not recursive) through the fuzz
 * target NAME, each file exactly once; `tcpcrypt_cov unit` runs the unit
 * tests. libFuzzer's own main would mutate and wants sanitizer coverage,
 * and one program for all keeps llvm-cov from seeing four different
 * LLVMFuzzerTestOneInput()s and two main()s under the same names. The
 * Makefile renames each target's entry point to tcpcrypt_fuzz_NAME.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int tcpcrypt_fuzz_tcpopt(const uint8_t *data, size_t size);
int tcpcrypt_fuzz_init(const uint8_t *data, size_t size);
int tcpcrypt_fuzz_seg(const uint8_t *data, size_t size);
int tcpcrypt_fuzz_rsa(const uint8_t *data, size_t size);
int tcpcrypt_unit_main(void);

static const struct {
	const char *name;
	int (*one)(const uint8_t *data, size_t size);
} tcpcrypt_cov_targets[] = {
	{ "tcpopt", tcpcrypt_fuzz_tcpopt },
	{ "init", tcpcrypt_fuzz_init },
	{ "seg", tcpcrypt_fuzz_seg },
	{ "rsa", tcpcrypt_fuzz_rsa },
};

static unsigned long tcpcrypt_cov_runs;

static void tcpcrypt_cov_file(int (*one)(const uint8_t *, size_t),
			      const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, sizeof(buf), f);
	if (ferror(f) || !feof(f)) {
		fprintf(stderr, "%s: read error or larger than %zu bytes\n",
			path, sizeof(buf));
		exit(1);
	}
	fclose(f);
	one(buf, n);
	tcpcrypt_cov_runs++;
}

static int tcpcrypt_cov_path(int (*one)(const uint8_t *, size_t),
			     const char *arg)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (stat(arg, &st)) {
		perror(arg);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		tcpcrypt_cov_file(one, arg);
		return 0;
	}
	d = opendir(arg);
	if (!d) {
		perror(arg);
		return -1;
	}
	while ((e = readdir(d))) {
		char path[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", arg, e->d_name);
		tcpcrypt_cov_file(one, path);
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	int (*one)(const uint8_t *, size_t) = NULL;
	size_t t;
	int i;

	if (argc == 2 && !strcmp(argv[1], "unit"))
		return tcpcrypt_unit_main();
	for (t = 0; argc > 1 && t < sizeof(tcpcrypt_cov_targets) /
				     sizeof(tcpcrypt_cov_targets[0]); t++) {
		if (!strcmp(argv[1], tcpcrypt_cov_targets[t].name))
			one = tcpcrypt_cov_targets[t].one;
	}
	if (!one || argc < 3) {
		fprintf(stderr, "usage: %s unit | tcpopt|init|seg|rsa PATH...\n",
			argv[0]);
		return 2;
	}
	for (i = 2; i < argc; i++) {
		if (tcpcrypt_cov_path(one, argv[i]))
			return 1;
	}
	/* An empty corpus would make a report that measures nothing. */
	if (!tcpcrypt_cov_runs) {
		fprintf(stderr, "%s %s: no inputs\n", argv[0], argv[1]);
		return 1;
	}
	printf("%s %s: %lu inputs\n", argv[0], argv[1], tcpcrypt_cov_runs);
	return 0;
}
