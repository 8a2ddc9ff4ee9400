// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl rsakey new | clear | rotate --every SECONDS": the
 * namespace's OAEP-RSA-3 key. The kernel cannot make RSA keys, so a new
 * one is made here, in memory only (rsakey.c), loaded with
 * TCPCRYPT_A_RSA_KEY of TCPCRYPT_CMD_SET_CONFIG and wiped at once; an
 * empty TCPCRYPT_A_RSA_KEY forgets the loaded key.
 *
 * rotate stays in the foreground and replaces the key every SECONDS, for
 * a service manager to run; SIGTERM or SIGINT end it with status 0 and
 * leave the last key loaded.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tcpcryptctl.h"

/* The key, its attribute header and the message headers. */
#define RSAKEY_BUF_SIZE (TCPCRYPT_RSA_KEY_MAX + 1024)

static const char *rsakey_attr_name(int type)
{
	return type == TCPCRYPT_A_RSA_KEY ? "RSA key" : NULL;
}

/* Load der (len 0: forget the key); returns an exit code. */
static int rsakey_load(const unsigned char *der, size_t len)
{
	static char buf[RSAKEY_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct tc_nl t;
	int ret;

	ret = tc_nl_open(&t, "rsakey");
	if (ret)
		return ret;
	t.attr_name = rsakey_attr_name;
	nlh = tc_nl_msg(&t, buf, TCPCRYPT_CMD_SET_CONFIG, NLM_F_ACK);
	mnl_attr_put(nlh, TCPCRYPT_A_RSA_KEY, len, der);
	ret = tc_nl_talk(&t, nlh, NULL, NULL);
	/* The request held the private key: it goes too. */
	explicit_bzero(buf, sizeof(buf));
	tc_nl_close(&t);
	return ret;
}

static int rsakey_new(void)
{
	unsigned char *der;
	size_t len;
	int ret;

	if (tcpcryptctl_rsa_generate(&der, &len))
		return EXIT_ERROR;
	if (len > TCPCRYPT_RSA_KEY_MAX) {
		fprintf(stderr, "tcpcryptctl rsakey: the new key takes %zu bytes, more than "
			"the %d the kernel takes\n", len, TCPCRYPT_RSA_KEY_MAX);
		tcpcryptctl_rsa_free(der, len);
		return EXIT_ERROR;
	}
	ret = rsakey_load(der, len);
	tcpcryptctl_rsa_free(der, len);
	return ret;
}

/* Wait until deadline; true if SIGTERM or SIGINT came first. */
static bool rsakey_wait(const sigset_t *stop, const struct timespec *deadline)
{
	struct timespec now, left;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = deadline->tv_sec - now.tv_sec;
		left.tv_nsec = deadline->tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		if (left.tv_sec < 0)
			return false;
		if (sigtimedwait(stop, NULL, &left) >= 0)
			return true;
		if (errno == EAGAIN)
			return false;
		/* EINTR: another signal; wait out the rest. */
	}
}

static int rsakey_rotate(unsigned long every)
{
	struct timespec deadline;
	sigset_t stop, pending;
	int ret;

	/*
	 * Blocked, the stop signals wait for a point where stopping leaves
	 * no half-loaded key and no unwiped copy: while a key is made, or
	 * between two keys.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop, NULL)) {
		perror("tcpcryptctl rsakey: sigprocmask");
		return EXIT_ERROR;
	}
	for (;;) {
		ret = rsakey_new();
		if (ret)
			return ret;
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += every;
		printf("tcpcryptctl: rsakey: new key loaded; the next in %lu s\n", every);
		fflush(stdout);
		if (sigpending(&pending) == 0 &&
		    (sigismember(&pending, SIGTERM) || sigismember(&pending, SIGINT)))
			break;
		if (rsakey_wait(&stop, &deadline))
			break;
	}
	printf("tcpcryptctl: rsakey: stopped; the last key stays loaded\n");
	return EXIT_OK;
}

int cmd_rsakey(int argc, char **argv, const struct opts *o)
{
	unsigned long every;
	char *end;

	(void)o;
	if (argc == 2 && !strcmp(argv[1], "new"))
		return rsakey_new();
	if (argc == 2 && !strcmp(argv[1], "clear"))
		return rsakey_load(NULL, 0);
	if (argc >= 2 && !strcmp(argv[1], "rotate")) {
		if (argc != 4 || strcmp(argv[2], "--every")) {
			fprintf(stderr, "tcpcryptctl rsakey rotate: expected --every SECONDS\n");
			return EXIT_USAGE;
		}
		errno = 0;
		every = strtoul(argv[3], &end, 10);
		if (argv[3][0] < '0' || argv[3][0] > '9' || *end || errno || !every ||
		    every > INT_MAX) {
			fprintf(stderr, "tcpcryptctl rsakey rotate: --every: invalid value '%s' "
				"(valid: 1 to %d seconds)\n", argv[3], INT_MAX);
			return EXIT_USAGE;
		}
		return rsakey_rotate(every);
	}
	fprintf(stderr, "tcpcryptctl rsakey: expected new, clear or rotate --every SECONDS\n");
	return EXIT_USAGE;
}
