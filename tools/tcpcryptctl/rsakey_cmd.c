// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl rsakey new | clear | rotate --every SECONDS": the
 * namespace's OAEP-RSA-3 key. The kernel cannot make RSA keys, so a new
 * one is made here, in memory only (rsakey.c), loaded with
 * TCPCRYPT_A_RSA_KEY of TCPCRYPT_CMD_SET_CONFIG and wiped at once; an
 * empty TCPCRYPT_A_RSA_KEY forgets the loaded key.
 *
 * rotate stays in the foreground and replaces the key every SECONDS, for
 * a service manager to run; SIGTERM or SIGINT end it at once with status 0
 * (a key being made is abandoned) and leave the last loaded key in place.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tcpcryptctl.h"
#include "rsakey.h"

/* The key, its attribute header and the message headers. */
#define RSAKEY_BUF_SIZE (TCPCRYPT_RSA_KEY_MAX + 1024)

static const char *rsakey_attr_name(int type)
{
	return type == TCPCRYPT_A_RSA_KEY ? "RSA key" : NULL;
}

/* Load der into the namespace (len 0: forget the key); an exit code. */
static int rsakey_load(struct tc_nl *t, const unsigned char *der, size_t len)
{
	static char buf[RSAKEY_BUF_SIZE];
	struct nlmsghdr *nlh;
	int ret;

	nlh = tc_nl_msg(t, buf, TCPCRYPT_CMD_SET_CONFIG, NLM_F_ACK);
	mnl_attr_put(nlh, TCPCRYPT_A_RSA_KEY, len, der);
	ret = tc_nl_talk(t, nlh, NULL, NULL);
	/* The request held the private key: it goes too. */
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

static int rsakey_open(struct tc_nl *t)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret;

	ret = tc_nl_open(t, "rsakey");
	if (ret)
		return ret;
	t->attr_name = rsakey_attr_name;
	/*
	 * Making a key takes seconds: first an empty SET_CONFIG, which
	 * changes nothing, so that a caller without CAP_NET_ADMIN hears so
	 * at once rather than after the work.
	 */
	ret = tc_nl_talk(t, tc_nl_msg(t, buf, TCPCRYPT_CMD_SET_CONFIG, NLM_F_ACK),
			 NULL, NULL);
	if (ret)
		tc_nl_close(t);
	return ret;
}

/* True if SIGTERM or SIGINT waits (rotate blocks them). */
static bool rsakey_stop_pending(void)
{
	sigset_t pending;

	return !sigpending(&pending) &&
	       (sigismember(&pending, SIGTERM) || sigismember(&pending, SIGINT));
}

/*
 * Make a key and load it. With stoppable, a stop signal that came while
 * the key was made wins: the key is wiped unloaded, and *stopped says so.
 */
static int rsakey_new(bool stoppable, bool *stopped)
{
	unsigned char *der;
	struct tc_nl t;
	size_t len;
	int ret;

	ret = rsakey_open(&t);
	if (ret)
		return ret;
	ret = tcpcryptctl_rsa_generate(&der, &len,
				       stoppable ? rsakey_stop_pending : NULL);
	if (ret < 0) {
		tc_nl_close(&t);
		return EXIT_ERROR;
	}
	if (ret > 0 || (stoppable && rsakey_stop_pending())) {
		*stopped = true;
		ret = EXIT_OK;
	} else if (len > TCPCRYPT_RSA_KEY_MAX) {
		fprintf(stderr, "tcpcryptctl rsakey: the new key takes %zu bytes, more than "
			"the %d the kernel takes\n", len, TCPCRYPT_RSA_KEY_MAX);
		ret = EXIT_ERROR;
	} else {
		ret = rsakey_load(&t, der, len);
	}
	tcpcryptctl_rsa_free(der, len);
	tc_nl_close(&t);
	return ret;
}

static int rsakey_clear(void)
{
	struct tc_nl t;
	int ret;

	ret = rsakey_open(&t);
	if (ret)
		return ret;
	ret = rsakey_load(&t, (const unsigned char *)"", 0);
	tc_nl_close(&t);
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
	bool stopped = false;
	sigset_t stop;
	int ret;

	/*
	 * Blocked, the stop signals wait for a point where stopping leaves
	 * no half-loaded key and no unwiped copy: after a key is made (it is
	 * then wiped, not loaded), or between two keys.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (sigprocmask(SIG_BLOCK, &stop, NULL)) {
		perror("tcpcryptctl rsakey: sigprocmask");
		return EXIT_ERROR;
	}
	/* Scripts and tests wait for this line before they signal. */
	fprintf(stderr, "tcpcryptctl: rsakey: replacing the RSA key every %lu s\n", every);
	for (;;) {
		ret = rsakey_new(true, &stopped);
		if (ret)
			return ret;
		if (stopped)
			break;
		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += every;
		printf("tcpcryptctl: rsakey: new key loaded; the next in %lu s\n", every);
		fflush(stdout);
		if (rsakey_wait(&stop, &deadline))
			break;
	}
	printf("tcpcryptctl: rsakey: stopped\n");
	return EXIT_OK;
}

int cmd_rsakey(int argc, char **argv, const struct opts *o)
{
	unsigned long every;
	char *end;

	(void)o;
	if (argc == 2 && !strcmp(argv[1], "new"))
		return rsakey_new(false, NULL);
	if (argc == 2 && !strcmp(argv[1], "clear"))
		return rsakey_clear();
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
