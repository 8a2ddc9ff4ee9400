// SPDX-License-Identifier: GPL-2.0
/*
 * sessid_server: accept connections and print each client's session ID.
 *
 *   sessid_server [-r] [-n COUNT] PORT
 *
 * Listens on PORT (IPv6 and IPv4) with the "tcpcrypt" ULP attached, which
 * every accepted socket inherits; for each client prints one line
 *
 *   ADDRESS session HEX		(or: ADDRESS not encrypted)
 *
 * sends the same line to the client and closes when the client does. With
 * -r plaintext clients are refused (TCP_CRYPT_CMODE_ALWAYS on the
 * listener); with -n it exits after COUNT clients.
 *
 * Build: cc $(pkg-config --cflags libtcpcrypt) -o sessid_server \
 *	      examples/sessid_server.c $(pkg-config --libs libtcpcrypt)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libtcpcrypt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void serve(int fd, const struct sockaddr_in6 *peer)
{
	char addr[INET6_ADDRSTRLEN], sid[TCPCRYPT_SESSID_HEX_LEN], line[160], c;
	int n;

	inet_ntop(AF_INET6, &peer->sin6_addr, addr, sizeof(addr));
	if (!tcpcrypt_sessid_hex(fd, sid, sizeof(sid)))
		n = snprintf(line, sizeof(line), "%s session %s\n", addr, sid);
	else if (errno == ENODATA)
		n = snprintf(line, sizeof(line), "%s not encrypted\n", addr);
	else
		n = snprintf(line, sizeof(line), "%s error: %s\n", addr, strerror(errno));
	fputs(line, stdout);
	fflush(stdout);
	if (write(fd, line, n) != n)
		perror("sessid_server: write");
	/* Until the client closes: its own look at the session comes first. */
	while (read(fd, &c, 1) > 0)
		;
	close(fd);
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 };
	int opt, require = 0, count = -1, one = 1, fd, c;
	socklen_t len;
	char *end;

	while ((opt = getopt(argc, argv, "rn:")) != -1) {
		if (opt == 'r') {
			require = 1;
		} else if (opt == 'n') {
			count = strtol(optarg, &end, 10);
			if (*end || count < 1)
				goto usage;
		} else {
			goto usage;
		}
	}
	if (optind != argc - 1)
		goto usage;
	sa.sin6_port = htons(strtoul(argv[optind], &end, 10));
	if (*end || !sa.sin6_port)
		goto usage;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one))) {
		perror("sessid_server: socket");
		return 1;
	}
	/* Before listen(): accepted sockets take the listener's settings. */
	if (require ? tcpcrypt_require(fd) : tcpcrypt_attach(fd)) {
		perror("sessid_server: tcpcrypt");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16)) {
		perror("sessid_server: bind/listen");
		return 1;
	}
	while (count) {
		len = sizeof(sa);
		c = accept(fd, (struct sockaddr *)&sa, &len);
		if (c < 0) {
			perror("sessid_server: accept");
			return 1;
		}
		serve(c, &sa);
		if (count > 0)
			count--;
	}
	close(fd);
	return 0;
usage:
	fprintf(stderr, "usage: sessid_server [-r] [-n COUNT] PORT\n");
	return 1;
}
