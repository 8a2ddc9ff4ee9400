// SPDX-License-Identifier: GPL-2.0
/*
 * tcpmany: many TCP connections at once, each checked end to end.
 *
 *   tcpmany -l PORT                  echo server: a thread per connection
 *   tcpmany HOST PORT -c N -b BYTES  N concurrent connections; each sends
 *                                    BYTES of its own pattern, reads the
 *                                    echo back and compares it
 *   tcpmany HOST PORT -r N           N short connections one after another
 *                                    (1-byte request, 1-byte reply, close);
 *                                    prints connections per second
 *   -m (with -c or -r)               marked data: lines of
 *                                    "TCPCRYPT-PLAINTEXT-MARKER ..." as the
 *                                    pattern and as the short connections'
 *                                    request, for the tests that check that
 *                                    none of it is on the wire in plaintext
 *   -k (with -c or -r)               keep going: a connection that fails
 *                                    (refused, reset, cut short) is counted,
 *                                    not fatal; only data that arrives
 *                                    altered is (exit 3). For the fault
 *                                    injection and stress tests
 *   -z                               close with SO_LINGER 0: a RST, not a FIN
 *                                    (client and server)
 *
 * Exits 0 only if every connection carried its data intact (with -k: if
 * none carried altered data).
 */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <time.h>
#include <unistd.h>

static struct addrinfo *peer;
static size_t nbytes = 65536;
static int barrier_count, marked, keep_going, rst_close;
static int n_failed, n_altered;
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;

static void count(int *what)
{
	pthread_mutex_lock(&count_lock);
	(*what)++;
	pthread_mutex_unlock(&count_lock);
}

/* With -z, close() resets the connection. */
static void end_conn(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (rst_close)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

#define MARKER "TCPCRYPT-PLAINTEXT-MARKER"
static pthread_barrier_t barrier;

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "tcpmany: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* 0 if all len bytes went (came); else -1, with *done bytes moved. */
static int full_io_n(int fd, void *buf, size_t len, int out, size_t *done)
{
	char *p = buf;

	*done = 0;
	while (len) {
		ssize_t n = out ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
		*done += n;
	}
	return 0;
}

static int full_io(int fd, void *buf, size_t len, int out)
{
	size_t done;

	return full_io_n(fd, buf, len, out, &done);
}

static void *echo_conn(void *arg)
{
	int fd = (int)(long)arg;
	char buf[16384];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (full_io(fd, buf, n, 1))
			break;
	end_conn(fd);
	return NULL;
}

static void __attribute__((noreturn)) serve(const char *port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int one = 1, zero = 0, ls;

	sa.sin6_port = htons(atoi(port));
	ls = socket(AF_INET6, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 1024))
		die("bind/listen");
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		pthread_t t;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		if (pthread_create(&t, NULL, echo_conn, (void *)(long)fd))
			die("pthread_create");
		pthread_detach(t);
	}
}

static int dial(void)
{
	int fd = socket(peer->ai_family, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, peer->ai_addr, peer->ai_addrlen)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void *client_conn(void *arg)
{
	long id = (long)arg;
	unsigned char *out = malloc(nbytes), *in = malloc(nbytes);
	long ok = 0;
	size_t i, got = 0;
	int fd;

	if (!out || !in)
		goto done;
	for (i = 0; i < nbytes; i++)
		out[i] = (unsigned char)(i * 31 + id * 7 + (i >> 8));
	for (i = 0; marked && i < nbytes; ) {
		char line[64];
		int len = snprintf(line, sizeof(line), MARKER " %ld %zu\n", id, i);

		memcpy(out + i, line, (size_t)len < nbytes - i ? (size_t)len : nbytes - i);
		i += len;
	}
	fd = dial();
	/* All connections are open at the same time before any data flows. */
	pthread_barrier_wait(&barrier);
	if (fd < 0) {
		fprintf(stderr, "tcpmany: connection %ld: connect: %s\n", id, strerror(errno));
		count(&n_failed);
		goto done;
	}
	if (!full_io(fd, out, nbytes, 1) && !shutdown(fd, SHUT_WR) &&
	    !full_io_n(fd, in, nbytes, 0, &got) && !memcmp(in, out, nbytes)) {
		ok = 1;
	} else if (memcmp(in, out, got)) {
		/* What did arrive must be what was sent: never altered. */
		fprintf(stderr, "tcpmany: connection %ld: data altered\n", id);
		count(&n_altered);
	} else {
		fprintf(stderr, "tcpmany: connection %ld: failed after %zu bytes: %s\n",
			id, got, strerror(errno));
		count(&n_failed);
	}
	end_conn(fd);
done:
	free(out);
	free(in);
	return (void *)ok;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int short_conns(int n)
{
	double t0 = now();
	int i;

	const char *req = marked ? MARKER "\n" : "q";
	size_t len = strlen(req);

	for (i = 0; i < n; i++) {
		char reply[64];
		size_t got = 0;
		int fd = dial();

		if (fd < 0 && keep_going) {
			n_failed++;
			continue;
		}
		if (fd < 0)
			die("connect");
		if (full_io(fd, (void *)req, len, 1) || full_io_n(fd, reply, len, 0, &got) ||
		    memcmp(reply, req, len)) {
			if (memcmp(reply, req, got)) {
				fprintf(stderr, "tcpmany: short connection %d: reply altered\n", i);
				return 3;
			}
			fprintf(stderr, "tcpmany: short connection %d failed\n", i);
			if (!keep_going)
				return 1;
			n_failed++;
		}
		end_conn(fd);
	}
	printf("%.1f connections/s\n", n / (now() - t0));
	if (keep_going)
		printf("%d of %d connections intact, %d failed\n", n - n_failed, n, n_failed);
	return 0;
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST };
	const char *listen_port = NULL;
	int c, conns = 0, shorts = 0, i, good = 0;
	pthread_t *t;

	while ((c = getopt(argc, argv, "l:c:b:r:mkz")) != -1) {
		switch (c) {
		case 'l': listen_port = optarg; break;
		case 'c': conns = atoi(optarg); break;
		case 'b': nbytes = strtoul(optarg, NULL, 0); break;
		case 'r': shorts = atoi(optarg); break;
		case 'm': marked = 1; break;
		case 'k': keep_going = 1; break;
		case 'z': rst_close = 1; break;
		default: goto usage;
		}
	}
	if (listen_port)
		serve(listen_port);
	if (optind + 2 != argc || (!conns && !shorts))
		goto usage;
	if (getaddrinfo(argv[optind], argv[optind + 1], &hints, &peer))
		goto usage;
	if (shorts)
		return short_conns(shorts);
	barrier_count = conns;
	pthread_barrier_init(&barrier, NULL, barrier_count);
	t = calloc(conns, sizeof(*t));
	for (i = 0; i < conns; i++)
		if (pthread_create(&t[i], NULL, client_conn, (void *)(long)i))
			die("pthread_create");
	for (i = 0; i < conns; i++) {
		void *r;

		pthread_join(t[i], &r);
		good += r != NULL;
	}
	printf("%d of %d connections intact, %d failed, %d altered\n", good, conns,
	       n_failed, n_altered);
	if (n_altered)
		return 3;
	return good == conns || keep_going ? 0 : 1;
usage:
	fprintf(stderr, "usage: tcpmany [-z] -l PORT | tcpmany HOST PORT (-c N [-b BYTES] | -r N) [-m] [-k] [-z]\n");
	return 2;
}
