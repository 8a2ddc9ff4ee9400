// SPDX-License-Identifier: GPL-2.0
/*
 * tcpidle: many idle TCP connections held open, for make bench's memory row.
 *
 *   tcpidle -l PORT [-l PORT...]   server: accept on every PORT and keep
 *                                  each connection open, unread, until killed
 *   tcpidle HOST PORT[,PORT...] -n N
 *                                  client: N connections, one after another,
 *                                  spread over the PORTs (one client address
 *                                  has about 64 000 ports per server port),
 *                                  1 byte sent on each; prints
 *                                  "N connections in T s" and holds them
 *                                  until killed
 *
 * Raise the open file limit first (ulimit -n); the tool does not.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#define MAX_PORTS 8

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn)) serve(char **ports, int nports)
{
	struct pollfd pfd[MAX_PORTS];
	int i, one = 1;

	for (i = 0; i < nports; i++) {
		struct sockaddr_in sa = { .sin_family = AF_INET };

		sa.sin_port = htons(atoi(ports[i]));
		pfd[i].fd = socket(AF_INET, SOCK_STREAM, 0);
		pfd[i].events = POLLIN;
		if (pfd[i].fd < 0)
			die("socket");
		setsockopt(pfd[i].fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(pfd[i].fd, (struct sockaddr *)&sa, sizeof(sa)) ||
		    listen(pfd[i].fd, 4096))
			die("bind/listen");
	}
	for (;;) {
		if (poll(pfd, nports, -1) < 0 && errno != EINTR)
			die("poll");
		for (i = 0; i < nports; i++) {
			/* The descriptor is never closed: the connection stays. */
			if ((pfd[i].revents & POLLIN) && accept(pfd[i].fd, NULL, NULL) < 0 &&
			    errno != EINTR && errno != ECONNABORTED)
				die("accept");
		}
	}
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
	struct addrinfo *peer[MAX_PORTS];
	char *ports[MAX_PORTS], *p;
	int c, i, n = 0, nlisten = 0, nports = 0;
	double t0;

	while ((c = getopt(argc, argv, "l:n:")) != -1) {
		switch (c) {
		case 'l':
			if (nlisten == MAX_PORTS)
				goto usage;
			ports[nlisten++] = optarg;
			break;
		case 'n': n = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (nlisten)
		serve(ports, nlisten);
	if (argc - optind != 2 || n <= 0)
		goto usage;
	for (p = strtok(argv[optind + 1], ","); p; p = strtok(NULL, ",")) {
		if (nports == MAX_PORTS)
			goto usage;
		if (getaddrinfo(argv[optind], p, &hints, &peer[nports++]))
			die("getaddrinfo");
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		struct addrinfo *ai = peer[i % nports];
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) ||
		    write(fd, "x", 1) != 1) {
			fprintf(stderr, "tcpidle: connection %d: %s\n", i, strerror(errno));
			return 1;
		}
	}
	printf("%d connections in %.2f s\n", n, now() - t0);
	fflush(stdout);
	pause();
	return 0;
usage:
	fprintf(stderr, "usage: tcpidle -l PORT [-l PORT...] | tcpidle HOST PORT[,PORT...] -n N\n");
	return 2;
}
