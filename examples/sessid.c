// SPDX-License-Identifier: GPL-2.0
/*
 * sessid: connect with tcpcrypt and print the session ID.
 *
 *   sessid [-r] HOST PORT
 *
 * An application that binds tcpcrypt to its own authentication does what
 * this one does: attach the "tcpcrypt" ULP before connect(), then read the
 * session ID (which waits for the handshake) and compare it with what the
 * peer saw, over a channel it trusts (examples/chanbind.c does that with a
 * shared secret). With -r the connection must be encrypted
 * (TCP_CRYPT_CMODE_ALWAYS): connect() fails rather than go on in plaintext.
 *
 * Build: cc -I lib/include -I include/uapi -o sessid examples/sessid.c \
 *	      lib/libtcpcrypt.a    (installed: $(pkg-config --cflags --libs libtcpcrypt))
 * Exit status: 0 encrypted, 1 error, 3 connected but not encrypted.
 */
#include <errno.h>
#include <libtcpcrypt.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	char sid[TCPCRYPT_SESSID_HEX_LEN];
	struct tcp_crypt_conf conf;
	const char *pk;
	int require = 0, fd = -1, err;

	if (argc == 4 && !strcmp(argv[1], "-r")) {
		require = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: sessid [-r] HOST PORT\n");
		return 1;
	}
	err = getaddrinfo(argv[1], argv[2], &hints, &ai);
	if (err) {
		fprintf(stderr, "sessid: %s: %s\n", argv[1], gai_strerror(err));
		return 1;
	}
	for (a = ai; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd < 0)
			continue;
		/* Before connect(), so that the settings steer the handshake. */
		if (require ? tcpcrypt_require(fd) : tcpcrypt_attach(fd)) {
			fprintf(stderr, "sessid: tcpcrypt is not available: %s%s\n",
				strerror(errno), errno == ENOENT ?
				" (load the module: modprobe tcpcrypt)" : "");
			return 1;
		}
		if (!connect(fd, a->ai_addr, a->ai_addrlen))
			break;
		fprintf(stderr, "sessid: connect: %s\n", strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		return 1;

	if (tcpcrypt_sessid_hex(fd, sid, sizeof(sid))) {
		if (errno == ENODATA) {
			printf("not encrypted: the peer does not speak tcpcrypt\n");
			return 3;
		}
		perror("sessid: session ID");
		return 1;
	}
	if (tcpcrypt_conf(fd, &conf)) {
		perror("sessid: TCP_CRYPT_CONF");
		return 1;
	}
	/* A resumed session has no public-key cipher of its own. */
	pk = conf.resumed ? "none" : tcpcrypt_pubkey_name(conf.pubkey);
	printf("session %s\ncipher %s, suite %s%s\n", sid, pk ? pk : "unknown",
	       tcpcrypt_suite_name(conf.suite) ?: "unknown",
	       conf.resumed ? ", resumed" : "");
	close(fd);
	return 0;
}
