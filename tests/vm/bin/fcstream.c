// SPDX-License-Identifier: GPL-2.0
/*
 * fcstream: a long-lived connection that carries marker lines, for the
 * fail-closed VM tests.
 *
 *   fcstream [OPTIONS] -l PORT       accept one connection (IPv4 or IPv6)
 *   fcstream [OPTIONS] HOST PORT     connect; HOST is a literal and may
 *                                    carry a scope (fe80::2%veth0)
 *
 * Once connected, each side runs its STEPS in order while a reader thread
 * takes in what the peer sends and checks that it is the peer's marker
 * lines, "TCPCRYPT-PLAINTEXT-MARKER <n>\n", n = 0, 1, 2, ... in order.
 *
 * Options:
 *   -B DEV     SO_BINDTODEVICE to DEV (the listener, or the client socket
 *              before it connects); DEV may be a VRF device
 *   -s STEPS   what to do once connected, separated by spaces or commas
 *              (default "send:40:100 shut eof:40"):
 *                send:N[:MS]  send N more marker lines, MS ms apart
 *                recv:N       wait until N lines have arrived in all
 *                eof[:N]      wait for the peer's FIN; with N, exactly N
 *                             lines must have arrived by then
 *                shut         shutdown(SHUT_WR): our FIN
 *                touch:FILE   create FILE (tells the test script)
 *                wait:FILE    wait until FILE exists (the script tells us)
 *                sleep:MS     sleep
 *                hold:SECS    keep the socket open SECS seconds, reading on
 *   -r         the connection is expected to be reset: exit 0 only if
 *              it ends (ECONNABORTED, ECONNRESET, EPIPE or an early EOF)
 *              before the steps are done
 *   -T SECS    give up after SECS seconds in all (default 60)
 *
 * The last line on stderr says what was sent and received and how the
 * connection ended; exit status 0 on success, 1 on any failure.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#define MARKER "TCPCRYPT-PLAINTEXT-MARKER"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
/* Reader state, under lock. */
static unsigned long nrecv;
static int peer_eof, recv_err, bad;
static char bad_line[128];

static unsigned long nsent;
static int sock = -1, expect_reset;

static void report(const char *end)
{
	fprintf(stderr, "fcstream: sent %lu lines, received %lu lines, %s\n",
		nsent, nrecv, end);
}

static void die(const char *what)
{
	char end[256];

	snprintf(end, sizeof(end), "failed: %s: %s", what, strerror(errno));
	report(end);
	exit(1);
}

static void on_alarm(int sig)
{
	static const char msg[] = "fcstream: timed out\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static int is_reset_errno(int e)
{
	return e == ECONNABORTED || e == ECONNRESET || e == EPIPE;
}

/* The connection ended under us: success with -r, failure without. */
static void ended(const char *how, int e)
{
	char end[256];

	snprintf(end, sizeof(end), "connection ended: %s%s%s", how,
		 e ? ": " : "", e ? strerror(e) : "");
	report(end);
	if (expect_reset && (!e || is_reset_errno(e))) {
		fprintf(stderr, "fcstream: reset as expected\n");
		exit(0);
	}
	exit(1);
}

static void *reader(void *arg)
{
	char buf[4096], line[128];
	size_t len = 0;
	ssize_t n;

	(void)arg;
	for (;;) {
		n = recv(sock, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		pthread_mutex_lock(&lock);
		if (n <= 0) {
			if (n < 0)
				recv_err = errno;
			else
				peer_eof = 1;
			if (len && !bad) {
				bad = 1;
				snprintf(bad_line, sizeof(bad_line),
					 "%zu bytes of an unfinished line", len);
			}
			pthread_cond_broadcast(&cond);
			pthread_mutex_unlock(&lock);
			return NULL;
		}
		for (ssize_t i = 0; i < n; i++) {
			char want[64];

			if (len < sizeof(line) - 1)
				line[len++] = buf[i];
			if (buf[i] != '\n')
				continue;
			line[len] = 0;
			snprintf(want, sizeof(want), MARKER " %lu\n", nrecv);
			if (!bad && strcmp(line, want)) {
				bad = 1;
				snprintf(bad_line, sizeof(bad_line),
					 "line %lu is '%.*s'", nrecv,
					 (int)strcspn(line, "\n"), line);
			}
			nrecv++;
			len = 0;
		}
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
}

/* Called with the lock held: a broken stream or a closed one ends us. */
static void check_reader(int eof_ok)
{
	if (bad) {
		char end[200];

		snprintf(end, sizeof(end), "bad data: %s", bad_line);
		report(end);
		exit(1);
	}
	if (recv_err) {
		pthread_mutex_unlock(&lock);
		ended("recv", recv_err);
	}
	if (peer_eof && !eof_ok) {
		pthread_mutex_unlock(&lock);
		ended("EOF", 0);
	}
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void send_lines(unsigned long n, long ms)
{
	for (unsigned long i = 0; i < n; i++) {
		char buf[64];
		int len = snprintf(buf, sizeof(buf), MARKER " %lu\n", nsent);
		ssize_t w = send(sock, buf, len, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR) {
			i--;
			continue;
		}
		if (w < 0)
			ended("send", errno);
		if (w != len) {
			/* A blocking socket sends all unless it breaks. */
			errno = EIO;
			die("short send");
		}
		nsent++;
		pthread_mutex_lock(&lock);
		check_reader(1);
		pthread_mutex_unlock(&lock);
		if (ms && i + 1 < n)
			msleep(ms);
	}
}

static void run_step(char *step)
{
	char *arg = strchr(step, ':');
	char *arg2 = NULL;

	if (arg) {
		*arg++ = 0;
		arg2 = strchr(arg, ':');
		if (arg2)
			*arg2++ = 0;
	}
	if (!strcmp(step, "send") && arg) {
		send_lines(strtoul(arg, NULL, 0), arg2 ? atol(arg2) : 0);
	} else if (!strcmp(step, "recv") && arg) {
		unsigned long want = strtoul(arg, NULL, 0);

		pthread_mutex_lock(&lock);
		while (nrecv < want) {
			check_reader(0);
			pthread_cond_wait(&cond, &lock);
		}
		check_reader(1);
		pthread_mutex_unlock(&lock);
	} else if (!strcmp(step, "eof")) {
		pthread_mutex_lock(&lock);
		while (!peer_eof) {
			check_reader(1);
			pthread_cond_wait(&cond, &lock);
		}
		check_reader(1);
		if (arg && nrecv != strtoul(arg, NULL, 0)) {
			char end[128];

			snprintf(end, sizeof(end), "EOF after %lu lines, not %s",
				 nrecv, arg);
			report(end);
			exit(1);
		}
		pthread_mutex_unlock(&lock);
	} else if (!strcmp(step, "shut")) {
		if (shutdown(sock, SHUT_WR)) {
			if (is_reset_errno(errno) || errno == ENOTCONN)
				ended("shutdown", errno);
			die("shutdown");
		}
	} else if (!strcmp(step, "touch") && arg) {
		int fd = open(arg, O_WRONLY | O_CREAT, 0644);

		if (fd < 0)
			die(arg);
		close(fd);
	} else if (!strcmp(step, "wait") && arg) {
		struct stat st;

		while (stat(arg, &st)) {
			pthread_mutex_lock(&lock);
			check_reader(1);
			pthread_mutex_unlock(&lock);
			msleep(20);
		}
	} else if (!strcmp(step, "sleep") && arg) {
		msleep(atol(arg));
	} else if (!strcmp(step, "hold") && arg) {
		long left = atol(arg) * 10;

		while (left-- > 0) {
			pthread_mutex_lock(&lock);
			check_reader(1);
			pthread_mutex_unlock(&lock);
			msleep(100);
		}
	} else {
		fprintf(stderr, "fcstream: bad step '%s'\n", step);
		exit(2);
	}
}

static void bind_dev(int s, const char *dev)
{
	if (dev && setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, dev, strlen(dev) + 1))
		die("setsockopt(SO_BINDTODEVICE)");
}

static int do_listen(const char *port, const char *dev)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int one = 1, zero = 0, ls, s;

	sa.sin6_port = htons(atoi(port));
	sa.sin6_addr = in6addr_any;
	ls = socket(AF_INET6, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)))
		die("setsockopt(IPV6_V6ONLY)");
	bind_dev(ls, dev);
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	if (listen(ls, 4))
		die("listen");
	s = accept(ls, NULL, NULL);
	if (s < 0)
		die("accept");
	close(ls);
	return s;
}

static int do_connect(const char *host, const char *port, const char *dev)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICHOST };
	struct addrinfo *ai;
	int s, err;

	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "fcstream: %s: %s\n", host, gai_strerror(err));
		exit(1);
	}
	s = socket(ai->ai_family, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	bind_dev(s, dev);
	if (connect(s, ai->ai_addr, ai->ai_addrlen))
		die("connect");
	freeaddrinfo(ai);
	return s;
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *listen_port = NULL;
	char *steps = NULL, *step, *save;
	pthread_t rd;
	int c, limit = 60;

	while ((c = getopt(argc, argv, "B:l:rs:T:")) != -1) {
		switch (c) {
		case 'B':
			dev = optarg;
			break;
		case 'l':
			listen_port = optarg;
			break;
		case 'r':
			expect_reset = 1;
			break;
		case 's':
			steps = optarg;
			break;
		case 'T':
			limit = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (listen_port ? optind != argc : optind + 2 != argc)
		goto usage;
	signal(SIGALRM, on_alarm);
	alarm(limit);
	if (!steps)
		steps = strdup("send:40:100 shut eof:40");
	if (listen_port)
		sock = do_listen(listen_port, dev);
	else
		sock = do_connect(argv[optind], argv[optind + 1], dev);
	errno = pthread_create(&rd, NULL, reader, NULL);
	if (errno)
		die("pthread_create");
	for (step = strtok_r(steps, " ,", &save); step;
	     step = strtok_r(NULL, " ,", &save))
		run_step(step);
	pthread_mutex_lock(&lock);
	check_reader(1);
	pthread_mutex_unlock(&lock);
	if (expect_reset) {
		report("not reset");
		return 1;
	}
	report("ok");
	return 0;

usage:
	fprintf(stderr, "usage: fcstream [-B DEV] [-s STEPS] [-r] [-T SECS] -l PORT | HOST PORT\n");
	return 2;
}
