// SPDX-License-Identifier: GPL-2.0
/*
 * sessid: connect with tcpcrypt and print the session ID.
 *
 *   sessid [-r] HOST PORT
 *
 * An application that binds tcpcrypt to its own authentication does what
 * this one does: attach the "tcpcrypt" ULP before connect(), then read
 * TCP_CRYPT_SESSID (which waits for the handshake) and compare it with
 * what the peer saw, over a channel it trusts. With -r the connection must
 * be encrypted (TCP_CRYPT_CMODE_ALWAYS): connect() fails rather than go on
 * in plaintext.
 *
 * Build: cc -I include/uapi -o sessid examples/sessid.c
 * Exit status: 0 encrypted, 1 error, 3 connected but not encrypted.
 */
#include <errno.h>
#include <linux/tcpcrypt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static const char *pubkey_name(unsigned int id)
{
	switch (id) {
	case TCP_CRYPT_PK_X25519:	return "x25519";
	case TCP_CRYPT_PK_P256:		return "p256";
	case TCP_CRYPT_PK_RSA3:		return "rsa3";
	case 0:				return "none (resumed)";
	default:			return "unknown";
	}
}

static const char *suite_name(unsigned int id)
{
	switch (id) {
	case TCP_CRYPT_SYM_CHACHA20_HMAC: return "chacha20-hmac-sha256";
	case TCP_CRYPT_SYM_AES128_HMAC:	return "aes128-hmac-sha256";
	default:			return "unknown";
	}
}

int main(int argc, char **argv)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	unsigned char sid[TCP_CRYPT_SESSID_LEN];
	struct tcp_crypt_conf conf;
	socklen_t len;
	int require = 0, fd = -1, err, i;

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
		if (setsockopt(fd, IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME,
			       sizeof(TCP_CRYPT_ULP_NAME))) {
			fprintf(stderr, "sessid: tcpcrypt is not available: %s%s\n",
				strerror(errno), errno == ENOENT ?
				" (load the module: modprobe tcpcrypt)" : "");
			return 1;
		}
		if (require) {
			int mode = TCP_CRYPT_CMODE_ALWAYS;

			if (setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CMODE, &mode,
				       sizeof(mode))) {
				perror("sessid: TCP_CRYPT_CMODE");
				return 1;
			}
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

	len = sizeof(sid);
	if (getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len)) {
		if (errno == ENODATA) {
			printf("not encrypted: the peer does not speak tcpcrypt\n");
			return 3;
		}
		perror("sessid: TCP_CRYPT_SESSID");
		return 1;
	}
	len = sizeof(conf);
	if (getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CONF, &conf, &len)) {
		perror("sessid: TCP_CRYPT_CONF");
		return 1;
	}
	printf("session ");
	for (i = 0; i < TCP_CRYPT_SESSID_LEN; i++)
		printf("%02x", sid[i]);
	printf("\ncipher %s, suite %s%s\n", pubkey_name(conf.pubkey),
	       suite_name(conf.suite), conf.resumed ? ", resumed" : "");
	close(fd);
	return 0;
}
