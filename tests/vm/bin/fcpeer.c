// SPDX-License-Identifier: GPL-2.0
/*
 * fcpeer: the end points of the fail-closed tests (fc_*.sh).
 *
 *   fcpeer -l PORT [-a] [-o FILE] [-t SECS]
 *	accept one connection (IPv4 or IPv6), echo everything back, write it
 *	to FILE too, until EOF
 *   fcpeer HOST PORT [-a] [-n COUNT] [-i MS] [-o FILE] [-t SECS]
 *	connect, send COUNT marker lines ("TCPCRYPT-PLAINTEXT-MARKER" and a
 *	counter, 64 bytes each; default 20) one every MS milliseconds
 *	(default 100), half-close and read until EOF; every byte must come
 *	back (the peer echoes); what comes back is written to FILE if given
 *
 *   -a  attach the "tcpcrypt" ULP and require tcpcrypt (TCP_CRYPT_CMODE
 *       ALWAYS); a client, and a server on the accepted socket, then
 *       checks that the session is encrypted
 *   -t  give up after SECS seconds (default 30)
 *
 * Exit status: 0 all done; 2 connect() refused; 3 connection reset or
 * aborted (also when a required socket's handshake failed after
 * connect() returned); 4 the echo came back short (or long); 5 timeout; 6 connected
 * in plaintext although -a required tcpcrypt; 1 other errors.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/tcpcrypt.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static int code_of(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return 2;
	case ECONNRESET:
	case ECONNABORTED:
	case EPIPE:
		return 3;
	case ETIMEDOUT:
		return 5;
	default:
		return 1;
	}
}

static void die(const char *what)
{
	int e = errno;

	fprintf(stderr, "fcpeer: %s: %s\n", what, strerror(e));
	exit(code_of(e));
}

static void on_alarm(int sig)
{
	static const char msg[] = "fcpeer: timeout\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(5);
	_exit(5);
}

static void require(int s)
{
	int mode = TCP_CRYPT_CMODE_ALWAYS;

	if (setsockopt(s, IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME,
		       sizeof(TCP_CRYPT_ULP_NAME)))
		die("setsockopt(TCP_ULP)");
	if (setsockopt(s, IPPROTO_TCP, TCP_CRYPT_CMODE, &mode, sizeof(mode)))
		die("setsockopt(TCP_CRYPT_CMODE)");
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

static void check_crypt(int s);

static int serve(int port, int req, const char *out)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int one = 1, zero = 0, ls, cs, fd = -1;
	unsigned long long total = 0;
	char buf[16384];
	ssize_t n;

	sa.sin6_port = htons(port);
	sa.sin6_addr = in6addr_any;
	ls = socket(AF_INET6, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)))
		die("setsockopt(IPV6_V6ONLY)");
	if (req)
		require(ls);
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	if (listen(ls, 16))
		die("listen");
	cs = accept(ls, NULL, NULL);
	if (cs < 0)
		die("accept");
	fprintf(stderr, "fcpeer: accepted\n");
	/* A required listener must not hand out a plain connection. */
	if (req)
		check_crypt(cs);
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
		if (fd >= 0)
			write_all(fd, buf, n);
		write_all(cs, buf, n);
		total += n;
	}
	fprintf(stderr, "fcpeer: received and echoed %llu bytes\n", total);
	if (shutdown(cs, SHUT_WR))
		die("shutdown");
	if (fd >= 0 && close(fd))
		die("close");
	close(cs);
	close(ls);
	return 0;
}

static void check_crypt(int s)
{
	unsigned char sid[TCP_CRYPT_SESSID_LEN];
	socklen_t len = sizeof(sid), tl = sizeof(struct tcp_info);
	struct tcp_info ti;
	int e, gone = 0;

	if (!getsockopt(s, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len)) {
		fprintf(stderr, "fcpeer: encrypted, session %02x%02x%02x%02x...\n",
			sid[0], sid[1], sid[2], sid[3]);
		return;
	}
	/*
	 * A connection the module aborted (its handshake failed) is not a
	 * plain one: report it as reset. Plain means alive and without keys.
	 */
	e = errno;
	if (getsockopt(s, IPPROTO_TCP, TCP_INFO, &ti, &tl) == 0 &&
	    ti.tcpi_state != TCP_ESTABLISHED && ti.tcpi_state != TCP_CLOSE_WAIT)
		gone = 1;
	errno = e;
	if (gone || errno == ECONNABORTED || errno == ECONNRESET || errno == ENOTCONN ||
	    errno == EPIPE) {
		fprintf(stderr, "fcpeer: required tcpcrypt, connection gone: %s\n",
			strerror(errno));
		exit(3);
	}
	fprintf(stderr, "fcpeer: required tcpcrypt, but not encrypted: %s\n",
		strerror(errno));
	exit(6);
}

static int client(const char *host, const char *port, int req, int count,
		  int ms, const char *out)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICHOST };
	unsigned long long sent = 0, got = 0;
	struct addrinfo *ai;
	struct timespec next;
	char buf[16384], line[80];
	int s, err, i = 0, eof = 0, fd = -1;

	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "fcpeer: %s: %s\n", host, gai_strerror(err));
		return 1;
	}
	s = socket(ai->ai_family, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	if (req)
		require(s);
	if (connect(s, ai->ai_addr, ai->ai_addrlen))
		die("connect");
	freeaddrinfo(ai);
	fprintf(stderr, "fcpeer: connected\n");
	if (req)
		check_crypt(s);
	if (out) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			die(out);
	}
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!eof) {
		struct pollfd pf = { .fd = s, .events = POLLIN };
		struct timespec now;
		int wait_ms = -1;
		ssize_t n;

		if (i < count) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			wait_ms = (next.tv_sec - now.tv_sec) * 1000 +
				  (next.tv_nsec - now.tv_nsec) / 1000000;
			if (wait_ms <= 0) {
				snprintf(line, sizeof(line),
					 "TCPCRYPT-PLAINTEXT-MARKER %037d\n", i);
				write_all(s, line, 64);
				sent += 64;
				if (++i == count && shutdown(s, SHUT_WR))
					die("shutdown");
				next.tv_nsec += ms * 1000000L;
				next.tv_sec += next.tv_nsec / 1000000000L;
				next.tv_nsec %= 1000000000L;
				continue;
			}
		}
		if (poll(&pf, 1, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (!(pf.revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(s, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		if (n == 0) {
			eof = 1;
			break;
		}
		if (fd >= 0)
			write_all(fd, buf, n);
		got += n;
	}
	if (i < count) {
		fprintf(stderr, "fcpeer: EOF after %d of %d lines\n", i, count);
		return 4;
	}
	close(s);
	if (fd >= 0 && close(fd))
		die("close");
	fprintf(stderr, "fcpeer: sent %llu bytes, %llu echoed\n", sent, got);
	return got == sent ? 0 : 4;
}

int main(int argc, char **argv)
{
	int c, req = 0, count = 20, ms = 100, secs = 30, port = -1;
	const char *out = NULL;

	while ((c = getopt(argc, argv, "l:ao:t:n:i:")) != -1) {
		switch (c) {
		case 'l':
			port = atoi(optarg);
			break;
		case 'a':
			req = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			secs = atoi(optarg);
			break;
		case 'n':
			count = atoi(optarg);
			break;
		case 'i':
			ms = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	alarm(secs);
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (port > 0 && optind == argc)
		return serve(port, req, out);
	if (port < 0 && optind + 2 == argc && count > 0 && ms >= 0)
		return client(argv[optind], argv[optind + 1], req, count, ms, out);
usage:
	fprintf(stderr, "usage: fcpeer -l PORT [-a] [-o FILE] [-t SECS]\n"
		"       fcpeer HOST PORT [-a] [-n COUNT] [-i MS] [-o FILE] [-t SECS]\n");
	return 1;
}
