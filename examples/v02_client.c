// SPDX-License-Identifier: GPL-2.0
/*
 * v02_client: a program written against tcpcryptd 0.2's libtcpcrypt API,
 * as v0.2 documented it, which builds unchanged against this project's
 * libtcpcrypt and runs on the kernel module.
 *
 *   v02_client IPV4-ADDRESS PORT
 *
 * Demands encryption, connects, reads the session ID with
 * tcpcrypt_getsockopt(TCP_CRYPT_SESSID) and looks the connection up with
 * tcpcrypt_getsessid() (root only here), prints both and fails unless they
 * agree. Exit status: 0 agreed, 1 error.
 *
 * Build: cc $(pkg-config --cflags libtcpcrypt) -o v02_client examples/v02_client.c \
 *	      $(pkg-config --libs libtcpcrypt)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tcpcrypt/tcpcrypt.h>

int main(int argc, char **argv)
{
	unsigned char sid[TCPCRYPT_SID_MAXLEN];
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sid);
	char hex[2 * TCPCRYPT_SID_MAXLEN + 1], *looked_up;
	int s, on = 1;
	unsigned int i;

	if (argc != 3 || !inet_aton(argv[1], &sin.sin_addr)) {
		fprintf(stderr, "usage: v02_client IPV4-ADDRESS PORT\n");
		return 1;
	}
	sin.sin_port = htons(atoi(argv[2]));

	s = socket(PF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	/* v0.2: CMODE 1 = encrypt or fail; set before connecting. */
	if (tcpcrypt_setsockopt(s, IPPROTO_TCP, TCP_CRYPT_CMODE, &on, sizeof(on))) {
		perror("tcpcrypt_setsockopt(TCP_CRYPT_CMODE)");
		return 1;
	}
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("connect");
		return 1;
	}
	if (tcpcrypt_getsockopt(s, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len)) {
		perror("tcpcrypt_getsockopt(TCP_CRYPT_SESSID)");
		return 1;
	}
	for (i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02X", sid[i]);
	hex[2 * len] = '\0';
	printf("getsockopt session %s\n", hex);

	looked_up = tcpcrypt_getsessid(argv[1], ntohs(sin.sin_port), NULL, 0);
	if (!looked_up) {
		perror("tcpcrypt_getsessid");
		return 1;
	}
	printf("getsessid session %s\n", looked_up);
	if (strcasecmp(hex, looked_up)) {
		fprintf(stderr, "v02_client: the two session IDs differ\n");
		return 1;
	}
	close(s);
	return 0;
}
