// SPDX-License-Identifier: GPL-2.0
/*
 * tcpcat: the TCP end points of the VM tests.
 *
 *   tcpcat -l PORT [-o FILE]             accept one connection, write what
 *                                        arrives to FILE (or stdout) until EOF
 *   tcpcat HOST PORT [-i FILE] [-r BPS]  connect, send FILE (or stdin), paced
 *                                        at BPS bytes per second if given,
 *                                        then half-close and wait for EOF
 *   tcpcat HOST PORT -s FILE             the same with sendfile(2), so that
 *                                        page-cache pages go out as they are
 *
 * HOST is an IPv4 or IPv6 literal; a listener takes both families.
 * Exits 0 only if every byte was moved; errors name the failing call.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "tcpcat: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		buf += n;
		len -= n;
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int serve(const char *port, const char *out)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int one = 1, zero = 0, ls, cs, fd = 1;
	unsigned long long total = 0;
	char buf[65536];
	ssize_t n;

	sa.sin6_port = htons(atoi(port));
	sa.sin6_addr = in6addr_any;
	ls = socket(AF_INET6, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)))
		die("setsockopt(IPV6_V6ONLY)");
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	if (listen(ls, 16))
		die("listen");
	cs = accept(ls, NULL, NULL);
	if (cs < 0)
		die("accept");
	if (out) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			die(out);
	}
	while ((n = read(cs, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		write_all(fd, buf, n);
		total += n;
	}
	if (out && close(fd))
		die("close");
	fprintf(stderr, "tcpcat: received %llu bytes\n", total);
	close(cs);
	close(ls);
	return 0;
}

static int send_file(const char *host, const char *port, const char *in,
		     double rate, int use_sendfile)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICHOST };
	unsigned long long total = 0;
	struct addrinfo *ai;
	char buf[16384];
	int s, fd = 0, err;
	double start;
	ssize_t n;

	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "tcpcat: %s: %s\n", host, gai_strerror(err));
		return 1;
	}
	s = socket(ai->ai_family, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	if (connect(s, ai->ai_addr, ai->ai_addrlen))
		die("connect");
	freeaddrinfo(ai);
	if (in) {
		fd = open(in, O_RDONLY);
		if (fd < 0)
			die(in);
	}
	start = now();
	if (use_sendfile) {
		struct stat st;
		off_t off = 0;

		if (fstat(fd, &st))
			die("fstat");
		while (off < st.st_size) {
			n = sendfile(s, fd, &off, st.st_size - off);
			if (n < 0 && errno != EINTR)
				die("sendfile");
		}
		total = off;
		goto sent;
	}
	/* Small reads when pacing, so that the rate holds at fine grain. */
	while ((n = read(fd, buf, rate > 0 ? 1024 : sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		write_all(s, buf, n);
		total += n;
		if (rate > 0) {
			double ahead = total / rate - (now() - start);

			if (ahead > 0)
				usleep(ahead * 1e6);
		}
	}
sent:
	if (shutdown(s, SHUT_WR))
		die("shutdown");
	while ((n = read(s, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
	}
	close(s);
	fprintf(stderr, "tcpcat: sent %llu bytes\n", total);
	return 0;
}

int main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *listen_port = NULL;
	double rate = 0;
	int c, use_sendfile = 0;

	while ((c = getopt(argc, argv, "l:o:i:r:s:")) != -1) {
		switch (c) {
		case 'l':
			listen_port = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'i':
			in = optarg;
			break;
		case 'r':
			rate = atof(optarg);
			break;
		case 's':
			in = optarg;
			use_sendfile = 1;
			break;
		default:
			goto usage;
		}
	}
	if (listen_port && optind == argc)
		return serve(listen_port, out);
	if (!listen_port && optind + 2 == argc)
		return send_file(argv[optind], argv[optind + 1], in, rate,
				 use_sendfile);
usage:
	fprintf(stderr, "usage: tcpcat -l PORT [-o FILE] | tcpcat HOST PORT [-i FILE] [-r BYTES_PER_SEC] [-s FILE]\n");
	return 2;
}
