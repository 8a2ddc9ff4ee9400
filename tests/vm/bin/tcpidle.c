// SPDX-License-Identifier: GPL-2.0
/*
 * tcpidle: many idle TCP connections, held open until killed, for the
 * tests that measure what an established connection costs.
 *
 *   tcpidle -l PORT      accept every connection and keep it, never read
 *   tcpidle HOST PORT N  open N connections one after another, print
 *                        "connected N" and keep them
 *
 * One process holds every socket (no thread per connection), so tens of
 * thousands fit in a small guest. Exits only on a signal or an error.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* Room for n sockets besides stdio. */
static void fd_room(long n)
{
	struct rlimit rl = { .rlim_cur = n + 64, .rlim_max = n + 64 };

	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		perror("tcpidle: setrlimit");
		exit(1);
	}
}

static int serve(const char *port)
{
	struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai;
	int one = 1, l;

	if (getaddrinfo(NULL, port, &hints, &ai)) {
		fprintf(stderr, "tcpidle: bad port %s\n", port);
		return 1;
	}
	fd_room(200000);
	l = socket(ai->ai_family, SOCK_STREAM, 0);
	if (l < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, ai->ai_addr, ai->ai_addrlen) || listen(l, 4096)) {
		perror("tcpidle: listen");
		return 1;
	}
	for (;;) {
		/* Kept open on purpose: the connection stays established. */
		if (accept(l, NULL, NULL) < 0) {
			perror("tcpidle: accept");
			return 1;
		}
	}
}

static int open_many(const char *host, const char *port, long n)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai;
	long i;

	if (getaddrinfo(host, port, &hints, &ai)) {
		fprintf(stderr, "tcpidle: cannot resolve %s %s\n", host, port);
		return 1;
	}
	fd_room(n);
	for (i = 0; i < n; i++) {
		int s = socket(ai->ai_family, SOCK_STREAM, 0);

		if (s < 0 || connect(s, ai->ai_addr, ai->ai_addrlen)) {
			fprintf(stderr, "tcpidle: connection %ld: %s\n", i + 1,
				strerror(errno));
			return 1;
		}
	}
	printf("connected %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-l"))
		return serve(argv[2]);
	if (argc == 4 && atol(argv[3]) > 0)
		return open_many(argv[1], argv[2], atol(argv[3]));
	fprintf(stderr, "usage: tcpidle -l PORT | tcpidle HOST PORT N\n");
	return 2;
}
